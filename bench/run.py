"""Benchmark the archive end to end against a naive Whoosh baseline and SQLite FTS5, on the same
articles in one run, and write the figures to docs/performance.md.

    python bench/run.py                                  # 10k import; 10k and 100k archives
    python bench/run.py --docs 1000 --scale 1000         # a quick check (a few minutes)
    python bench/run.py --skip-100k                      # everything but the 100k archive

Stages, each engine in its own process (so peak memory is that process's own):
1. import: the articles as .txt files + sidecars through `archive import`; the baselines read
   the same articles from JSON Lines and index them (read -> parse -> index);
2. per archive size in --scale (bigger sizes replicate the articles under new ids, grown from
   the previous size by importing chunks, as a user would): warm search over the queries in one
   process, cold search as new processes, facet counts for the broadest word, and --repeat
   incremental imports of 10 new articles.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import corpus
import report
import measure
from measure import archive_command, dir_size_mb, python_child, run_child, summary_ms

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "fang-covid-20k.jsonl.gz"
BASELINES = ("whoosh", "fts5")
INCREMENT = 10
# Counts as the import prints them: "9,986 added" (thousands separated by commas).
SUMMARY = re.compile(r"(\d[\d,]*) (added|updated|unchanged|failed)")


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="JSON Lines (.gz) with id, url, date, source, header, article.")
    parser.add_argument("--docs", type=int, default=10_000, help="Articles to import.")
    parser.add_argument("--scale", default="10000,100000",
                        help="Archive sizes for search, facets and incremental imports.")
    parser.add_argument("--skip-100k", action="store_true", help="Drop sizes above 50,000.")
    parser.add_argument("--queries", type=int, default=200, help="Queries for warm search.")
    parser.add_argument("--cold", type=int, default=20, help="Queries run as new processes.")
    parser.add_argument("--repeat", type=int, default=20, help="Incremental imports per size.")
    parser.add_argument("--chunk", type=int, default=10_000,
                        help="Articles per `archive import` when growing to a bigger size.")
    parser.add_argument("--workdir", type=Path, help="Keep files and indexes here (default: temp).")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "performance.md")
    parser.add_argument("--render", type=Path, metavar="RESULTS_JSON",
                        help="Only rewrite --out from the results.json of an earlier run.")
    parser.add_argument("--profile", type=int, default=1000,
                        help="Articles to import under cProfile (0: no profile).")
    parser.add_argument("--no-baseline-scale", action="store_true",
                        help="Build baselines only at --docs, not at bigger sizes.")
    options = parser.parse_args(argv)
    options.scales = sorted({int(value) for value in options.scale.split(",") if value.strip()})
    if options.skip_100k:
        options.scales = [size for size in options.scales if size <= 50_000]
    if any(size < options.docs for size in options.scales):
        parser.error("every --scale size must be at least --docs")
    return options


def command_line(argv: list[str]) -> str:
    """The command as typed, with paths relative to the repository and the work folder
    (a scratch place of no consequence) shown as DIR."""
    words = ["python", "bench/run.py"]
    for word in argv:
        if words[-1] == "--workdir" or word.startswith("--workdir="):
            word = "--workdir=DIR" if word.startswith("--workdir=") else "DIR"
        elif word.startswith("/") and Path(word).exists():
            word = os.path.relpath(word, REPO)
        words.append(word)
    return " ".join(words)


LOAD: list[float] = []


def log(message: str) -> None:
    """Progress on stderr; also samples the machine's load (others' work skews figures)."""
    LOAD.append(os.getloadavg()[0])
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- import


def import_archive(home: Path, folder: Path) -> dict[str, object]:
    """`archive import` of a folder as one new process: wall time, peak RSS, its counts.

    Exit status 1 means some files failed (e.g. no article text found): they are counted and
    reported, not fatal; anything else is."""
    run = run_child(archive_command() + ["--home", str(home), "import", "-q", str(folder)],
                    check=False)
    counts = dict((name, int(number.replace(",", "")))
                  for number, name in SUMMARY.findall(run.stdout))
    if run.returncode not in (0, 1) or "added" not in counts:
        raise RuntimeError(f"archive import exited {run.returncode}:\n{run.stderr[-3000:]}")
    return {"seconds": run.seconds, "peak_mb": run.peak_mb, "tree_peak_mb": run.tree_peak_mb,
            "summary": run.stdout.strip(),
            "added": counts["added"], "failed": counts.get("failed", 0),
            "failures": run.stderr.strip().splitlines()[:20]}


def build_baseline(engine: str, index: Path, jsonl: Path) -> dict[str, object]:
    """A baseline index built by a worker process."""
    if index.exists():
        shutil.rmtree(index)
    run = run_child(python_child("engines.py", "build", "--engine", engine, "--index", str(index),
                                 "--jsonl", str(jsonl)))
    return run.json() | {"process_seconds": run.seconds, "process_peak_mb": run.peak_mb}


def import_stage(articles: list[corpus.Article], work: Path) -> dict[str, object]:
    """Import the articles into the archive and both baselines; return rates and memory."""
    size = sum(article.text_bytes for article in articles)
    folder = work / "files" / "base"
    log(f"writing {len(articles)} import files")
    corpus.write_import_files(articles, folder)
    jsonl = corpus.write_jsonl(articles, work / "base.jsonl")
    log("importing into the archive")
    result: dict[str, dict] = {"archive": import_archive(work / f"archive-{len(articles)}", folder)}
    result["archive"]["index_mb"] = dir_size_mb(work / f"archive-{len(articles)}" / "whoosh")
    result["archive"]["store_mb"] = dir_size_mb(work / f"archive-{len(articles)}") \
        - result["archive"]["index_mb"]
    for engine in BASELINES:
        log(f"building the {engine} baseline")
        result[engine] = build_baseline(engine, work / f"{engine}-{len(articles)}", jsonl)
    for engine, values in result.items():
        values["docs"] = values.get("added", len(articles))
        values["mb"] = size / 1e6
        values["docs_per_s"] = values["docs"] / values["seconds"]
        values["mb_per_s"] = size / 1e6 / values["seconds"]
    return result


# ---------------------------------------------------------------- archives of each size


def grow_archive(home: Path, seed_home: Path, articles: list[corpus.Article], start: int,
                 chunk: int, work: Path) -> dict[str, object]:
    """Copy the archive of `start` articles and import the rest in chunks of `chunk`."""
    if home.exists():
        shutil.rmtree(home)
    shutil.copytree(seed_home, home)
    chunks = []
    for first in range(start, len(articles), chunk):
        folder = work / "files" / f"grow-{len(articles)}-{first}"
        corpus.write_import_files(articles[first:first + chunk], folder)
        log(f"growing to {len(articles)}: importing articles {first}..{first + chunk}")
        chunks.append(import_archive(home, folder))
        shutil.rmtree(folder)
    seconds = sum(item["seconds"] for item in chunks)
    added = sum(item["added"] for item in chunks)
    return {"from": start, "chunks": chunks, "seconds": seconds, "added": added,
            "failed": sum(item["failed"] for item in chunks),
            "docs_per_s": added / seconds if seconds else None,
            "peak_mb": max((item["peak_mb"] for item in chunks), default=None),
            "tree_peak_mb": max((item["tree_peak_mb"] for item in chunks), default=None)}


def read_into_page_cache(index: Path) -> None:
    """Read every file of an index once, so each engine is searched with its files in the OS page
    cache, as an archive in daily use is. Without it the engine built last (its files just
    written) had the advantage: the archive's 100k index, written before the baselines' builds,
    was read back from disk during its warm battery (median 199 ms against 98 ms when cached)."""
    for path in sorted(index.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                while handle.read(1 << 20):
                    pass


def warm_search(engine: str, index: Path, queries_file: Path, broad: str) -> dict[str, object]:
    """The warm battery in a new process; summarised."""
    read_into_page_cache(index)
    run = run_child(python_child("engines.py", "warm", "--engine", engine, "--index", str(index),
                                 "--queries", str(queries_file), "--broad", broad))
    data = run.json()
    hits = data.pop("hits")
    latencies = [value / 1000 for value in data.pop("latencies_ms")]
    return data | {"top10": summary_ms(latencies), "avg_hits": sum(hits) / len(hits),
                   "broad_top10": summary_ms([v / 1000 for v in data.pop("broad_top10_ms")]),
                   "broad_facets": summary_ms([v / 1000 for v in data.pop("broad_facets_ms")]),
                   "broad_counts": data.pop("broad_facets"), "process_peak_mb": run.peak_mb}


def cold_search(engine: str, index: Path, queries: list[str], facets: bool = False) -> dict[str, object]:
    """Each query as a new process (`archive search` for the archive): wall time, peak RSS."""
    read_into_page_cache(index)
    runs = []
    for text in queries:
        if engine == "archive":
            argv = archive_command() + ["--home", str(index), "search", *text.split(),
                                        "--format", "json"] + (["--facets"] if facets else [])
        else:
            argv = python_child("engines.py", "cold", "--engine", engine, "--index", str(index),
                                "--query", text)
        runs.append(run_child(argv))
    return summary_ms([run.seconds for run in runs]) | {"peak_mb": max(run.peak_mb for run in runs)}


def incremental(engine: str, index: Path, batches: list[tuple[Path, Path]]) -> dict[str, object]:
    """Import each batch of new articles as a new process; wall times summarised."""
    times, peaks = [], []
    for folder, jsonl in batches:
        if engine == "archive":
            run = run_child(archive_command() + ["--home", str(index), "import", "-q", str(folder)],
                            check=False)
            if run.returncode not in (0, 1):
                raise RuntimeError(f"archive import exited {run.returncode}:\n{run.stderr[-3000:]}")
        else:
            run = run_child(python_child("engines.py", "add", "--engine", engine, "--index",
                                         str(index), "--jsonl", str(jsonl)))
        times.append(run.seconds)
        peaks.append(run.peak_mb)
    return summary_ms(times) | {"seconds": times, "peak_mb": max(peaks)}


def exhaustive(home: Path, queries_file: Path, work: Path) -> dict[str, object]:
    """bench/exhaustive.py on the archive: queries whose top 10 equals Whoosh's exhaustive
    ranking (documents, order, scores to 1e-9)."""
    target = work / f"exhaustive-{home.name}.json"
    run_child(python_child("exhaustive.py", "--home", str(home), "--queries", str(queries_file),
                           "--out", str(target)))
    return json.loads(target.read_text(encoding="utf-8"))


def write_batches(fresh: list[corpus.Article], folder: Path) -> list[tuple[Path, Path]]:
    """Batches of INCREMENT new articles as import folders and as JSON Lines."""
    batches = []
    for number, first in enumerate(range(0, len(fresh), INCREMENT)):
        batch = fresh[first:first + INCREMENT]
        target = folder / f"round-{number:02d}"
        corpus.write_import_files(batch, target)
        batches.append((target, corpus.write_jsonl(batch, folder / f"round-{number:02d}.jsonl")))
    return batches


def measure_size(size: int, homes: dict[str, Path], queries: list[str], broad: str,
                 fresh: list[corpus.Article], options: argparse.Namespace,
                 work: Path) -> dict[str, object]:
    """Warm, cold, facets and incremental imports on the archives of one size."""
    queries_file = work / "queries.json"
    cold_queries = queries[::max(1, len(queries) // options.cold)][:options.cold]
    result: dict[str, object] = {"docs": size}
    for engine, index in homes.items():
        log(f"{size}: warm search, {engine}")
        result[f"warm_{engine}"] = warm_search(engine, index, queries_file, broad)
    for engine, index in homes.items():
        log(f"{size}: cold search, {engine}")
        result[f"cold_{engine}"] = cold_search(engine, index, cold_queries)
    log(f"{size}: top 10 against an exhaustive ranking, archive")
    result["exhaustive_archive"] = exhaustive(homes["archive"], queries_file, work)
    log(f"{size}: cold search with facets, archive")
    result["cold_facets_archive"] = cold_search("archive", homes["archive"], [broad] * 3, True)
    batches = write_batches(fresh, work / "files" / f"increment-{size}")
    for engine, index in homes.items():
        log(f"{size}: incremental imports, {engine}")
        result[f"incremental_{engine}"] = incremental(engine, index, batches)
    return result


def run_sizes(base: list[corpus.Article], fresh: list[corpus.Article], queries: list[str],
              broad: str, options: argparse.Namespace, work: Path) -> dict[str, object]:
    """Every size of --scale: build (or grow) the archives, then measure them."""
    results: dict[str, object] = {}
    seed_home, seed_size = work / f"archive-{len(base)}", len(base)
    per_size = options.repeat * INCREMENT
    for number, size in enumerate(options.scales):
        articles = list(corpus.replicate(base, size))
        home = work / f"archive-at-{size}"
        entry: dict[str, object] = {}
        if size == seed_size:
            shutil.copytree(seed_home, home)
        else:
            entry["grow"] = grow_archive(home, seed_home, articles, min(seed_size, size),
                                         options.chunk, work)
        homes = {"archive": home}
        jsonl = work / "base.jsonl" if size == len(base) \
            else corpus.write_jsonl(articles, work / f"articles-{size}.jsonl")
        for engine in BASELINES:
            index = work / f"{engine}-at-{size}"
            if size == len(base):
                shutil.copytree(work / f"{engine}-{len(base)}", index)
                homes[engine] = index
            elif not options.no_baseline_scale:
                log(f"{size}: building the {engine} baseline")
                entry[f"build_{engine}"] = build_baseline(engine, index, jsonl)
                homes[engine] = index
        if number + 1 < len(options.scales) and size > seed_size:
            seed_home, seed_size = work / f"seed-{size}", size
            shutil.copytree(home, seed_home)
        fresh_here = fresh[number * per_size:(number + 1) * per_size]
        entry |= measure_size(size, homes, queries, broad, fresh_here, options, work)
        results[str(size)] = entry
        (work / "results-partial.json").write_text(json.dumps(results, indent=1, default=str))
    return results


def git_head() -> str:
    """The commit the working tree is based on (uncommitted changes are in the code digest)."""
    import subprocess

    try:
        return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def profile_import(options: argparse.Namespace, work: Path) -> dict[str, object]:
    """The cProfile buckets of importing --profile articles (in its own process)."""
    target = work / "profile.json"
    run_child(python_child("profile_import.py", "--corpus", str(options.corpus), "--docs",
                           str(options.profile), "--json", str(target)))
    return json.loads(target.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> None:
    """Run every stage and write the report."""
    argv = sys.argv[1:] if argv is None else argv
    options = parse_options(argv)
    if options.render:
        results = json.loads(options.render.read_text(encoding="utf-8"))
        options.out.write_text(report.render(results, options.out), encoding="utf-8")
        print(report.figures_table(results))
        return
    work = options.workdir or Path(tempfile.mkdtemp(prefix="archive-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"working in {work}")
    started = dt.datetime.now()
    code = measure.use_code_snapshot(REPO / "archive", work / "code")
    log(f"measuring a snapshot of the product code (sources {code})")
    everything = corpus.read_corpus(options.corpus)
    base, fresh = corpus.split(everything, options.docs,
                               options.repeat * INCREMENT * len(options.scales))
    queries = corpus.draw_queries(base, options.queries)
    (work / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    broad, broad_docs = corpus.broad_word(base)
    results: dict[str, object] = {
        "command": command_line(argv), "started": started.isoformat(timespec="seconds"),
        "machine": report.machine(), "code": code, "head": git_head(),
        "docs": len(base), "queries": len(queries),
        "broad": broad, "broad_share": broad_docs / len(base),
        "chars_per_article": sum(a.chars for a in base) / len(base)}
    results["import"] = import_stage(base, work)
    (work / "results-import.json").write_text(json.dumps(results, indent=1, default=str))
    results["sizes"] = run_sizes(base, fresh, queries, broad, options, work)
    if options.profile:
        log(f"profiling the import of {options.profile} articles")
        results["profile"] = profile_import(options, work)
    results["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    results["code_at_end"] = measure.source_digest(REPO / "archive")
    results["load"] = {"min": min(LOAD), "max": max(LOAD), "median": sorted(LOAD)[len(LOAD) // 2]}
    (work / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    options.out.write_text(report.render(results, options.out), encoding="utf-8")
    log(f"wrote {options.out} and {work / 'results.json'}")
    print(report.figures_table(results))


if __name__ == "__main__":
    main()

"""Speed of the researcher's commands (`archive trend`, `archive kwic`) over an archive of
real German news articles.

    python bench/research.py build --docs 20000 --workdir DIR
    python bench/research.py measure --workdir DIR
    python bench/research.py toolkit --home DIR [--drawn 30] [--processes 5]
    python bench/research.py sets --home DIR [--repeat 5]

`build` imports the first `--docs` articles of the corpus's seeded shuffle (the same as
bench/run.py) in chunks of `--chunk`, and keeps a copy of the archive after each chunk
(`home-<size>`), so `measure` can show how the times grow with the archive. `measure` runs each
query several times in one process (warm: the index files in the page cache and the modules
loaded, as in daily use) and once as a new process (cold), and prints a Markdown table.

`toolkit` times the commands of the researcher's toolkit on one archive (e.g. 100k articles):
plain search, `search --collapse`, `search --facets --count clusters`, and `trend QUERY --by
month` (alone, `--per outlet`, `--relative`), warm in one process (the library functions the
CLI calls; each variant called once first, unmeasured) as median and p95 wall and CPU time
over the broad words of BROAD and `--drawn` queries drawn from the corpus (1-3 words); then
the same commands as new processes (wall median) for a few of the queries. Each warm call is
timed in three modes, query by query (`--modes`, see `toolkit`): the query's posting lists new
to the process (long lists read from the posting files beside the index), the same with every
list decoded from Whoosh's blocks (the code before the posting files), and the same query
again. `--only trend` times the trend commands alone. `sets` times the match sets of the broad
queries alone, with and without the posting files beside the index.

The corpus is benchmark data only (`../shared/...` relative to the repository root): never
copy it into the repository.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (bench/corpus.py, beside this file)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "fang-covid-20k.jsonl.gz"
# Queries from broad (a large share of the archive) to narrow; the trend is by month.
QUERIES = ["Corona", "Impfstoff", "Lockdown Schule", "Maske", "Querdenker", "Astrazeneca"]


def build(options: argparse.Namespace) -> None:
    """Import the corpus in chunks, keeping a copy of the home after each chunk."""
    work: Path = options.workdir
    articles, _ = corpus.split(corpus.read_corpus(options.corpus), options.docs, 0)
    home = work / "home"
    for start in range(0, options.docs, options.chunk):
        size = min(options.docs, start + options.chunk)
        kept = work / f"home-{size}"
        if kept.exists():
            continue
        folder = work / f"input-{size}"
        if not folder.exists():
            corpus.write_import_files(articles[start:size], folder)
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "archive", "--home", str(home), "import",
                        str(folder)], check=True, stdout=subprocess.DEVNULL)
        print(f"{size} articles: import of {size - start} took "
              f"{time.perf_counter() - began:.0f} s", flush=True)
        shutil.copytree(home, kept)
        shutil.rmtree(folder)


def _warm(function, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """Median milliseconds of `repeat` calls after one unmeasured call."""
    function()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def _cold(home: Path, *arguments: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "archive", "--home", str(home), *arguments],
                   check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - began) * 1000


def measure(options: argparse.Namespace) -> None:
    """Time trend (several shapes) and kwic for each kept archive size."""
    from archive.paths import ArchivePaths
    from archive.research.kwic import KwicRequest, kwic
    from archive.research.trend import TrendRequest, trend
    from archive.search import SearchRequest, search

    homes = sorted(options.workdir.glob("home-*"), key=lambda path: int(path.name[5:]))
    print("| articles | query | matches | search total (ms) | trend by month (ms) | "
          "trend --per outlet --relative (ms) | trend by week (ms) | kwic 100 lines, date (ms) | "
          "trend, new process (ms) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for home in homes:
        paths = ArchivePaths.resolve(str(home))
        for query in options.queries:
            total = search(paths, SearchRequest(query, limit=0, all_words=True)).total
            times = [
                _warm(lambda: search(paths, SearchRequest(query, limit=0, all_words=True)),
                      options.repeat),
                _warm(lambda: trend(paths, TrendRequest(SearchRequest(query), by="month")),
                      options.repeat),
                _warm(lambda: trend(paths, TrendRequest(SearchRequest(query), by="month",
                                                        per="outlet", relative=True)),
                      options.repeat),
                _warm(lambda: trend(paths, TrendRequest(SearchRequest(query), by="week")),
                      options.repeat),
                _warm(lambda: kwic(paths, KwicRequest(SearchRequest(query), sort="date",
                                                      limit=100)), options.repeat),
                _cold(home, "trend", query, "--by", "month"),
            ]
            cells = " | ".join(f"{value:.0f}" for value in times)
            print(f"| {home.name[5:]} | {query} | {total} | {cells} |", flush=True)
    print()
    print(json.dumps({"command": " ".join(sys.argv), "repeat": options.repeat}))


# Words in most of a COVID-19 news archive, and a few narrower ones: the heavy end of the load.
BROAD = ["Corona", "Regierung", "Impfung", "Corona Regierung", "Maske", "Impfstoff",
         "Lockdown Schule", "Querdenker", "Astrazeneca", "Pandemie Deutschland"]


def _toolkit_variants() -> dict[str, object]:
    """Each measured command as (library call of one query, CLI arguments of one query)."""
    from archive.research.trend import TrendRequest, trend
    from archive.search import SearchRequest, search

    return {
        "search": (lambda home, q: search(home, SearchRequest(q)), lambda q: ["search", q]),
        "search --collapse": (lambda home, q: search(home, SearchRequest(q, collapse=True)),
                              lambda q: ["search", q, "--collapse"]),
        "search --facets --count clusters": (
            lambda home, q: search(home, SearchRequest(q, facets=True, count="clusters")),
            lambda q: ["search", q, "--facets", "--count", "clusters"]),
        "trend --by month": (
            lambda home, q: trend(home, TrendRequest(SearchRequest(q), by="month")),
            lambda q: ["trend", q, "--by", "month"]),
        "trend --by month --per outlet": (
            lambda home, q: trend(home, TrendRequest(SearchRequest(q), by="month",
                                                     per="outlet")),
            lambda q: ["trend", q, "--by", "month", "--per", "outlet"]),
        "trend --by month --relative": (
            lambda home, q: trend(home, TrendRequest(SearchRequest(q), by="month",
                                                     relative=True)),
            lambda q: ["trend", q, "--by", "month", "--relative"]),
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _summary(walls: list[float], cpus: list[float], queries: list[str]) -> dict[str, object]:
    return {"median_ms": round(statistics.median(walls), 1),
            "p95_ms": round(_percentile(walls, 0.95), 1),
            "max_ms": round(max(walls), 1),
            "cpu_median_ms": round(statistics.median(cpus), 1),
            "cpu_p95_ms": round(_percentile(cpus, 0.95), 1),
            "cpu_broad_ms": {q: round(t, 1) for q, t in zip(queries, cpus) if q in BROAD[:3]}}


def _forget_queries() -> None:
    """Empty every cache that holds what a query read: decoded postings, a segment's term
    entries and idf values, stems' forms and compounds' near parts (the files and the arrays
    beside the index stay warm)."""
    from archive.index import compile as compiled, positional, postings, segment_caches

    postings.clear_cache()
    segment_caches.clear()
    compiled._FORMS_CACHE.clear()  # noqa: SLF001
    compiled._FORM_TESTS.clear()  # noqa: SLF001
    positional._NEAR_CACHE.clear()  # noqa: SLF001


def toolkit(options: argparse.Namespace) -> None:
    """Warm medians and p95 (wall and CPU) per command and mode, then new-process medians.

    Modes, each query in turn (same run, so ratios between modes hold under any load):
    "new" — a query whose words this process has not read yet (`_forget_queries` before each
    call; files, code and the arrays beside the index are warm; long lists come from the
    posting files); "before" — the same, with the posting files unused,
    every list decoded from Whoosh's blocks as before them; "again" — the same query run
    again right after (its lists decoded)."""
    import os

    from archive.index.posting_files import DISABLED_VARIABLE
    from archive.paths import ArchivePaths
    from archive.search import SearchRequest, search
    from archive.store import Store

    home = ArchivePaths.resolve(str(options.home))
    with Store.open(home.store_file) as store:
        size = store.count()
    queries = BROAD + corpus.draw_queries(corpus.read_corpus(options.corpus), options.drawn)
    result: dict[str, object] = {"command": " ".join(sys.argv), "articles": size,
                                 "queries": len(queries), "load_before": os.getloadavg()[0]}
    result["broad_matches"] = {q: search(home, SearchRequest(q, limit=0, all_words=True)).total
                               for q in BROAD}
    warm: dict[str, object] = {}
    variants = {name: pair for name, pair in _toolkit_variants().items()
                if not options.only or any(name.startswith(word) for word in options.only)}
    for name, (call, _argv) in variants.items():
        call(home, queries[0])  # first call: files opened, caches beside the index filled
        times: dict[str, tuple[list[float], list[float]]] = {
            mode: ([], []) for mode in options.modes}
        for number, query in enumerate(queries):
            # "new" and "before" take turns going first (the first run of a query warms what
            # neither mode is about, e.g. the snippet's analysis of the same articles).
            first = [mode for mode in options.modes if mode != "again"]
            order = first[number % len(first):] + first[:number % len(first)] \
                if first else []
            for mode in order + [mode for mode in options.modes if mode == "again"]:
                if mode != "again":
                    _forget_queries()
                if mode == "before":
                    os.environ[DISABLED_VARIABLE] = "1"
                else:
                    os.environ.pop(DISABLED_VARIABLE, None)
                began, cpu = time.perf_counter(), time.process_time()
                call(home, query)
                times[mode][0].append((time.perf_counter() - began) * 1000)
                times[mode][1].append((time.process_time() - cpu) * 1000)
        os.environ.pop(DISABLED_VARIABLE, None)
        warm[name] = {mode: _summary(walls, cpus, queries)
                      for mode, (walls, cpus) in times.items()}
        print(name, json.dumps(warm[name]), file=sys.stderr, flush=True)
    result["warm"] = warm
    processes: dict[str, object] = {}
    chosen = queries[:3] + queries[len(BROAD):len(BROAD) + max(0, options.processes - 3)]
    for name, (_call, argv) in variants.items():
        if not options.processes:
            break
        walls = [_cold(options.home, *argv(query)) for query in chosen]
        processes[name] = {"median_ms": round(statistics.median(walls), 1), "queries": chosen}
        print(name, processes[name], file=sys.stderr, flush=True)
    result["processes"] = processes
    result["load_after"] = os.getloadavg()[0]
    print(json.dumps(result, indent=1, ensure_ascii=False))


def sets(options: argparse.Namespace) -> None:
    """CPU time of the match set alone (`matching_array`, as a trend computes it) of each
    BROAD query, with the posting files and with every list decoded, same process, taking
    turns; median of `--repeat` calls each, the decoded-postings cache emptied before each."""
    import os

    from archive.index import postings
    from archive.index.compile import compile_query
    from archive.index.docsets import matching_array
    from archive.index.posting_files import DISABLED_VARIABLE
    from archive.index.writer import live_generation, open_index
    from archive.paths import ArchivePaths
    from archive.query.parser import parse

    generation = live_generation(ArchivePaths.resolve(str(options.home)))
    result: dict[str, object] = {"command": " ".join(sys.argv),
                                 "load_before": os.getloadavg()[0]}
    with open_index(generation).searcher() as searcher:
        result["segments"] = len(searcher.reader().leaf_readers())
        for text in BROAD:
            query = compile_query(parse(text), text).query
            matching_array(searcher, query)  # files opened (or written) first, unmeasured
            times: dict[str, list[float]] = {"files": [], "decoded": []}
            for _ in range(options.repeat):
                for mode in times:
                    postings.clear_cache()
                    if mode == "decoded":
                        os.environ[DISABLED_VARIABLE] = "1"
                    cpu = time.process_time()
                    found = matching_array(searcher, query, for_ranking=False)
                    times[mode].append((time.process_time() - cpu) * 1000)
                    os.environ.pop(DISABLED_VARIABLE, None)
            result[text] = {"matches": len(found), **{
                mode: round(statistics.median(values), 1) for mode, values in times.items()}}
            print(text, result[text], file=sys.stderr, flush=True)
    result["load_after"] = os.getloadavg()[0]
    print(json.dumps(result, indent=1, ensure_ascii=False))


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run `build` or `measure`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["build", "measure", "toolkit", "sets"])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--chunk", type=int, default=5000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--home", type=Path, help="toolkit: the archive to time")
    parser.add_argument("--drawn", type=int, default=30, help="toolkit: queries drawn")
    parser.add_argument("--processes", type=int, default=5,
                        help="toolkit: queries run as new processes")
    parser.add_argument("--modes", nargs="+", default=["new", "before", "again"],
                        choices=["new", "before", "again"], help="toolkit: see `toolkit`")
    parser.add_argument("--only", nargs="+", default=[],
                        help="toolkit: only the commands starting with these words")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--queries", nargs="+", default=QUERIES)
    options = parser.parse_args(argv)
    if options.step in ("toolkit", "sets"):
        if options.home is None:
            parser.error(f"{options.step} needs --home")
        toolkit(options) if options.step == "toolkit" else sets(options)
        return
    if options.workdir is None:
        parser.error(f"{options.step} needs --workdir")
    options.workdir.mkdir(parents=True, exist_ok=True)
    build(options) if options.step == "build" else measure(options)


if __name__ == "__main__":
    main()

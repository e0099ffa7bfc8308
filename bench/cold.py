"""Cold search: `archive search` as a new process, beside a naive Whoosh search process, in one
run (issue 14, "Cold start").

    python bench/cold.py --workdir DIR [--docs 2000] [--runs 30] [--snapshot REV ...]

Builds (once per DIR) a small archive of the first --docs articles of the FANG corpus
(../shared/corpora/fang-covid-20k.jsonl.gz) and a naive Whoosh index of the same articles
(bench/engines.py), reads both indexes into the page cache, then runs --runs queries drawn from
the articles, each as a new process of every engine, interleaved query by query so that a change
of load hits all engines alike. Reported per engine: wall and CPU time (user + system of the
child, from `os.wait4`), median and p95, and the same-run ratio to naive Whoosh. On a machine
shared with other work, CPU time and the ratios are the figures to compare.

--snapshot REV (repeatable) adds the archive's code of a git revision as one more engine (its
`archive/` package extracted to DIR and put first on PYTHONPATH), e.g. the code before a change.
The lexicon cache is kept in DIR/cache (DIR/cache-REV for a snapshot, whose cache format may
differ) and bytecode in DIR/pycache, both written by a warm-up process of each engine before
timing ("warm OS cache": a search after the first on a machine with the package installed);
--no-bytecode measures processes that compile every module.

--phases Q [Q ...] measures, instead, where the CPU time of a new `archive search` process goes,
for each archive engine (the current code and every --snapshot): each query runs --runs times
per engine, interleaved, in a child that imports in a fixed order and reads `time.process_time`
between the phases (Python start, click, numpy + Whoosh, the archive's search modules, the
lexicon load, the search itself); the same modules are imported in every version, so the
phases compare. Reported: the median of each phase per engine.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import corpus
from measure import BENCH_DIR, median, p95
from run import read_into_page_cache

REPO = BENCH_DIR.parent
FANG = REPO.parent / "shared" / "corpora" / "fang-covid-20k.jsonl.gz"


# The child of --phases: CPU ms at the end of each phase, printed as JSON on stderr.
PHASES = ("python start", "click", "numpy + Whoosh", "archive modules", "lexicon", "search",
          "total")
PHASES_PROGRAM = """
import json, sys, time
marks = [time.process_time()]
import click
marks.append(time.process_time())
import archive.index, numpy
import whoosh.query, whoosh.index, whoosh.searching, whoosh.reading, whoosh.codec.whoosh3
marks.append(time.process_time())
import archive.cli.reading, archive.search, archive.index.searcher, archive.index.highlight
import archive.output.text, archive.output.machine
marks.append(time.process_time())
from archive.german import lexicon
lexicon.lexicon()
marks.append(time.process_time())
from archive.cli import cli
try:
    cli(["--home", sys.argv[1], "search"] + sys.argv[2:])
except SystemExit:
    pass
marks.append(time.process_time())
phases = [marks[0]] + [after - before for before, after in zip(marks, marks[1:])] + [marks[-1]]
print(json.dumps([round(value * 1000, 2) for value in phases]), file=sys.stderr)
"""


def phases(engines: dict[str, tuple[list[str], dict[str, str]]], home: Path, work: Path,
           queries: list[str], runs: int) -> dict[str, object]:
    """Median CPU ms of each phase (PHASES) per archive engine, `runs` processes per query."""
    samples: dict[str, list[list[float]]] = {name: [] for name in engines}
    for query in queries:
        for _ in range(runs):
            for name, (_, child_env) in engines.items():
                completed = subprocess.run([sys.executable, "-c", PHASES_PROGRAM, str(home),
                                            *query.split()], env=child_env, cwd=work,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                           text=True, check=False)
                if completed.returncode != 0:
                    raise SystemExit(f"{name} failed on {query!r}: {completed.stderr[-300:]}")
                samples[name].append(json.loads(completed.stderr.strip().splitlines()[-1]))
    return {name: {phase: round(median([row[index] for row in rows]), 1)
                   for index, phase in enumerate(PHASES)}
            for name, rows in samples.items()}


def child_run(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    """Run `argv` to completion: (wall seconds, CPU seconds of the child, exit status). `cwd`
    is outside the repository, so `python -m archive` imports the package PYTHONPATH names."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=env, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def build(work: Path, docs: int, env: dict[str, str]) -> tuple[Path, Path, list[corpus.Article]]:
    """The archive home and the naive Whoosh index of the first `docs` FANG articles."""
    articles = corpus.read_corpus(FANG)[:docs]
    home, whoosh_index = work / "archive-home", work / "whoosh"
    if not (work / "archive.done").exists():
        corpus.write_import_files(articles, work / "files")
        subprocess.run([sys.executable, "-m", "archive", "--home", str(home), "import", "-q",
                        str(work / "files")], check=False, env=env)
        (work / "archive.done").write_text("built")
    if not (work / "whoosh.done").exists():
        jsonl = corpus.write_jsonl(articles, work / "articles.jsonl")
        subprocess.run([sys.executable, str(BENCH_DIR / "engines.py"), "build", "--engine",
                        "whoosh", "--index", str(whoosh_index), "--jsonl", str(jsonl)],
                       check=True, stdout=subprocess.DEVNULL, env=env)
        (work / "whoosh.done").write_text("built")
    return home, whoosh_index, articles


def snapshot(work: Path, revision: str) -> Path:
    """The archive package of a git revision, extracted to DIR/snapshot-REV (once)."""
    target = work / f"snapshot-{revision}"
    if not (target / "archive").exists():
        data = subprocess.run(["git", "-C", str(REPO), "archive", revision, "archive"],
                              check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(data)) as archive_tar:
            archive_tar.extractall(target)
    return target


def main() -> None:
    """Measure and print one JSON object (also written to DIR/cold.json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30, help="Queries, each a new process.")
    parser.add_argument("--snapshot", action="append", default=[],
                        help="Also measure the archive code of this git revision.")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="Compile from source in every process (PYTHONDONTWRITEBYTECODE).")
    parser.add_argument("--phases", nargs="+", metavar="QUERY",
                        help="Measure the phases of a cold search for these queries instead.")
    options = parser.parse_args()
    work = options.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, ARCHIVE_CACHE_DIR=str(work / "cache"), NO_COLOR="1")
    if not options.no_bytecode:
        # As an installed package is (pip compiles it): bytecode kept, in DIR/pycache so the
        # repository is not written to. Without it every process compiles the archive's ~70
        # modules from source (PYTHONDONTWRITEBYTECODE=1 with an editable install).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    home, whoosh_index, articles = build(work, options.docs, env)
    queries = corpus.draw_queries(articles, options.runs)

    engines: dict[str, tuple[list[str], dict[str, str]]] = {}
    for revision in options.snapshot:
        path = snapshot(work, revision)
        # Its own lexicon cache folder: a version of another cache format would remove this
        # one's file as stale on every run (and rebuild its own).
        engines[f"archive@{revision}"] = ([sys.executable, "-m", "archive", "--home", str(home),
                                           "search"],
                                          dict(env, PYTHONPATH=str(path),
                                               ARCHIVE_CACHE_DIR=str(work / f"cache-{revision}")))
    engines["archive"] = ([sys.executable, "-m", "archive", "--home", str(home), "search"], env)
    engines["naive Whoosh"] = ([sys.executable, str(BENCH_DIR / "engines.py"), "cold",
                                "--engine", "whoosh", "--index", str(whoosh_index), "--query"],
                               env)
    read_into_page_cache(home)
    read_into_page_cache(whoosh_index)
    if options.phases:
        archives = {name: engine for name, engine in engines.items()
                    if name.startswith("archive")}
        for name, (argv, child_env) in archives.items():  # warm-up, as below
            child_run(argv + [options.phases[0]], child_env, work)
        measured = {"docs": len(articles), "runs": options.runs, "queries": options.phases,
                    "load": os.getloadavg(),
                    **phases(archives, home, work, options.phases, options.runs)}
        text = json.dumps(measured, indent=2)
        (work / "cold-phases.json").write_text(text + "\n")
        print(text)
        return
    samples: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in engines}
    for name, (argv, child_env) in engines.items():  # warm-up: caches, page cache of the code
        child_run(argv + [queries[0]], child_env, work)
    for query in queries:
        for name, (argv, child_env) in engines.items():
            args = argv + (query.split() if name.startswith("archive") else [query])
            wall, cpu, status = child_run(args, child_env, work)
            if status != 0:
                raise SystemExit(f"{name} failed on {query!r} (exit {status})")
            samples[name]["wall"].append(wall)
            samples[name]["cpu"].append(cpu)
    result: dict[str, object] = {"docs": len(articles), "runs": len(queries),
                                 "bytecode": not options.no_bytecode, "load": os.getloadavg()}
    naive = samples["naive Whoosh"]
    for name, sample in samples.items():
        result[name] = {f"{kind}_{stat}_ms": round(function(values) * 1000, 1)
                        for kind, values in sample.items()
                        for stat, function in (("median", median), ("p95", p95))}
        result[name]["cpu_median_ratio_to_naive"] = round(
            median(sample["cpu"]) / median(naive["cpu"]), 2)
        result[name]["wall_median_ratio_to_naive"] = round(
            median(sample["wall"]) / median(naive["wall"]), 2)
    text = json.dumps(result, indent=2)
    (work / "cold.json").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()

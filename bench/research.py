"""Speed of the researcher's commands (`archive trend`, `archive kwic`) over an archive of
real German news articles.

    python bench/research.py build --docs 20000 --workdir DIR
    python bench/research.py measure --workdir DIR

`build` imports the first `--docs` articles of the corpus's seeded shuffle (the same as
bench/run.py) in chunks of `--chunk`, and keeps a copy of the archive after each chunk
(`home-<size>`), so `measure` can show how the times grow with the archive. `measure` runs each
query several times in one process (warm: the index files in the page cache and the modules
loaded, as in daily use) and once as a new process (cold), and prints a Markdown table.

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


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run `build` or `measure`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["build", "measure"])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--chunk", type=int, default=5000)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--queries", nargs="+", default=QUERIES)
    options = parser.parse_args(argv)
    options.workdir.mkdir(parents=True, exist_ok=True)
    build(options) if options.step == "build" else measure(options)


if __name__ == "__main__":
    main()

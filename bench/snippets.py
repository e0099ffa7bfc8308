"""Warm searches with snippets, before and after a change of the snippet path, in one process:

    python bench/snippets.py --home DIR/archive-5000 [--docs 5000] [--queries 200] \
        [--rounds 3] [--before REV]

`--home`: an archive of the first `--docs` articles of the corpus (built with `archive import`
from a JSON Lines copy of them when the folder holds no archive yet). The queries are
bench/run.py's warm battery drawn from those articles (1-3 content words of one article).
"Before" is archive/index/highlight.py as of git revision `--before` (the snippet path before
issue 14), loaded from `git show` as a module of its own; "after" is the working tree's. Every
query runs once in each mode (warm caches; the pages' snippets are compared), then `--rounds`
times in each mode, interleaved query by query. Timed in CPU time (time.process_time): the
whole search (`archive.search.search`, a top-10 page with snippets and the total) and, inside
it, the snippets (`make_snippet`, wrapped). Per query the median of its rounds; printed as
JSON: medians and p95 over the queries per mode, the per-query ratio's median, how many pages
differ, and the 1-minute load average.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Callable

import corpus
from measure import archive_command, p95

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "fang-covid-20k.jsonl.gz"
# The snippet path before issue 14 (candidate sentences, re-analysed whole).
DEFAULT_BEFORE = "7dceae6"


def parse_options() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", default=DEFAULT_BEFORE)
    return parser.parse_args()


def first_records(path: Path, count: int, target: Path) -> Path:
    """The first `count` lines of a (gzipped) JSON Lines corpus, as a gzipped copy."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as source, \
            gzip.open(target, "wt", encoding="utf-8") as copy:  # type: ignore[operator]
        for number, line in enumerate(source):
            if number >= count:
                break
            copy.write(line)
    return target


def ensure_archive(home: Path, corpus_path: Path, docs: int) -> None:
    """Import the first `docs` corpus records into `home` unless it holds an archive."""
    if (home / "archive.sqlite3").exists():
        return
    with tempfile.TemporaryDirectory() as work:
        records = first_records(corpus_path, docs, Path(work) / f"first-{docs}.jsonl.gz")
        print(f"importing {docs} articles into {home} ...", file=sys.stderr)
        subprocess.run([*archive_command(), "--home", str(home), "import", "-q", str(records)],
                       check=True)


def module_at(revision: str, folder: Path) -> ModuleType:
    """archive/index/highlight.py as of `revision`, imported as a module of its own."""
    source = subprocess.run(["git", "show", f"{revision}:archive/index/highlight.py"],
                            cwd=REPO, check=True, capture_output=True, text=True).stdout
    path = folder / "highlight_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("highlight_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    """Build or reuse the archive, run the battery in both modes, print the summary."""
    options = parse_options()
    ensure_archive(options.home, options.corpus, options.docs)
    articles = [article for _, article in zip(range(options.docs),
                                              corpus.read_corpus(options.corpus))]
    queries = corpus.draw_queries(articles, options.queries)

    from archive.index import highlight
    from archive.paths import ArchivePaths
    from archive.search import SearchRequest, search

    folder = Path(tempfile.mkdtemp())
    snippet_functions: dict[str, Callable] = {  # type: ignore[type-arg]
        "before": module_at(options.before, folder).make_snippet,
        "after": highlight.make_snippet,
    }
    snippet_cpu = [0.0]

    def timed_snippet(function: Callable) -> Callable:  # type: ignore[type-arg]
        def make_snippet(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                snippet_cpu[0] += time.process_time() - started
        return make_snippet

    wrapped = {mode: timed_snippet(function) for mode, function in snippet_functions.items()}
    paths = ArchivePaths(options.home)

    def run(text: str, mode: str) -> tuple[float, float, object]:
        highlight.make_snippet = wrapped[mode]  # search() looks it up at each call
        snippet_cpu[0] = 0.0
        started = time.process_time()
        result = search(paths, SearchRequest(query=text, limit=10))
        whole = time.process_time() - started
        page = [(hit.article.id, hit.snippet) for hit in result.hits]
        return whole * 1000, snippet_cpu[0] * 1000, page

    differ = 0
    for text in queries:  # warm both modes' caches, and check they give the same page
        differ += run(text, "before")[2] != run(text, "after")[2]
    samples = {mode: {"search": [[] for _ in queries], "snippets": [[] for _ in queries]}
               for mode in wrapped}
    for _ in range(options.rounds):
        for i, text in enumerate(queries):
            for mode in wrapped:
                whole, snippets, _page = run(text, mode)
                samples[mode]["search"][i].append(whole)
                samples[mode]["snippets"][i].append(snippets)
    highlight.make_snippet = snippet_functions["after"]
    summary: dict[str, dict[str, float | int | str]] = {}
    medians: dict[tuple[str, str], list[float]] = {}
    for mode, kinds in samples.items():
        for kind, per_query in kinds.items():
            values = [statistics.median(rounds) for rounds in per_query]
            medians[mode, kind] = values
            summary.setdefault(mode, {})[f"{kind}_median_ms"] = round(statistics.median(values), 2)
            summary[mode][f"{kind}_p95_ms"] = round(p95(values), 2)
    for kind in ("search", "snippets"):
        ratios = [new / old for new, old in zip(medians["after", kind], medians["before", kind])
                  if old > 0]
        summary.setdefault("ratio_after_to_before", {})[f"{kind}_median_per_query"] = \
            round(statistics.median(ratios), 3)
    summary["run"] = {"queries": len(queries), "rounds": options.rounds,
                      "articles": options.docs, "pages_differing": differ,
                      "before": options.before, "load_1min": round(os.getloadavg()[0], 2)}
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()

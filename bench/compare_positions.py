"""Same-run, same-process comparison of phrases and near parts evaluated on position arrays
(archive.index.positional) with Whoosh's span matchers (ARCHIVE_BENCH_WHOOSH_POSITIONS=1, read
by archive.index.engine and archive.index.docsets for this comparison only, and Whoosh's own
Prefix size estimate for a stem's forms), in the ranking and the exact hit set, in CPU time:

    python bench/compare_positions.py --home DIR/archive-10000 --queries DIR/queries.json \
        [--rounds 3]

Every query of the battery (bench/run.py's warm queries) is first run once in each mode
(warm caches), then `--rounds` times in each mode, interleaved query by query. Timed: the
whole warm search (`archive.search.search`, a top-10 page with snippets and the total) and,
inside it, the ranking alone (`archive.index.searcher.rank`, wrapped). Per query the median of
its rounds; printed: medians and p95 over the queries, and the per-query ratio's median, as
JSON. CPU time (time.process_time), so other processes on a shared machine count less.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Callable

from measure import p95

VARIABLE = "ARCHIVE_BENCH_WHOOSH_POSITIONS"


def main() -> None:
    """Run the battery in both modes and print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()

    from archive.index import searcher as index_searcher
    from archive.paths import ArchivePaths
    from archive.search import SearchRequest, search

    ranking_cpu = [0.0]
    original_rank: Callable = index_searcher.rank  # type: ignore[type-arg]

    def timed_rank(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.process_time()
        try:
            return original_rank(*args, **kwargs)
        finally:
            ranking_cpu[0] += time.process_time() - started

    index_searcher.rank = timed_rank  # type: ignore[assignment]
    from whoosh import query as wq

    from archive.index.compile import StemSpans

    # The "before" also had Whoosh's Prefix size estimate for a stem's forms (one term lookup
    # per word starting with the stem), which StemSpans now reads in one pass.
    fast_estimate = StemSpans.estimate_size
    paths = ArchivePaths(options.home)
    queries: list[str] = json.loads(options.queries.read_text(encoding="utf-8"))

    def page(text: str) -> list[tuple[str, float | None]]:
        return [(hit.article.id, hit.score)
                for hit in search(paths, SearchRequest(query=text, limit=10)).hits]

    def run(text: str, whoosh_positions: bool) -> tuple[float, float]:
        if whoosh_positions:
            os.environ[VARIABLE] = "1"
            StemSpans.estimate_size = wq.Prefix.estimate_size  # type: ignore[method-assign]
        else:
            os.environ.pop(VARIABLE, None)
            StemSpans.estimate_size = fast_estimate  # type: ignore[method-assign]
        ranking_cpu[0] = 0.0
        started = time.process_time()
        search(paths, SearchRequest(query=text, limit=10))
        return (time.process_time() - started) * 1000, ranking_cpu[0] * 1000

    differ = 0
    for text in queries:  # warm both modes' caches, and check they give the same page
        run(text, False)
        arrays = page(text)
        run(text, True)
        differ += page(text) != arrays
    samples: dict[str, dict[str, list[list[float]]]] = {
        mode: {"search": [[] for _ in queries], "ranking": [[] for _ in queries]}
        for mode in ("arrays", "whoosh_spans")}
    for _ in range(options.rounds):
        for i, text in enumerate(queries):
            for mode in ("arrays", "whoosh_spans"):
                whole, ranking = run(text, mode == "whoosh_spans")
                samples[mode]["search"][i].append(whole)
                samples[mode]["ranking"][i].append(ranking)
    summary: dict[str, dict[str, float]] = {}
    medians: dict[tuple[str, str], list[float]] = {}
    for mode, kinds in samples.items():
        for kind, per_query in kinds.items():
            values = [statistics.median(rounds) for rounds in per_query]
            medians[mode, kind] = values
            summary.setdefault(mode, {})[f"{kind}_median_ms"] = statistics.median(values)
            summary[mode][f"{kind}_p95_ms"] = p95(values)
    for kind in ("search", "ranking"):
        ratios = [new / old for new, old in zip(medians["arrays", kind],
                                                 medians["whoosh_spans", kind]) if old > 0]
        summary.setdefault("ratio", {})[f"{kind}_median_per_query"] = statistics.median(ratios)
    summary["queries"] = {"count": len(queries), "rounds": options.rounds,
                          "pages_differing": differ}
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()

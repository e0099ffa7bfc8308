"""Same-run comparison of the archive's ranking engine with Whoosh's collector (the searcher
path before the engine), on an archive a `bench/run.py --workdir DIR` run built:

    python bench/compare_ranking.py --home DIR/archive-10000 --queries DIR/queries.json \
        --broad corona [--whoosh DIR/whoosh-10000] [--rounds 2] [--spans]

Each round runs the warm battery of bench/engines.py in a new process once with the engine
and once with ARCHIVE_BENCH_WHOOSH_RANKING=1 (read by archive.index.searcher for this
comparison only), interleaved, plus naive Whoosh when --whoosh is given; prints medians of
the rounds' medians and p95s as JSON. Wall times: on a shared machine, compare ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

from measure import p95, python_child, run_child


def battery(engine: str, index: Path, queries: Path, broad: str,
            old_ranking: bool, span_matchers: bool = False) -> dict[str, float]:
    """One warm battery in a new process: median and p95 of the top-10 latencies, the broad
    word's top 10 and its facets (medians), the process's peak memory."""
    env = dict(os.environ)
    if old_ranking:
        env["ARCHIVE_BENCH_WHOOSH_RANKING"] = "1"
    if span_matchers:
        env["ARCHIVE_BENCH_WHOOSH_POSITIONS"] = "1"
    run = run_child(python_child("engines.py", "warm", "--engine", engine, "--index", str(index),
                                 "--queries", str(queries), "--broad", broad), env=env)
    data = run.json()
    latencies = data["latencies_ms"]
    return {"median_ms": statistics.median(latencies), "p95_ms": p95(latencies),
            "broad_top10_ms": statistics.median(data["broad_top10_ms"]),
            "broad_facets_ms": statistics.median(data["broad_facets_ms"]),
            "peak_mb": run.peak_mb}


def main() -> None:
    """Run the rounds and print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--broad", default="corona")
    parser.add_argument("--whoosh", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--spans", action="store_true",
                        help="also the engine with Whoosh's span matchers for phrases and near "
                             "parts (ARCHIVE_BENCH_WHOOSH_POSITIONS=1)")
    options = parser.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"engine": [], "whoosh_ranking": [],
                                               "naive_whoosh": [], "engine_whoosh_spans": []}
    for _ in range(options.rounds):
        runs["engine"].append(battery("archive", options.home, options.queries, options.broad,
                                      False))
        runs["whoosh_ranking"].append(battery("archive", options.home, options.queries,
                                              options.broad, True))
        if options.spans:
            runs["engine_whoosh_spans"].append(battery("archive", options.home, options.queries,
                                                       options.broad, False, True))
        if options.whoosh:
            runs["naive_whoosh"].append(battery("whoosh", options.whoosh, options.queries,
                                                options.broad, False))
    summary = {name: {key: statistics.median(run[key] for run in results)
                      for key in results[0]} for name, results in runs.items() if results}
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()

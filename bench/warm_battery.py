"""The warm search battery on an existing archive, in one process: the benchmark's queries each
once ("first": their lists not yet read in this process, as `bench/engines.py warm` measures
them), then all again ("again"), then the broad word's top 10 and its facets.

    python bench/warm_battery.py --home DIR --queries DIR/queries.json [--broad corona]

Prints one JSON line: open (the first query, which opens files and loads code), median and p95
of wall and CPU time per mode, the broad word's medians of five, and the process's peak RSS.
Run it once per code version with that version first on PYTHONPATH, alternating versions, to
compare two versions on the same archive (docs/performance.md, "search over the whole index").
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--broad", default="corona")
    options = parser.parse_args()

    from archive.paths import ArchivePaths
    from archive.search import SearchRequest, search

    home = ArchivePaths.resolve(str(options.home))
    queries = json.loads(options.queries.read_text(encoding="utf-8"))

    def run(text: str, facets: bool = False) -> object:
        return search(home, SearchRequest(query=text, facets=facets, limit=10))

    began = time.perf_counter()
    run(queries[0])
    result: dict[str, object] = {"open_ms": round((time.perf_counter() - began) * 1000)}
    for mode in ("first", "again"):
        walls, cpus = [], []
        for text in queries:
            began, cpu = time.perf_counter(), time.process_time()
            run(text)
            walls.append((time.perf_counter() - began) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        result[mode] = {"median_ms": round(statistics.median(walls), 1),
                        "p95_ms": round(_percentile(walls, 0.95), 1),
                        "cpu_median_ms": round(statistics.median(cpus), 1),
                        "cpu_p95_ms": round(_percentile(cpus, 0.95), 1)}
    for facets in (False, True):
        times = []
        for _ in range(5):
            began = time.perf_counter()
            run(options.broad, facets)
            times.append((time.perf_counter() - began) * 1000)
        result[f"{options.broad}{' facets' if facets else ''}_ms"] = round(
            statistics.median(times), 1)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

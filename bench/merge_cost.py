"""The time and resident memory of merging every segment of an archive's index into one.

    python bench/merge_cost.py --home COPY_OF_AN_ARCHIVE [--times N] [--whoosh]

Opens the live index of the archive at `--home` (use a copy: its index is replaced by the
merged one) with the archive's writer (`committing.open_writer`), commits with a merge policy
that adds every segment `--times` times (5: an index five times the size, its documents
repeated), then writes the new segment's caches (facet tables, posting and position files).
Prints the seconds of the commit (the merge included) and of the caches, and the peak VmRSS of
each phase, sampled every 20 ms. `--whoosh`: the merge's postings through Whoosh's own
`add_postings_to_pool` (a posting at a time) instead of `segment_merge` (a list at a time).
One process, no analysis workers (docs/performance.md, "segments merged by size tiers").
"""

from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path


def _rss_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


def main() -> None:
    """Parse the options, merge, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--times", type=int, default=1)
    parser.add_argument("--whoosh", action="store_true")
    options = parser.parse_args()

    from archive.index import committing
    from archive.index import writer as archive_writer
    from archive.index.facets import write_caches
    from archive.index.generations import live_generation, open_index
    from archive.paths import ArchivePaths

    phase, peaks = ["open"], {}

    def sample() -> None:
        while True:
            peaks[phase[0]] = max(peaks.get(phase[0], 0), _rss_mb())
            time.sleep(0.02)

    threading.Thread(target=sample, daemon=True).start()
    generation = live_generation(ArchivePaths(options.home))
    if generation is None:
        raise SystemExit(f"{options.home}: no index")
    index = open_index(generation)
    writer = committing.open_writer(index)
    if options.whoosh:  # Whoosh's own step back in place of segment_merge's
        writer.add_postings_to_pool = type(writer).add_postings_to_pool.__get__(writer)
    sizes: list[int] = []

    def merge_all(merging, segments):  # type: ignore[no-untyped-def]
        sizes.extend(segment.doc_count() for segment in segments)
        archive_writer.merge_segments(merging, segments * options.times)
        phase[0] = "commit (writing the merged segment)"
        return []

    started = time.perf_counter()
    phase[0] = "merge (adding the segments)"
    writer.commit(mergetype=merge_all)
    committed = time.perf_counter()
    phase[0] = "caches"
    write_caches(generation, index.reader())
    done = time.perf_counter()
    print(f"segments {sizes} x {options.times}: commit with the merge {committed - started:.1f} s, "
          f"caches {done - committed:.1f} s")
    for name, peak in peaks.items():
        print(f"{peak:6d} MB peak  {name}")


if __name__ == "__main__":
    main()

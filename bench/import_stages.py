"""Resident memory of one import, stage by stage: after reading, extraction and storing, after
the syndication clusters, and after each index batch.

    python bench/import_stages.py --docs 2000 [--batch 500] [--no-index] [--jobs 2]
        [--writer-mb 48] [--corpus ../shared/corpora/fang-covid-20k.jsonl.gz]

The first `--docs` records of the corpus are written as a `.jsonl.gz` and imported in this
process into a new archive; the clusters step (`update_in_batches`, and each of its batches)
and each index batch's commit are wrapped to print the process's RSS (from /proc/self/status),
its peak so far and the CPU seconds of the step. `--no-index` leaves the index catch-up out
(reading, storing and the clusters alone, a few minutes at 20,000 records). With `--jobs 2`
the index fields are analysed in worker processes, and the figures are the importer's own (the
writer process): its RSS and its own CPU time, not the workers'. `--writer-mb` sets Whoosh's
posting pool (`committing.WRITER_MEMORY_MB`) for a same-run comparison.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path("../shared/corpora/fang-covid-20k.jsonl.gz")


def rss_mb() -> str:
    """The process's resident memory now, in MB, with its anonymous part (the heap: what the
    process holds) and its file-backed part (mapped files and libraries, which the kernel can
    drop and re-read)."""
    with open("/proc/self/status", encoding="ascii") as handle:
        status = handle.read()

    def field(name: str) -> int:
        return int(status.split(f"{name}:")[1].split()[0]) // 1024

    return f"{field('VmRSS')} (anon {field('RssAnon')}, file {field('RssFile')})"


def peak_mb() -> int:
    """The process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> None:
    """Write the records, import them with the stages wrapped, print RSS per stage."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=None)
    parser.add_argument("--no-index", action="store_true")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--writer-mb", type=int, default=None)
    args = parser.parse_args()
    if args.batch:
        os.environ["ARCHIVE_INDEX_BATCH"] = str(args.batch)

    import archive.importer as importer
    import archive.index.committing as committing
    import archive.research.clusters as cluster_module
    from archive.paths import ArchivePaths

    if args.writer_mb:
        committing.WRITER_MEMORY_MB = args.writer_mb

    work = Path(tempfile.mkdtemp(prefix="import-stages-"))
    (work / "in").mkdir()
    with gzip.open(args.corpus, "rb") as source, gzip.open(work / "in" / "r.jsonl.gz", "wb") as target:
        for number, line in enumerate(source):
            if number >= args.docs:
                break
            target.write(line)

    clusters, batch = importer.update_written_since, committing.write_batch

    one_batch = cluster_module.update_clusters

    def wrapped_clusters(*arguments: object, **keywords: object) -> object:
        print(f"read, extracted, stored: RSS {rss_mb()} MB (peak {peak_mb()}), "
              f"CPU {time.process_time():.1f} s", flush=True)
        started = time.process_time()
        result = clusters(*arguments, **keywords)
        print(f"clusters: RSS {rss_mb()} MB (peak {peak_mb()}), "
              f"CPU {time.process_time() - started:.1f} s", flush=True)
        return result

    def wrapped_cluster_batch(*arguments: object, **keywords: object) -> object:
        result = one_batch(*arguments, **keywords)
        print(f"  clusters batch ({getattr(result, 'signed', '?')} signed): RSS {rss_mb()} MB "
              f"(peak {peak_mb()})", flush=True)
        return result

    def wrapped_batch(*arguments: object, **keywords: object) -> tuple[int, int]:
        result = batch(*arguments, **keywords)
        print(f"index batch to seq {result[0]} ({result[1]} articles): RSS {rss_mb()} MB "
              f"(peak {peak_mb()})", flush=True)
        return result

    importer.update_written_since = wrapped_clusters  # type: ignore[assignment]
    cluster_module.update_clusters = wrapped_cluster_batch  # type: ignore[assignment]
    if args.no_index:
        importer._catch_up_index = lambda *arguments: None  # type: ignore[assignment]
    committing.write_batch = wrapped_batch  # type: ignore[assignment]
    report = importer.import_paths([work / "in"], ArchivePaths(work / "home"),
                                   importer.ImportOptions(jobs=args.jobs))
    own = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{report.summary()}: RSS {rss_mb()} MB (peak {peak_mb()}), this process's CPU "
          f"{own.ru_utime + own.ru_stime:.1f} s; workdir {work}")


if __name__ == "__main__":
    main()

"""The index writer's resident memory around one commit of a `reindex --full`.

    python bench/commit_memory.py --home COPY_OF_AN_ARCHIVE --batch 10000

Rebuilds the index of the archive at `--home` (use a copy: its index is replaced) in batches of
`--batch` articles, in this process, and prints VmRSS / VmHWM (from `/proc/self/status`) before
the first batch's commit, after it, and after the files written beside its segment (facet
caches, posting and position files); then stops, leaving the rebuild unfinished (the live
index is untouched until a rebuild completes). One process, no analysis workers: the writer's
own memory, as a function of the batch (docs/performance.md, "a lighter commit").
"""

from __future__ import annotations

import argparse
import os
import sys


def _memory() -> str:
    with open("/proc/self/status", encoding="ascii") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    return f"rss {fields['VmRSS'].strip()}, peak {fields['VmHWM'].strip()}"


def main() -> None:
    """Parse the options, patch the two steps to report, run the rebuild."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", required=True)
    parser.add_argument("--batch", type=int, required=True)
    options = parser.parse_args()
    os.environ["ARCHIVE_INDEX_BATCH"] = str(options.batch)

    from whoosh.writing import SegmentWriter

    import archive.index.committing as committing
    from archive.cli import main as cli

    commit = SegmentWriter.commit
    write_caches = committing.write_caches

    def reporting_commit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        print("before the commit:", _memory(), flush=True)
        commit(self, *args, **kwargs)
        print("after the commit:", _memory(), flush=True)

    def reporting_caches(*args, **kwargs):  # type: ignore[no-untyped-def]
        write_caches(*args, **kwargs)
        print("after the segment's files:", _memory(), flush=True)
        os._exit(0)  # the first batch is all this measures

    SegmentWriter.commit = reporting_commit
    committing.write_caches = reporting_caches
    sys.argv = ["archive", "--home", options.home, "reindex", "--full"]
    cli()


if __name__ == "__main__":
    main()

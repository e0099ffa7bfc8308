"""Which index generation is live, what it records, and opening it for reading: the part of
the index's bookkeeping a search needs (archive/index/writer.py, which writes generations,
imports it from here). A search process therefore never imports the writer, its batching and
Whoosh's writing modules (issue 14, cold start).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archive.errors import IndexNeedsRebuildError, StorageError
from archive.index.schema import SCHEMA_VERSION
from archive.index.trust import SigningStorage, TrustedIndex, read_small
from archive.index.verify import reading

if TYPE_CHECKING:
    from whoosh.index import Index
    from whoosh.reading import IndexReader
    from whoosh.writing import SegmentWriter

    from archive.index.preanalysed import ParallelAnalysis
    from archive.paths import ArchivePaths
    from archive.store import Store

POINTER = "CURRENT"
STATE = "state.json"
# CURRENT and state.json are a name and a few numbers; a larger file is not one of them.
SMALL_FILE_BYTES = 64 * 1024


@dataclass(frozen=True)
class IndexState:
    """What a generation records about itself."""

    schema_version: str
    store_id: str
    seq: int
    built_at: str


def live_generation(archive: "ArchivePaths") -> Path | None:
    """The folder of the live index generation, or None if there is no index."""
    try:
        # A regular file of a few bytes: a FIFO or device put there (a home from someone
        # else) must not block or fill memory; anything else unreadable means no index.
        name = read_small(archive.index_root / POINTER, SMALL_FILE_BYTES).decode("ascii").strip()
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return None
    except OSError as error:
        raise StorageError(f"cannot read {archive.index_root / POINTER}: {error.strerror}") from None
    folder = archive.index_root / name
    return folder if name.startswith("gen-") and folder.is_dir() else None


def read_state(generation: Path) -> IndexState | None:
    """The recorded state of a generation, or None if it has none (never finished)."""
    try:
        return IndexState(**json.loads(read_small(generation / STATE, SMALL_FILE_BYTES)))
    except (OSError, ValueError, TypeError, RecursionError):
        return None


def check_usable(archive: "ArchivePaths", state: IndexState | None, store_id: str) -> None:
    """Raise IndexNeedsRebuildError, naming the fix, if the live index cannot be used."""
    if state is None:
        raise IndexNeedsRebuildError(f"no search index in {archive.index_root}: "
                                     "run 'archive reindex --full'")
    if state.schema_version != SCHEMA_VERSION:
        raise IndexNeedsRebuildError(
            f"the search index was built with schema {state.schema_version}, this version needs "
            f"{SCHEMA_VERSION}: run 'archive reindex --full'")
    if state.store_id != store_id:
        raise IndexNeedsRebuildError("the search index belongs to another store: "
                                     "run 'archive reindex --full'")


def open_index(generation: Path, analysis: "ParallelAnalysis | None" = None) -> "Index":
    """Open a generation's Whoosh index for reading.

    Without mmap, Whoosh reads segment files through handles instead of copying every compound
    file into memory: a new search process starts in a fraction of the time and memory.

    A damaged table of contents, one this archive did not sign (archive/index/trust.py), or a
    segment file that is missing or truncated, raises IndexDamagedError (naming `archive check
    --repair`) here or when a reader is opened. Writers commit through the same storage, which
    signs each table of contents they write. With `analysis`, its writers take the terms its
    workers found (`archive.index.preanalysed`).
    """
    with reading(generation):
        index = _CheckedIndex(SigningStorage(str(generation), supports_mmap=False))
    index.analysis = analysis
    return index


class _CheckedIndex(TrustedIndex):
    """Whoosh's index, whose readers report damage as the archive's index error."""

    analysis: "ParallelAnalysis | None" = None

    def writer(self, procs: int = 1, **kwargs: object) -> "SegmentWriter":
        if self.analysis is None:
            return super().writer(procs, **kwargs)
        return self.analysis.writer(self, **kwargs)

    def kept_reader(self) -> "IndexReader":
        with reading(Path(self.storage.folder)):
            return super().kept_reader()

    def reader(self, reuse: object = None) -> "IndexReader":
        # Opening a reader opens every segment's files: where a deleted or truncated segment
        # shows, turned into the index error instead of Whoosh's.
        with reading(Path(self.storage.folder)):
            return super().reader(reuse=reuse)


def articles_behind(store: "Store", seq: int) -> int:
    """How many stored articles were written after `seq` (what an index at `seq` lacks)."""
    return store.count_after(seq)


"""Segment readers kept open across the searches of one process.

Whoosh opens every segment anew for each searcher: the compound file, the per-document
reader, and the terms reader, whose hash table header is read in a few hundred small reads.
On an index of 50 segments (100k articles written in batches) that was about a sixth of a warm
search. A segment's files never change once written, so a reader of them stays true as long
as the segment's deletions are the same; this keeps such readers by (folder, segment id) and
hands one out again when the table of contents names the same segment with the same deleted
documents and its file is the same file (inode, size, modification time).

Only searchers use kept readers (`archive.index.trust.TrustedIndex.searcher`); writers and
checks open their own. A kept reader ignores `close()` (a searcher closes its reader when the
search ends). When the cache lets one go (bounded, or its segment's deletions changed) a
searcher may still be using it, so it is not closed then: it becomes an ordinary reader that
its next `close()` closes (or, if none comes, its files close when it is collected).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from whoosh.reading import EmptyReader, MultiReader, SegmentReader

if TYPE_CHECKING:
    from whoosh.codec.base import Segment
    from whoosh.fields import Schema
    from whoosh.filedb.filestore import FileStorage
    from whoosh.reading import IndexReader

# Readers kept in all: each holds one open file and its terms table's header (a few KB).
MAX_KEPT = 1024


class _KeptReader(SegmentReader):
    """A segment reader owned by the cache: closing it after a search does nothing while the
    cache keeps it."""

    kept = True

    def close(self) -> None:
        """Kept open for the next search; closed once the cache has let it go."""
        if not self.kept:
            SegmentReader.close(self)

    def release(self) -> None:
        """Let the reader go: its next `close()` closes its files."""
        self.kept = False


# (folder, segment id) -> (file identity, deleted documents, reader)
_KEPT: "OrderedDict[tuple[str, str], tuple[Any, frozenset[int], _KeptReader]]" = OrderedDict()


def open_reader(storage: "FileStorage", schema: "Schema", segments: list["Segment"],
                generation: int) -> "IndexReader":
    """A reader of `segments` (as Whoosh's FileIndex._reader builds it) made of kept segment
    readers where they are still true."""
    _let_go_of_removed_folders(os.path.abspath(storage.folder))
    if not segments:
        return EmptyReader(schema)
    readers = [_segment_reader(storage, schema, segment, generation) for segment in segments]
    return readers[0] if len(readers) == 1 else MultiReader(readers, generation=generation)


def _segment_reader(storage: "FileStorage", schema: "Schema", segment: "Segment",
                    generation: int) -> SegmentReader:
    key = (os.path.abspath(storage.folder), segment.segment_id())
    identity = _file_identity(storage, segment)
    deleted = frozenset(segment.deleted_docs())
    found = _KEPT.get(key)
    if found is not None:
        if identity is not None and found[0] == identity and found[1] == deleted:
            _KEPT.move_to_end(key)
            reader = found[2]
            # The same files and deletions; the table of contents' own segment object
            # (equal to the kept one) and schema go with the new search.
            return reader
        del _KEPT[key]
        found[2].release()
    reader = _KeptReader(storage, schema, segment, generation=generation)
    if identity is None:  # not a compound segment: not kept (the archive writes compound ones)
        return reader
    _KEPT[key] = (identity, deleted, reader)
    while len(_KEPT) > MAX_KEPT:
        _key, (_identity, _deleted, oldest) = _KEPT.popitem(last=False)
        oldest.release()
    return reader


def _let_go_of_removed_folders(current: str) -> None:
    """Let go of the readers of generation folders that are gone (a rebuild replaced them):
    their open files would keep the removed files' space until the process ends."""
    others = {folder for folder, _segment_id in _KEPT if folder != current}
    for folder in others:
        if not os.path.isdir(folder):
            for key in [key for key in _KEPT if key[0] == folder]:
                _KEPT.pop(key)[2].release()


def _file_identity(storage: "FileStorage", segment: "Segment") -> tuple[int, int, int, int] | None:
    """(device, inode, size, mtime) of the segment's compound file, or None."""
    if not segment.is_compound():
        return None
    try:
        info = os.stat(os.path.join(storage.folder, segment.make_filename(".seg")))
    except (OSError, AttributeError):
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def clear() -> None:
    """Forget every kept reader (tests, benchmarks, a process done searching)."""
    while _KEPT:
        _key, (_identity, _deleted, reader) = _KEPT.popitem(last=False)
        reader.release()


"""Document lengths for ranking, read once per segment instead of once per scored posting.

BM25F needs each scored document's length in each field. Whoosh reads it from the segment's
length column one byte at a time: a seek and a read on the segment file for every scored
posting (the index is opened without mmap, see writer.open_index). At 100k articles a broad
query scores hundreds of thousands of postings, and these reads were a sixth of its time.
Here each segment's length column is read whole, once per process (segments never change;
deletions do not touch lengths), and handed to Whoosh's per-document reader as the reader it
caches for that column. Whoosh then finds the same byte for every document: scores, ranks and
totals are unchanged (tests/test_search_paths.py compares them).

This relies on non-public details of whoosh-reloaded 2.7.5's W3 codec: a segment reader keeps
its per-document reader in `_perdoc` (checked to be a `W3PerDocReader`), which caches column
readers in a `_readers` dict (checked) keyed by `_lenfield(field)`, and opens a column's bytes
with `_get_column_file`. A reader of another kind is left on Whoosh's own path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import numpy as np
from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

# (segment id, length field) -> one byte per document, as the column stores them
_COLUMNS: dict[tuple[str, str], bytes] = {}
_MAX_CACHED = 512  # segments x fields; a process searching one archive needs a few dozen
# (segment id, length field) -> each document's length as Whoosh's scorers see it
_ARRAYS: dict[tuple[str, str], np.ndarray] = {}
# Byte -> length, Whoosh's table (byte 0 is "no length": no posting has it).
_BYTE_TO_LENGTH = np.array([byte_to_length(value) if value else 0 for value in range(256)],
                           dtype=np.int64)


class _LengthBytes:
    """A length column in memory, answering like Whoosh's numeric column reader for "B"."""

    __slots__ = ("_data",)

    def __init__(self, data: bytes) -> None:
        self._data = data

    def __getitem__(self, docnum: int) -> int:
        # Documents after the last written byte have the column's default, 0.
        return self._data[docnum] if docnum < len(self._data) else 0


def preload_lengths(searcher: "Searcher", fieldnames: Iterable[str]) -> None:
    """Give every segment of `searcher` its length columns for `fieldnames` from memory."""
    fields = list(fieldnames)
    for leaf, _offset in searcher.reader().leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        readers = getattr(perdoc, "_readers", None)
        if not isinstance(perdoc, whoosh3.W3PerDocReader) or not isinstance(readers, dict):
            continue
        segment_id = leaf.segment().segment_id()
        for field in fields:
            length_field = whoosh3._lenfield(field)
            if length_field in readers or not perdoc.has_column(length_field):
                continue
            readers[length_field] = _LengthBytes(_column_bytes(perdoc, segment_id, length_field))


def _column_bytes(perdoc: object, segment_id: str, length_field: str) -> bytes:
    """A length column's bytes, read once per process."""
    key = (segment_id, length_field)
    data = _COLUMNS.get(key)
    if data is None:
        column_file, offset, size = perdoc._get_column_file(length_field)  # type: ignore[attr-defined]
        data = bytes(column_file.get(offset, size))
        column_file.close()
        if len(_COLUMNS) >= _MAX_CACHED:
            _COLUMNS.clear()
        _COLUMNS[key] = data
    return data


def field_lengths(segment_reader: "IndexReader", fieldname: str) -> np.ndarray | None:
    """Every document's length in `fieldname` in one segment, as Whoosh's BM25F scorer reads
    it (`doc_field_length(docnum, fieldname, 1)`): the length byte decoded, 1 for every
    document when the segment has no length column for the field. None for a reader of
    another kind (the caller then leaves scoring to Whoosh)."""
    perdoc = getattr(segment_reader, "_perdoc", None)
    if not isinstance(perdoc, whoosh3.W3PerDocReader) or segment_reader.segment() is None:
        return None
    segment_id = segment_reader.segment().segment_id()
    length_field = whoosh3._lenfield(fieldname)
    key = (segment_id, length_field)
    found = _ARRAYS.get(key)
    if found is not None:
        return found
    documents = segment_reader.doc_count_all()
    if not perdoc.has_column(length_field):
        found = np.ones(documents + 1, dtype=np.int64)
    else:
        data = np.frombuffer(_column_bytes(perdoc, segment_id, length_field), dtype=np.uint8)
        # Documents after the last written byte have the column's default, 0.
        padded = np.zeros(max(documents + 1, len(data)), dtype=np.uint8)
        padded[:len(data)] = data
        found = _BYTE_TO_LENGTH[padded]
    if len(_ARRAYS) >= _MAX_CACHED:
        _ARRAYS.clear()
    _ARRAYS[key] = found
    return found

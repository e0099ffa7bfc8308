"""A Whoosh codec that hands the commit each document's field length from memory.

At commit, Whoosh's `FieldWriter.add_postings` asks a per-document *reader* for the length of
the posting's document in the posting's field, once per posting: it reopens the length column
the segment just wrote and decodes a byte per call (about a fifth of the commit's time). The
per-document writer saw every one of those lengths a moment earlier, so this codec records them
as they are written (as the same length bytes the column stores) and answers the commit from
that record. The files written are the same: the lengths come out of the same byte encoding the
reader would have decoded, and the segments name Whoosh's plain `W3Codec`, so readers never
need this module.

Extension points used: `SegmentWriter(codec=...)` (public: `Index.writer(codec=...)`) and
the `Codec.per_document_writer` / `field_writer` / `new_segment` factory methods. Non-public
parts relied on (checked against whoosh-reloaded 2.7.5, see tests/test_import_paths.py):
`W3PerDocWriter.add_field(fieldname, fieldobj, value, length)` being the one place lengths
enter a segment, the `lengths` argument of `FieldWriter.add_postings` being used only through
`doc_field_length(docnum, fieldname)`, and `length_to_byte` / `byte_to_length` being the
column's encoding.
"""

from __future__ import annotations

from array import array
from typing import Any, Iterable, Iterator

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PerDocWriter, W3Segment
from whoosh.util.numeric import byte_to_length, length_to_byte

from archive.index.bulk_postings import BulkPool, write_postings

# What the length column's reader returns for each stored byte. Byte 0 means "no length"; the
# reader returns None for it, which the postings writer treats exactly like 0.
_DECODED = tuple(byte_to_length(value) if value else 0 for value in range(256))


class _LengthRecord:
    """The length bytes of one segment's documents, per field, indexed by document number.

    One byte per document and field (an `array('B')`), as the column stores them, so a large
    catch-up costs a few hundred KB here, not a dict entry per document.
    """

    def __init__(self) -> None:
        self._bytes: dict[str, array] = {}

    def record(self, fieldname: str, docnum: int, length: int) -> None:
        """Remember a document's length in a field (called once per document and field)."""
        column = self._bytes.get(fieldname)
        if column is None:
            column = self._bytes[fieldname] = array("B")
        if len(column) <= docnum:
            column.extend(bytes(docnum + 1 - len(column)))
        column[docnum] = length_to_byte(length)

    def forget_doc(self, docnum: int) -> None:
        """Drop what was recorded for a document whose addition was cancelled."""
        for column in self._bytes.values():
            if docnum < len(column):
                column[docnum] = 0

    def decoded_lengths(self, fieldname: str, documents: int) -> np.ndarray:
        """`doc_field_length` of documents 0 .. `documents` - 1 at once, as an array."""
        found = np.zeros(documents, dtype=np.int64)
        column = self._bytes.get(fieldname)
        if column is not None:
            stored = np.frombuffer(column, dtype=np.uint8)[:documents]
            found[:len(stored)] = np.array(_DECODED, dtype=np.int64)[stored]
        return found

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        """The length Whoosh's column reader would decode for this document and field."""
        column = self._bytes.get(fieldname)
        # No column, or a document past its end: Whoosh's reader gives 0 or None, both "none".
        if column is None or docnum >= len(column):
            return 0
        return _DECODED[column[docnum]]


class _RecordingPerDocWriter(W3PerDocWriter):
    """Whoosh's per-document writer, also recording each field length it writes."""

    def __init__(self, codec: W3Codec, storage: Any, segment: W3Segment,
                 lengths: _LengthRecord) -> None:
        super().__init__(codec, storage, segment)
        self._lengths = lengths

    def add_field(self, fieldname: str, fieldobj: Any, value: Any, length: int | None) -> None:
        super().add_field(fieldname, fieldobj, value, length)
        # Same condition as Whoosh's: a zero or missing length writes no column value.
        if length:
            self._lengths.record(fieldname, self._docnum, length)

    def cancel_doc(self) -> None:
        # Whoosh cancels a document whose fields raised; the archive then cancels the whole
        # writer (writer.py), so this only keeps the record from outliving the document.
        self._lengths.forget_doc(self._docnum)
        super().cancel_doc()


class _CompactBucket:
    """One of the 256 buckets of Whoosh's term-table writer (`HashWriter.buckets`, a list of
    (hash, position) tuples per term until the segment is closed): the same pairs in two
    arrays, 16 bytes a term instead of about 125. The writer only appends pairs, takes the
    length and iterates them, so the table written is the same, byte for byte
    (tests/test_bulk_postings.py). At the commit of 10,000 articles (about 700,000 terms) the
    tuples were 88 MB of the writer's peak."""

    __slots__ = ("hashes", "positions")

    def __init__(self) -> None:
        self.hashes = array("Q")
        self.positions = array("Q")

    def append(self, pair: tuple[int, int]) -> None:
        self.hashes.append(pair[0])
        self.positions.append(pair[1])

    def __len__(self) -> int:
        return len(self.hashes)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.hashes, self.positions)


class _RecordedLengthFieldWriter(W3FieldWriter):
    """Whoosh's inverted-index writer, taking lengths from the record instead of the files,
    its term table's pairs kept compactly (`_CompactBucket`)."""

    def __init__(self, codec: W3Codec, storage: Any, segment: W3Segment,
                 lengths: _LengthRecord) -> None:
        super().__init__(codec, storage, segment)
        self._lengths = lengths
        table = getattr(self, "_tindex", None)
        buckets = getattr(table, "buckets", None)
        # Non-public (whoosh-reloaded 2.7.5's HashWriter): replaced only while still empty.
        if isinstance(buckets, list) and len(buckets) == 256 and not any(buckets):
            table.buckets = [_CompactBucket() for _ in range(256)]  # type: ignore[union-attr]

    def add_postings(self, schema: Any, lengths: Any, items: Iterable[tuple]) -> None:
        # Whoosh passes None when the codec keeps no length statistics; keep that behaviour.
        recorded = self._lengths if lengths is not None else None
        if isinstance(items, BulkPool):  # the archive's writers (archive.index.bulk_postings)
            write_postings(self, schema, items, recorded)
        else:
            super().add_postings(schema, recorded, items)

    def close(self) -> None:
        super().close()
        self._codec.forget(self._segment)


class LengthCachingCodec(W3Codec):
    """`W3Codec` for one writer: same files, field lengths at commit served from memory.

    Use a fresh instance per writer (`index.writer(codec=LengthCachingCodec())`): it links the
    per-document writer and the field writer of the segments that writer creates.
    """

    # Its field writer takes a BulkPool's postings (archive.index.committing.open_writer).
    writes_bulk_postings = True

    def __init__(self, blocklimit: int = 128, compression: int = 3, inlinelimit: int = 1) -> None:
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)
        self._records: dict[str, _LengthRecord] = {}

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        # The segment (pickled into the index's table of contents) names a plain W3Codec with
        # the same settings: the index on disk does not depend on this module.
        return W3Segment(W3Codec(self._blocklimit, self._compression, self._inlinelimit),
                         indexname)

    def _record(self, segment: W3Segment) -> _LengthRecord:
        return self._records.setdefault(segment.segid, _LengthRecord())

    def per_document_writer(self, storage: Any, segment: W3Segment) -> W3PerDocWriter:
        return _RecordingPerDocWriter(self, storage, segment, self._record(segment))

    def field_writer(self, storage: Any, segment: W3Segment) -> W3FieldWriter:
        return _RecordedLengthFieldWriter(self, storage, segment, self._record(segment))

    def forget(self, segment: W3Segment) -> None:
        """Drop a segment's record once its postings are written (its field writer closed)."""
        self._records.pop(segment.segid, None)

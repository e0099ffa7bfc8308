"""Merging segments with the bulk pool: a term's whole list at a time, not a posting at a time.

Whoosh merges a segment into the one its writer is making with `SegmentWriter.add_reader`: the
documents' stored fields, lengths and columns one document at a time (`write_per_doc`, kept),
then every posting as a Python tuple handed to the pool (`add_postings_to_pool`). In the
archive's writers (whose pool is a `BulkPool`) `add_segment_postings` takes that last step's
place: each term's list is read as one byte range and decoded with numpy
(`postings.read_blocks`), its documents numbered as Whoosh numbers them (after the documents
already in the writer; deleted ones left out, the rest keeping their order) and handed to the
pool whole. The segment written is the
one Whoosh's own merge writes, byte for byte (tests/test_segment_merge.py). A merge of
20,571 articles took 136 s so, 181 s a posting at a time (`bench/merge_cost.py`).

    install(writer)            # once, where the writer's pool is made a BulkPool
    writer.add_reader(reader)  # Whoosh's merge, its postings now a list at a time
"""

from __future__ import annotations

import struct
from functools import partial
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from archive.index.bulk_postings import BulkPool
from archive.index.postings import read_blocks

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.writing import SegmentWriter


def install(writer: "SegmentWriter") -> None:
    """Make `writer.add_reader` hand a merged segment's postings to its pool list by list."""
    writer.add_postings_to_pool = partial(add_segment_postings, writer)  # type: ignore[method-assign]


def add_segment_postings(writer: "SegmentWriter", reader: "IndexReader", startdoc: int,
                         docmap: dict[int, int] | None) -> None:
    """Every live posting of `reader` into the writer's pool, as Whoosh's
    `add_postings_to_pool(reader, startdoc, docmap)` adds them: document d becomes
    `docmap[d]`, or `startdoc + d` when the segment has no deletions (docmap None)."""
    pool = writer.pool
    terms = getattr(reader, "_terms", None)
    if not isinstance(pool, BulkPool) or getattr(terms, "items", None) is None:
        type(writer).add_postings_to_pool(writer, reader, startdoc, docmap)
        return
    numbering = _numbering(reader, docmap)
    schema = writer.schema
    with_values: dict[str, bool] = {}
    for (fieldname, text), info in term_items(terms):
        if fieldname not in schema:
            continue  # as Whoosh's merge: a field the schema no longer has is left out
        if fieldname not in with_values:
            with_values[fieldname] = schema[fieldname].format.fixed_value_size() != 0
        found = read_blocks(reader, fieldname, text, info, values=with_values[fieldname])
        documents, weights, values = found if found is not None else \
            _stepped(reader, fieldname, text)
        if numbering is None:
            documents = documents + startdoc
        else:
            documents = numbering[documents]
            live = documents >= 0
            if not live.all():
                documents, weights = documents[live], weights[live]
                if values:
                    values = [value for value, kept in zip(values, live.tolist()) if kept]
        if len(documents):
            pool.add_term(fieldname, text, documents,
                          weights, values if with_values[fieldname] else None)


def _numbering(reader: "IndexReader", docmap: dict[int, int] | None) -> np.ndarray | None:
    """The new number of each of the segment's documents (-1: deleted), or None for
    `startdoc + d`."""
    if docmap is None:
        return None
    numbers = np.full(reader.doc_count_all(), -1, dtype=np.int64)
    if docmap:
        numbers[np.fromiter(docmap.keys(), dtype=np.int64, count=len(docmap))] = \
            np.fromiter(docmap.values(), dtype=np.int64, count=len(docmap))
    return numbers


def _stepped(reader: "IndexReader", fieldname: str, text: bytes
             ) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """A list the direct reading does not serve (another codec, damaged bytes), stepped
    through Whoosh's own matcher (deleted documents already left out)."""
    matcher = reader.postings(fieldname, text)
    documents, weights, values = [], [], []
    while matcher.is_active():
        documents.append(matcher.id())
        weights.append(matcher.weight())
        values.append(matcher.value())
        matcher.next()
    return np.asarray(documents, dtype=np.int64), np.asarray(weights, dtype=np.float64), values


# Whoosh's HashWriter puts (key length, value length) before each record of a term table.
_RECORD_LENGTHS = struct.Struct("!ii")
# Bytes of a term table read at a time.
READ_BYTES = 1 << 22


def term_items(terms: Any) -> Iterator[tuple[tuple[str, bytes], Any]]:
    """((field, term bytes), term info) of every term of a segment's term table (Whoosh's
    `W3TermsReader`), in its order, as its `items()` gives them: the records read a few MB
    at a time instead of three small reads each (an eighth of a merge under a profiler).
    Another kind of table: its own `items()`."""
    from whoosh.codec.whoosh3 import W3TermInfo

    inner = getattr(terms, "_inner", terms)
    table = getattr(inner, "_tindex", None)
    start, end = getattr(table, "startofdata", None), getattr(table, "endofdata", None)
    unmap = getattr(inner, "_fieldunmap", None)
    if not isinstance(start, int) or not isinstance(end, int) or unmap is None \
            or not hasattr(getattr(table, "dbfile", None), "get"):
        yield from terms.items()
        return
    from_bytes, lengths = W3TermInfo.from_bytes, _RECORD_LENGTHS
    buffer, base, position = b"", start, start  # buffer: the file's bytes from base on

    def cover(stop: int) -> bytes:
        """The buffer, read on so that it reaches `stop` (from `position`)."""
        kept = buffer[position - base:]
        read_from = position + len(kept)
        while read_from < stop:
            more = table.dbfile.get(read_from, min(max(READ_BYTES, stop - read_from),
                                                   end - read_from))
            if not more:
                raise OSError("a term table was cut short")
            kept += more
            read_from += len(more)
        return kept

    while position < end:
        if position + lengths.size > base + len(buffer):
            buffer, base = cover(position + lengths.size), position
        key_length, value_length = lengths.unpack_from(buffer, position - base)
        stop = position + lengths.size + key_length + value_length
        if stop > base + len(buffer):
            buffer, base = cover(stop), position
        key_at = position - base + lengths.size
        key = buffer[key_at:key_at + key_length]
        field_number = (key[0] << 8) | key[1]  # a big-endian unsigned short, as Whoosh's
        yield (unmap[field_number], key[2:]), \
            from_bytes(buffer[key_at + key_length:key_at + key_length + value_length])
        position = stop

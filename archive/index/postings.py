"""A term's postings of one segment as two numpy arrays, decoded once per process.

The ranking engine (archive.index.engine) scores whole posting lists at once; it needs each
list's document numbers and weights as arrays instead of one matcher step per posting. Whoosh
stores a list as blocks (a pickled, usually zlib-compressed tuple of ids, weights and values
per block). `read_term` / `read_blocks` read a list's whole byte range at once (its extent in
the term's entry) and decode the blocks here (`decode_blocks`: the W3 format's 4-byte tag, then
per block a big-endian length, negative for the last, the pickled block info and the data);
Whoosh's leaf matcher reads each block with a seek and several small reads through the
compound file, which on an index of many segments was most of a new query's time. `decode`
(for a leaf matcher the caller already has) walks the blocks through the leaf's non-public
block interface, as `docsets.posting_ids` does: `_read_ids`, `_read_weights`, `_next_block`,
`_ids`, `_weights`, `_atend`. A leaf without them (an inlined list, another codec) is stepped
through Whoosh's public `id` / `weight` / `next`. `tests/test_whole_index.py` compares the
direct decoding with Whoosh's leaf on every term of a multi-segment index.

A long list may also be kept as plain arrays in a file beside the index
(archive.index.posting_files): then it is mapped, not decoded, and checked against the very
Whoosh list it stands for.

Segments never change once written (deletions only mark documents, and the caller filters
them), so decoded lists are kept per (segment id, field, term) for the life of the process, up
to MAX_CACHED_POSTINGS postings in all (then the cache starts afresh): the second query over a
word costs no decoding at all. Weights are kept as Whoosh stores them (32-bit floats, which
widen to the same doubles Whoosh's `weight()` returns).
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from archive.index import posting_files

if TYPE_CHECKING:
    from whoosh.matching import Matcher
    from whoosh.reading import IndexReader

# About 8 bytes per posting (32-bit id, 32-bit weight): 6M postings is ~50 MB at most.
MAX_CACHED_POSTINGS = 6_000_000


@dataclass(frozen=True)
class Postings:
    """One posting list: ascending segment-local document numbers and their weights."""

    ids: np.ndarray  # int64, ascending
    weights: np.ndarray  # float32 or float64, one per id


_CACHE: dict[tuple[str, str, bytes], Postings] = {}
_cached_postings = 0


def cached(segment_id: str, leaf: "Matcher") -> Postings:
    """The postings of a leaf matcher of segment `segment_id`, decoded or from the cache
    (keyed by the leaf's term; a leaf without one is decoded every time)."""
    global _cached_postings
    term = getattr(leaf, "_term", None)
    if term is None:
        return decode(leaf)
    key = (segment_id, term[0], term[1])
    found = _CACHE.get(key)
    if found is None:
        found = from_file(segment_id, leaf) or decode(leaf)
        if _cached_postings + len(found.ids) > MAX_CACHED_POSTINGS:
            _CACHE.clear()
            _cached_postings = 0
        _CACHE[key] = found
        _cached_postings += len(found.ids)
    return found


def peek(segment_id: str, leaf: "Matcher") -> Postings | None:
    """The cached postings of a leaf matcher's term, or its arrays from the segment's posting
    file; None when neither has them (a caller that only needs the ids then reads them the
    cheaper way, without decoding the weights)."""
    term = getattr(leaf, "_term", None)
    if term is None:
        return None
    found = _CACHE.get((segment_id, term[0], term[1]))
    return found if found is not None else from_file(segment_id, leaf)


def known(segment_id: str, field: str, text: bytes) -> Postings | None:
    """The cached postings of a term (its text as bytes), None when not decoded yet."""
    return _CACHE.get((segment_id, field, text))


def keep(segment_id: str, field: str, text: bytes, found: Postings) -> None:
    """Put a term's postings read elsewhere (a posting file) into the cache."""
    global _cached_postings
    if _cached_postings + len(found.ids) > MAX_CACHED_POSTINGS:
        _CACHE.clear()
        _cached_postings = 0
    _CACHE[(segment_id, field, text)] = found
    _cached_postings += len(found.ids)


def from_file(segment_id: str, leaf: "Matcher") -> Postings | None:
    """A leaf's list from its segment's posting file (archive.index.posting_files), None
    when the file has none that fits it."""
    found = posting_files.lookup(segment_id, leaf)
    return None if found is None else Postings(found[0], found[1])


def clear_cache() -> None:
    """Forget every decoded list (tests; a process that switches archives)."""
    global _cached_postings
    _CACHE.clear()
    _cached_postings = 0


def decode(leaf: "Matcher") -> Postings:
    """Every posting of a leaf matcher, deleted documents included (Whoosh's leaf matchers do
    not know about deletions; the reader wraps them in a filter). The leaf is reset first: an
    intersection or And-Not moves its children to their first common match as it is built."""
    leaf.reset()
    blocks = _blocks(leaf)
    if blocks is None:
        ids: list[int] = []
        weights: list[float] = []
        while leaf.is_active():
            ids.append(leaf.id())
            weights.append(leaf.weight())
            leaf.next()
        return Postings(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64))
    id_parts, weight_parts = blocks
    if not id_parts:
        return Postings(np.empty(0, np.int64), np.empty(0, np.float64))
    return Postings(np.concatenate(id_parts), np.concatenate(weight_parts))


def _blocks(leaf: "Matcher") -> tuple[list[np.ndarray], list[np.ndarray]] | None:
    """The decoded blocks of a W3 leaf matcher, or None when it lacks the block interface."""
    needed = ("_read_ids", "_read_weights", "_next_block", "_atend")
    if not all(hasattr(leaf, name) for name in needed) or getattr(leaf, "_i", None) != 0:
        return None
    id_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    while leaf.is_active():
        leaf._read_ids()
        leaf._read_weights()
        id_parts.append(np.fromiter(leaf._ids, dtype=np.int64, count=len(leaf._ids)))
        weights = leaf._weights
        if isinstance(weights, array) and weights.typecode == "f":
            weight_parts.append(np.frombuffer(weights, dtype=np.float32).copy())
        else:
            weight_parts.append(np.asarray(list(weights), dtype=np.float64))
        leaf._next_block()
    return id_parts, weight_parts


# Whoosh's W3 posting list: a 4-byte tag, then blocks, each a big-endian int32 byte length
# (negative for the last block), a pickled info tuple (count, last id, max weight,
# compression, min length byte, max length byte) and the (compressed) pickled data tuple
# (delta-encoded ids, weights, values).
_BLOCK_LENGTH = struct.Struct("!i")


def read_term(segment_id: str, reader: "IndexReader", field: str, text: bytes,
              keep_it: bool = True, info: Any = None) -> Postings:
    """A term's postings in one segment (the term must be in it): from the cache, the
    segment's posting file, or Whoosh's blocks read as one byte range and decoded here — not
    through a leaf matcher, which reads a block at a time with a seek and several small reads
    each. Falls back on the leaf matcher for anything unusual. Kept in the cache unless
    `keep_it` is false (a caller that keeps what it makes of the list itself). `info`:
    Whoosh's term info of the term when the caller has it (one look-up fewer)."""
    found = known(segment_id, field, text)
    if found is not None:
        return found
    found = _read_directly(segment_id, reader, field, text, info)
    if found is not None and not keep_it:
        return found
    if found is None:
        from whoosh.matching.wrappers import FilterMatcher

        leaf = reader.postings(field, text)
        # A segment with deletions wraps its leaves in a filter; the cache holds whole lists.
        return cached(segment_id, leaf.child if isinstance(leaf, FilterMatcher) else leaf)
    keep(segment_id, field, text, found)
    return found


def _read_directly(segment_id: str, reader: "IndexReader", field: str,
                   text: bytes, info: Any = None) -> Postings | None:
    arrays = None
    if info is None:
        info = term_info(reader, field, text)
    # A posting file holds the lists of at least MIN_POSTINGS postings only: a shorter one is
    # not looked for there (a bisection of the term table for nothing).
    if info is not None and info.doc_frequency() >= posting_files.MIN_POSTINGS:
        if posting_files.opened(segment_id) is None:
            # Opened when a list long enough to be in it is first asked for: a new search
            # process then reads the files of the segments its long lists are in, not all.
            posting_files.for_segment(reader)
        arrays = posting_files.term_arrays(segment_id, field, text, info)
    if arrays is not None:
        return Postings(arrays[0], arrays[1])
    found = read_blocks(reader, field, text, info)
    return None if found is None else Postings(found[0], found[1])


def term_info(reader: "IndexReader", field: str, text: bytes) -> Any:
    """Whoosh's term info of a term in one segment, None when it cannot be had."""
    terms = getattr(reader, "_terms", None)
    try:
        return terms.term_info(field, text) if terms is not None else None
    except Exception:  # noqa: BLE001 - TermNotFound or an unusual reader: the matcher's path
        return None


def read_blocks(reader: "IndexReader", field: str, text: bytes, info: Any = None,
                values: bool = False) -> tuple[np.ndarray, np.ndarray, list[bytes]] | None:
    """A term's ids, weights and (with `values`) encoded values in one segment, read as one
    byte range and decoded block by block; None when the reader or the list is not of the
    kind this reads (the caller then takes Whoosh's leaf matcher)."""
    terms = getattr(reader, "_terms", None)
    postfile = getattr(getattr(terms, "_inner", terms), "_postfile", None)
    info = info if info is not None else term_info(reader, field, text)
    if postfile is None or info is None:
        return None
    if info.is_inlined():
        ids, weights, inlined = info.inlined_postings()
        return (np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64),
                list(inlined) if values else [])
    start, length = info.extent()
    if isinstance(length, tuple) and len(length) == 1:  # Whoosh unpacks it as a 1-tuple
        length = length[0]
    if not isinstance(start, int) or not isinstance(length, int):
        return None
    return decode_blocks(postfile.get(start, length), values)


def decode_blocks(data: bytes, values: bool = False
                  ) -> tuple[np.ndarray, np.ndarray, list[bytes]] | None:
    """The ids, weights and (with `values`) encoded values of one W3 posting list from its
    bytes; None for bytes that are not such a list (the caller then lets Whoosh read it, and
    report damage)."""
    from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC

    if data[:4] != WHOOSH3_HEADER_MAGIC:
        return None
    position, id_parts, weight_parts = 4, [], []
    all_values: list[bytes] = []
    try:
        while position < len(data):
            (length,) = _BLOCK_LENGTH.unpack_from(data, position)
            position += _BLOCK_LENGTH.size
            last = length < 0
            end = position + abs(length)
            stream = io.BytesIO(data[position:end])
            count, *_info = pickle.load(stream)
            payload = data[position + stream.tell():end]
            if _info[2]:  # compression
                payload = zlib.decompress(payload)
            ids, weights, block_values = pickle.loads(payload)
            if len(ids) != count:
                return None
            id_parts.append(np.cumsum(np.asarray(ids, dtype=np.int64)))
            weight_parts.append(_weights(weights, count))
            if values:
                if isinstance(block_values, bytes) and count and len(block_values) % count == 0:
                    # Values of a fixed size (frequencies) are one byte string per block.
                    size = len(block_values) // count
                    block_values = tuple(block_values[start:start + size]
                                         for start in range(0, len(block_values), size))
                if not isinstance(block_values, tuple) or len(block_values) != count:
                    return None
                all_values.extend(block_values)
            position = end
            if last:
                break
    except Exception:  # noqa: BLE001 - bytes Whoosh would not read either: its own path decides
        return None
    if not id_parts:
        return None
    return np.concatenate(id_parts), np.concatenate(weight_parts), all_values


def _weights(weights: Any, count: int) -> np.ndarray:
    """A block's weights as Whoosh de-minifies them: None is 1.0 each, one float repeated,
    else one per posting."""
    if weights is None:
        return np.ones(count, dtype=np.float64)
    if isinstance(weights, float):
        return np.full(count, np.float32(weights), dtype=np.float64)
    return np.asarray(weights, dtype=np.float64)

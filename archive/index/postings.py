"""A term's postings of one segment as two numpy arrays, decoded once per process.

The ranking engine (archive.index.engine) scores whole posting lists at once; it needs each
list's document numbers and weights as arrays instead of one matcher step per posting. Whoosh
stores a list as blocks (a pickled, usually zlib-compressed tuple of ids and weights per block);
its leaf matcher decodes one block at a time, and `decode` walks those blocks through the same
(non-public) block interface `docsets.posting_ids` relies on: `_read_ids`, `_read_weights`,
`_next_block`, `_ids`, `_weights`, `_atend`. A leaf without them (an inlined one-posting list,
another codec) is stepped through Whoosh's public `id` / `weight` / `next`.

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

from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from archive.index import posting_files

if TYPE_CHECKING:
    from whoosh.matching import Matcher

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

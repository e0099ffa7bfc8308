"""Terms' postings with positions, per segment, decoded once per process.

Phrases and compounds' near parts (archive.index.positional) need each posting's positions in
the `exact` field. Whoosh keeps them per posting as an encoded value; here a term's postings
are read once through Whoosh's leaf matcher (one step per posting, the first time only) into
arrays — ids, weights, and every position with each posting's offset into them — and kept per
(segment id, field, term): segments never change once written (deletions only mark documents,
and the caller filters them), so an entry is valid for its segment's life, as in
archive.index.postings.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log
from pickle import loads
import weakref
from typing import TYPE_CHECKING, NamedTuple, Protocol

import numpy as np
from whoosh import formats
from whoosh.scoring import WeightingModel
from whoosh.matching.wrappers import FilterMatcher

from archive.index import posting_files
from archive.index.lengths import field_lengths
from archive.index.position_files import decode_values
from archive.index.postings import read_blocks, term_info

# The count before each posting's pickled positions (Whoosh's `pack_uint`).
_COUNT_SIZE = 4

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

# Positions are about 4 bytes each and a posting holds several: 4M positions is ~60 MB at most
# with their offsets, ids and weights.
MAX_CACHED_POSITIONS = 4_000_000


@dataclass(frozen=True)
class PositionPostings:
    """One term's postings in one segment: ascending local ids, weights, and the positions of
    posting i as positions[starts[i]:starts[i + 1]] (ascending)."""

    ids: np.ndarray
    weights: np.ndarray
    starts: np.ndarray
    positions: np.ndarray

    def positions_of(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row index, position) pairs of the given posting rows, every position of each."""
        counts = self.starts[rows + 1] - self.starts[rows]
        owner = np.repeat(np.arange(len(rows)), counts)
        first = np.repeat(self.starts[rows], counts)
        within = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
        return owner, self.positions[first + within]


_CACHE: dict[tuple[str, str, str], PositionPostings] = {}
_cached_positions = 0


def clear_cache() -> None:
    """Forget every decoded list (tests; a process that switches archives)."""
    global _cached_positions
    _CACHE.clear()
    _cached_positions = 0


def postings_with_positions(segment_id: str, reader: "IndexReader", field: str,
                            text: str) -> PositionPostings:
    """A term's postings with positions, deleted documents included, from the cache or read
    once: the list's bytes decoded here (archive.index.postings.read_blocks), or, for a list
    or field of another kind, through Whoosh's leaf matcher (one Python step per posting)."""
    global _cached_positions
    key = (segment_id, field, text)
    found = _CACHE.get(key)
    if found is not None:
        return found
    found = _from_files(segment_id, reader, field, text)
    if found is None:
        found = _read(reader, field, text)
    if found is None:
        found = _step(reader, field, text)
    if _cached_positions + len(found.positions) > MAX_CACHED_POSITIONS:
        _CACHE.clear()
        _cached_positions = 0
    _CACHE[key] = found
    _cached_positions += len(found.positions)
    return found


class BM25Statistics(Protocol):
    """What `bm25f` reads of a term's scorer (a `whoosh.scoring.BM25FScorer` has them)."""

    idf: float
    avgfl: float
    B: float  # noqa: N815 - Whoosh's names
    K1: float  # noqa: N815


class Statistics(NamedTuple):
    """A term's BM25F numbers, as `BM25F.scorer` gives them to its scorer."""

    idf: float
    avgfl: float
    B: float  # noqa: N815 - Whoosh's names
    K1: float  # noqa: N815


# Top searcher -> field -> its average length. Whoosh's BM25FScorer asks the top searcher for
# it each time, which sums the field's length over every segment: one scorer per written form
# and segment cost a cold near query at 100k articles (50 segments) 60 ms.
_AVERAGE_LENGTHS: "weakref.WeakKeyDictionary[Searcher, dict[str, float]]" = \
    weakref.WeakKeyDictionary()


def statistics(searcher: "Searcher", field: str, text: str | bytes,
               documents: int | None = None) -> Statistics | None:
    """The term's BM25F statistics as `BM25F.scorer` computes them (global: from the top
    searcher), None where it would give another scorer (a field that is not scorable).
    `documents`: the term's document frequency over the whole index when the caller has
    summed it from the segments' term infos (Whoosh's `doc_frequency` looks the term up in
    every segment again)."""
    weighting = searcher.weighting
    if not searcher.schema[field].scorable:
        return None
    parent = searcher.get_parent()
    averages = _AVERAGE_LENGTHS.setdefault(parent, {})
    average = averages.get(field)
    if average is None:
        average = averages[field] = parent.avg_field_length(field) or 1
    if documents is not None and _plain_idf(parent):
        # WeightingModel.idf, operation for operation.
        idf = log(parent.doc_count_all() / (documents + 1)) + 1
    else:
        idf = parent.idf(field, text)
    return Statistics(idf, average,
                      weighting._field_B.get(field, weighting.B), weighting.K1)  # noqa: SLF001


def _plain_idf(searcher: "Searcher") -> bool:
    """Whether the searcher's idf is Whoosh's own formula (not a subclass's)."""
    from whoosh.searching import Searcher as WhooshSearcher

    return type(searcher).idf is WhooshSearcher.idf \
        and type(searcher.weighting).idf is WeightingModel.idf


def bm25(numbers: BM25Statistics, tf: np.ndarray, fl: np.ndarray) -> np.ndarray:
    """`whoosh.scoring.bm25` over arrays of term frequencies and field lengths: the same
    operations in the same order."""
    idf, avgfl, B, K1 = numbers.idf, numbers.avgfl, numbers.B, numbers.K1  # noqa: N806
    return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))


def bm25f(reader: "IndexReader", scorer: BM25Statistics, field: str, ids: np.ndarray,
          weights: np.ndarray) -> np.ndarray | None:
    """BM25F scores of postings, operation for operation as `whoosh.scoring.bm25`; None when
    the segment's field lengths are not available."""
    lengths = field_lengths(reader, field)
    if lengths is None:
        return None
    return bm25(scorer, weights.astype(np.float64), lengths[ids])


def _term_bytes(reader: "IndexReader", field: str, text: str) -> bytes | None:
    """The term as the field stores it, None for a field without positions (another format)."""
    fieldobj = reader.schema[field] if field in reader.schema else None
    if fieldobj is None or type(fieldobj.format) is not formats.Positions:
        return None
    try:
        return fieldobj.to_bytes(text)
    except ValueError:
        return None


def _from_files(segment_id: str, reader: "IndexReader", field: str,
                text: str) -> PositionPostings | None:
    """A long list from the files beside the index: its ids and weights from the segment's
    posting file, its positions from the position file (archive.index.position_files); None
    when either has no list that fits."""
    text_bytes = _term_bytes(reader, field, text)
    info = term_info(reader, field, text_bytes) if text_bytes is not None else None
    if info is None or info.doc_frequency() < posting_files.MIN_POSTINGS:
        return None
    if posting_files.opened(segment_id) is None:
        posting_files.for_segment(reader)  # opened (or written) once per process
    arrays = posting_files.term_arrays(segment_id, field, text_bytes, info)
    if arrays is None:
        return None
    found = posting_files.term_positions(reader, field, text_bytes, info, len(arrays[0]))
    if found is None:
        return None
    return PositionPostings(arrays[0], arrays[1], *found)


def _read(reader: "IndexReader", field: str, text: str) -> PositionPostings | None:
    """The list read as one byte range, each posting's positions decoded as Whoosh's
    `Positions.decode_positions` does (a count, then the pickled deltas, the pickle's final
    stop byte left off): all postings' deltas by one `pickle.loads`
    (`position_files.decode_values`), or, for values encoded otherwise, one per posting; None
    for another format or an unusual reader."""
    text_bytes = _term_bytes(reader, field, text)
    found = read_blocks(reader, field, text_bytes, values=True) \
        if text_bytes is not None else None
    if found is None:
        return None
    ids, weights, values = found
    decoded = decode_values(values)
    if decoded is not None and len(decoded[0]) == len(ids):
        counts, positions = decoded
        starts = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        return PositionPostings(ids, weights, starts, positions)
    deltas: list[int] = []
    starts = [0]
    try:
        for value in values:
            encoded = value[_COUNT_SIZE:]
            deltas.extend(loads(encoded if encoded.endswith(b".") else encoded + b"."))
            starts.append(len(deltas))
    except Exception:  # noqa: BLE001 - not Whoosh's encoding: its matcher reads it (or fails)
        return None
    if len(starts) != len(ids) + 1:
        return None
    starts_array = np.array(starts, dtype=np.int64)
    summed = np.cumsum(np.array(deltas, dtype=np.int64))
    # Each posting's deltas start again from 0: subtract the running sum before its first.
    before = np.concatenate(([0], summed))[starts_array[:-1]]
    positions = summed - np.repeat(before, np.diff(starts_array))
    return PositionPostings(ids, weights, starts_array, positions)


def _step(reader: "IndexReader", field: str, text: str) -> PositionPostings:
    """The list read through Whoosh's leaf matcher, one step per posting."""
    leaf = reader.postings(field, text)
    if isinstance(leaf, FilterMatcher):  # the deletion filter: deletions are applied later
        leaf = leaf.child
        leaf.reset()  # the filter moved it past its first deleted documents
    ids: list[int] = []
    weights: list[float] = []
    starts = [0]
    positions: list[int] = []
    while leaf.is_active():
        ids.append(leaf.id())
        weights.append(leaf.weight())
        positions.extend(leaf.value_as("positions"))
        starts.append(len(positions))
        leaf.next()
    return PositionPostings(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64),
                            np.array(starts, dtype=np.int64),
                            np.array(positions, dtype=np.int64))

"""A term's scored postings over the whole index at once, kept across searches.

The ranking engine (archive.index.engine) evaluates a query once over index-wide arrays
instead of once per segment: on an index of 50 segments (100k articles written in batches) a
word of four fields and two compound alternatives was 50 × 12 small lists, each a handful of
numpy calls, and building Whoosh's matcher tree for each segment was most of a warm search.

BM25F's statistics are global (Whoosh's scorer takes the idf and the average field length
from the top-level searcher), so a document's score for a term does not depend on the segment
it is in: a term's list is each segment's postings (archive.index.postings, decoded once per
segment) shifted by the segment's offset and concatenated, scored once with the index-wide
idf and average length, operation for operation as `whoosh.scoring.bm25`. Deleted documents
are left in (the engine drops them with the page's allowed set or the live documents).

The scored lists depend on the segments alone (document counts with deleted documents, field
totals), so they are kept by (the segments' key, field, term) — a new segment or a merge
gives a new key — up to MAX_KEPT_POSTINGS postings in all (then the cache starts afresh).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from archive.index.lengths import field_lengths
from archive.index.positions import bm25, statistics
from archive.index.postings import read_term, term_info
from archive.index.segment_caches import segments_key

if TYPE_CHECKING:
    from whoosh.searching import Searcher

# 16 bytes per posting (int64 id, float64 score): 4M postings is ~64 MB at most.
MAX_KEPT_POSTINGS = 4_000_000


@dataclass(frozen=True)
class ScoredList:
    """Index-wide document numbers (ascending, int64) and their scores for one term."""

    ids: np.ndarray
    scores: np.ndarray


_EMPTY = ScoredList(np.empty(0, np.int64), np.empty(0, np.float64))
_KEPT: dict[tuple[object, ...], ScoredList] = {}
_kept_postings = 0


def scored_term(searcher: "Searcher", field: str, text: bytes,
                key_of_segments: object = None) -> ScoredList | None:
    """The term's postings over every segment of `searcher`, scored by the searcher's BM25F
    weighting (its B and K1), or a field's weights where the field is not scorable; None when
    a segment is not one this module can read (the caller then works segment by segment).
    `key_of_segments` is `segments_key(searcher.reader())` when the caller has it."""
    global _kept_postings
    if key_of_segments is None:
        key_of_segments = segments_key(searcher.reader())
    if key_of_segments is None:
        return None
    weighting = searcher.weighting
    key = (key_of_segments, field, text, weighting.B, weighting.K1,
           tuple(sorted(weighting._field_B.items())))  # noqa: SLF001 - BM25F's per-field B
    found = _KEPT.get(key)
    if found is not None:
        return found
    found = _score(searcher, field, text)
    if found is None:
        return None
    if _kept_postings + len(found.ids) > MAX_KEPT_POSTINGS:
        _KEPT.clear()
        _kept_postings = 0
    _KEPT[key] = found
    _kept_postings += len(found.ids)
    return found


def query_term(searcher: "Searcher", fieldname: str, text: object,
               key_of_segments: object) -> ScoredList | None:
    """`scored_term` of a query's term (its text as the query holds it): empty for a field
    the schema lacks or a value the field cannot hold (Whoosh's term matcher matches nothing
    then); None when the index-wide list cannot be had (`key_of_segments` None included)."""
    schema = searcher.schema
    if fieldname not in schema:
        return _EMPTY
    try:
        as_bytes = schema[fieldname].to_bytes(text)
    except ValueError:
        return _EMPTY
    if key_of_segments is None:
        return None
    return scored_term(searcher, fieldname, as_bytes, key_of_segments)


def _score(searcher: "Searcher", field: str, text: bytes) -> ScoredList | None:
    leaves = searcher.subsearchers or [(searcher, 0)]
    lists: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # ids, weights, lengths
    documents = 0  # Whoosh's doc_frequency over the index: the sum of the segments' counts
    for subsearcher, offset in leaves:
        reader = subsearcher.reader()
        # One look-up per segment: the term's info says whether it is there, how long its
        # list is (whether the posting file can hold it) and where it lies; a `(field, text)
        # in reader` test before it looked the term up twice (under a line profiler, 40 % of
        # a first search's term reads on 20 segments; within the noise of a whole run).
        info = term_info(reader, field, text)
        if info is None and (field, text) not in reader:
            continue
        segment = reader.segment() if hasattr(reader, "segment") else None
        lengths = field_lengths(reader, field)
        if segment is None or lengths is None:
            return None
        documents += info.doc_frequency() if info is not None \
            else reader.doc_frequency(field, text)
        # Not kept per segment as well: the index-wide list is what is kept.
        postings = read_term(segment.segment_id(), reader, field, text, keep_it=False,
                             info=info)
        lists.append((postings.ids + offset, postings.weights, lengths[postings.ids]))
    if not lists:
        return _EMPTY
    ids = np.concatenate([item[0] for item in lists])
    tf = np.concatenate([item[1].astype(np.float64) for item in lists])
    numbers = statistics(searcher, field, text, documents)
    if numbers is None:  # not scorable: Whoosh's WeightScorer, the weight itself
        return ScoredList(ids, tf)
    return ScoredList(ids, bm25(numbers, tf, np.concatenate([item[2] for item in lists])))


def clear() -> None:
    """Forget every kept list (tests and benchmarks)."""
    global _kept_postings
    _KEPT.clear()
    _kept_postings = 0

"""Phrases and "parts near each other" in the `exact` field, evaluated on arrays of positions.

Whoosh matches a phrase (`Phrase`, a `SpanNear2` of terms in order, next to each other) and a
compound's parts written apart (archive.index.compile: a `SpanNear2` of `StemSpans`, each an
`SpanOr` of the stem's written forms) with span matchers: building them already steps them to
their first match, and each document costs several Python calls per tree node and a list of
`Span` objects per term. That was most of a warm query's ranking (docs/performance.md, issue
14). Here such a query is evaluated for one segment at once:

* every term's postings with their positions are decoded once per process and kept per
  (segment id, field, term), like archive.index.postings;
* the documents are those of Whoosh's span matcher: for a phrase, positions p, p+1, ... of the
  words in order (one numpy intersection of (document, p) keys); for near parts, the span
  chain of `SpanNear2Matcher._get_spans` replayed on plain (start, end) tuples for each
  document that holds every part (the same bisect, the same distance tests, the same merging
  of a part's forms into runs as `SpanOr`);
* the scores are Whoosh's: each term's BM25F over its postings (the formula of
  `whoosh.scoring.bm25`, as archive.index.engine), added in the shape of Whoosh's trees
  (`make_binary_tree` of intersections over the words or parts, of unions over a part's forms).

`substitute` replaces those nodes of a query by `PositionalQuery`, which keeps the original's
size estimates (so Whoosh shapes the parent trees the same) and whose matcher is an
`ArrayMatcher` over the computed arrays; the engine takes the arrays as they are, a Whoosh
parent steps it like any matcher. Anything else (another weighting, a reader without segment)
is left to the original query.
"""

from __future__ import annotations

import copy
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, TypeVar

import numpy as np
from whoosh import matching
from whoosh import query as wq
from whoosh.matching import mcore
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.spans import SpanNear2
from whoosh.scoring import BM25F, BM25FScorer

from archive.index.compile import StemSpans
from archive.index.lengths import field_lengths

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

# Set to "1" by the benchmark only: phrases and near parts matched by Whoosh's span matchers
# as before this module, in the ranking (archive.index.engine) and the hit set
# (archive.index.docsets), for a same-run comparison; the product never sets it.
WHOOSH_POSITIONS_VARIABLE = "ARCHIVE_BENCH_WHOOSH_POSITIONS"
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
    _ESTIMATES.clear()
    _cached_positions = 0


def _postings(segment_id: str, reader: "IndexReader", field: str, text: str) -> PositionPostings:
    """A term's postings with positions, deleted documents included, from the cache or read
    once through Whoosh's leaf matcher (one Python step per posting, the first time only)."""
    global _cached_positions
    key = (segment_id, field, text)
    found = _CACHE.get(key)
    if found is not None:
        return found
    leaf = reader.postings(field, text)
    if isinstance(leaf, FilterMatcher):  # the deletion filter: deletions are applied later
        leaf = leaf.child
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
    found = PositionPostings(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64),
                             np.array(starts, dtype=np.int64),
                             np.array(positions, dtype=np.int64))
    if _cached_positions + len(positions) > MAX_CACHED_POSITIONS:
        clear_cache()
    _CACHE[key] = found
    _cached_positions += len(positions)
    return found


def bm25f(reader: "IndexReader", scorer: BM25FScorer, field: str, ids: np.ndarray,
          weights: np.ndarray) -> np.ndarray | None:
    """BM25F scores of postings, operation for operation as `whoosh.scoring.bm25`; None when
    the segment's field lengths are not available."""
    lengths = field_lengths(reader, field)
    if lengths is None:
        return None
    tf = weights.astype(np.float64)
    fl = lengths[ids]
    idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))


class ArrayMatcher(mcore.Matcher):
    """A matcher over computed (ascending ids, scores) arrays, for Whoosh parents to step."""

    def __init__(self, ids: np.ndarray, scores: np.ndarray) -> None:
        self.ids, self.scores = ids, scores
        self._ids = ids.tolist()
        self._i = 0

    def is_active(self) -> bool:
        return self._i < len(self._ids)

    def id(self) -> int:
        return self._ids[self._i]

    def next(self) -> None:
        self._i += 1

    def skip_to(self, target: int) -> None:
        self._i = bisect_left(self._ids, target, self._i)

    def score(self) -> float:
        return float(self.scores[self._i])

    def weight(self) -> float:
        return self.score()

    def reset(self) -> None:
        self._i = 0

    def copy(self) -> "ArrayMatcher":
        return ArrayMatcher(self.ids, self.scores)

    def replace(self, minquality: float = 0) -> "mcore.Matcher":
        return self if self.is_active() else matching.NullMatcher()

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        return float(self.scores.max()) if len(self.scores) else 0.0

    def all_ids(self):  # type: ignore[no-untyped-def]
        return iter(self._ids)


class PositionalQuery(wq.Query):
    """A phrase or near query evaluated here; sizes estimated as the original's."""

    def __init__(self, original: wq.Query) -> None:
        self.original = original
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"PositionalQuery({self.original!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PositionalQuery) and other.original == self.original

    def __hash__(self) -> int:
        return hash((PositionalQuery, self.original))

    def estimate_size(self, ixreader) -> int:  # type: ignore[no-untyped-def]
        return _estimate(ixreader, self.original, "size")

    def estimate_min_size(self, ixreader) -> int:  # type: ignore[no-untyped-def]
        return _estimate(ixreader, self.original, "min_size")

    def matcher(self, searcher, context=None):  # type: ignore[no-untyped-def]
        found = evaluate(searcher, self.original)
        if found is None:
            return self.original.matcher(searcher, context)
        ids, scores = found
        return ArrayMatcher(ids, scores) if len(ids) else matching.NullMatcher()


# (segment id, query, which) -> the original's estimate: a near query's is the document
# frequencies of every word starting with each stem (Whoosh's Prefix estimate), thousands of
# term lookups for a short stem, and a segment's terms never change.
_ESTIMATES: dict[tuple[str, wq.Query, str], int] = {}
MAX_CACHED_ESTIMATES = 20_000


def _estimate(ixreader: "IndexReader", query: wq.Query, which: str) -> int:
    """`query.estimate_size` or `estimate_min_size` in `ixreader`, cached per segment."""
    compute = query.estimate_size if which == "size" else query.estimate_min_size
    segment = ixreader.segment() if hasattr(ixreader, "segment") else None
    if segment is None:
        return compute(ixreader)
    key = (segment.segment_id(), query, which)
    found = _ESTIMATES.get(key)
    if found is None:
        if len(_ESTIMATES) >= MAX_CACHED_ESTIMATES:
            _ESTIMATES.clear()
        found = _ESTIMATES[key] = compute(ixreader)
    return found


def handled(query: wq.Query) -> bool:
    """Whether `evaluate` reproduces this query: a phrase of next-to-each-other words in
    order, or a near query of stem forms (archive.index.compile)."""
    if type(query) is wq.Phrase:
        return query.slop == 1 and len(query.words) > 1
    if type(query) is SpanNear2:
        return all(type(part) is StemSpans for part in query.qs) and len(query.qs) > 1 \
            and len({part.fieldname for part in query.qs}) == 1
    return False


def substitute(query: wq.Query) -> wq.Query:
    """The query with its phrase and near nodes replaced by PositionalQuery (copies of the
    changed compound nodes; the original is left as it is)."""
    if handled(query):
        return PositionalQuery(query)
    if isinstance(query, wq.Not):
        inner = substitute(query.query)
        if inner is query.query:
            return query
        changed = copy.copy(query)
        changed.query = inner
        return changed
    subqueries = getattr(query, "subqueries", None)
    if isinstance(query, wq.compound.CompoundQuery) and subqueries is not None:
        replaced = [substitute(sub) for sub in subqueries]
        if all(new is old for new, old in zip(replaced, subqueries)):
            return query
        changed = copy.copy(query)
        changed.subqueries = replaced
        return changed
    return query


def evaluate(searcher: "Searcher", query: wq.Query) -> tuple[np.ndarray, np.ndarray] | None:
    """The live local ids and scores of a handled query in the searcher's (one-segment)
    reader, or None when this module cannot reproduce Whoosh there."""
    reader = searcher.reader()
    segment = reader.segment() if hasattr(reader, "segment") else None
    if segment is None or type(searcher.weighting) is not BM25F:
        return None
    if type(query) is wq.Phrase:
        found = _phrase(searcher, reader, segment.segment_id(), query)
    else:
        found = _near(searcher, reader, segment.segment_id(), query)
    if found is None or not len(found[0]):
        return found
    ids, scores = found
    deleted = reader.deleted_docs_set
    if deleted:
        keep = ~np.isin(ids, np.fromiter(deleted, dtype=np.int64, count=len(deleted)))
        ids, scores = ids[keep], scores[keep]
    return ids, scores


_EMPTY = (np.empty(0, np.int64), np.empty(0, np.float64))
T = TypeVar("T")


def _tree(items: list[T], join: Callable[[T, T], T]) -> T:
    """`items` combined in the shape of whoosh.util.make_binary_tree (halves, left first)."""
    if len(items) == 1:
        return items[0]
    half = len(items) // 2
    return join(_tree(items[:half], join), _tree(items[half:], join))


@dataclass
class _Term:
    postings: PositionPostings
    scores: np.ndarray


def _term(searcher: "Searcher", reader: "IndexReader", segment_id: str, field: str,
          text: str) -> _Term | None:
    postings = _postings(segment_id, reader, field, text)
    scorer = searcher.weighting.scorer(searcher, field, text)
    if type(scorer) is not BM25FScorer:
        return None
    scores = bm25f(reader, scorer, field, postings.ids, postings.weights)
    return None if scores is None else _Term(postings, scores)


def _phrase(searcher: "Searcher", reader: "IndexReader", segment_id: str,
            query: wq.Phrase) -> tuple[np.ndarray, np.ndarray] | None:
    field = query.fieldname
    if field not in searcher.schema:
        return _EMPTY
    if not searcher.schema[field].format.supports("positions"):
        return None  # Whoosh's Phrase raises its own error for such a field
    terms: list[_Term] = []
    for word in query.words:
        try:
            text = searcher.schema[field].to_bytes(word)
        except ValueError:
            return _EMPTY
        if (field, text) not in reader:  # as Phrase.matcher: a missing word, no match
            return _EMPTY
        term = _term(searcher, reader, segment_id, field,
                     text.decode("utf-8") if isinstance(text, bytes) else text)
        if term is None:
            return None
        terms.append(term)
    common = terms[0].postings.ids
    for term in terms[1:]:
        common = np.intersect1d(common, term.postings.ids, assume_unique=True)
    if not len(common):
        return _EMPTY
    # Word i at position p + i for every i: keys (document, p) common to all words.
    keys = None
    for i, term in enumerate(terms):
        rows = np.searchsorted(term.postings.ids, common)
        owner, positions = term.postings.positions_of(rows)
        start = positions - i
        fit = start >= 0
        these = np.unique((common[owner[fit]] << 32) | start[fit])
        keys = these if keys is None else np.intersect1d(keys, these, assume_unique=True)
    ids = np.unique(keys >> 32)
    if not len(ids):
        return _EMPTY
    parts = [term.scores[np.searchsorted(term.postings.ids, ids)] for term in terms]
    scores = _tree(parts, lambda a, b: a + b)
    return ids, (scores * query.boost if query.boost != 1.0 else scores)


@dataclass
class _Part:
    """One near part: its documents, scores (union of its forms), and its spans per document."""

    ids: np.ndarray
    scores: np.ndarray
    forms: list[_Term]


def _union(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]
           ) -> tuple[np.ndarray, np.ndarray]:
    """Ids of either side, a + b where both match (UnionMatcher's order), as the engine."""
    ids = np.union1d(a[0], b[0])
    scores = np.zeros(len(ids), dtype=np.float64)
    scores[np.searchsorted(ids, a[0])] += a[1]
    scores[np.searchsorted(ids, b[0])] += b[1]
    return ids, scores


def _near(searcher: "Searcher", reader: "IndexReader", segment_id: str,
          query: SpanNear2) -> tuple[np.ndarray, np.ndarray] | None:
    field = query.qs[0].fieldname
    if field not in searcher.schema or not searcher.schema[field].format.supports("positions"):
        return None  # Whoosh's own span matchers decide (or raise)
    parts: list[_Part] = []
    for stem in query.qs:
        forms: list[_Term] = []
        for text in stem.forms(reader):
            term = _term(searcher, reader, segment_id, stem.fieldname, text)
            if term is None:
                return None
            forms.append(term)
        if not forms:  # StemSpans' NullMatcher: the intersection matches nothing
            return _EMPTY
        ids, scores = _tree([(form.postings.ids, form.scores) for form in forms], _union)
        parts.append(_Part(ids, scores, forms))
    common = parts[0].ids
    for part in parts[1:]:
        common = np.intersect1d(common, part.ids, assume_unique=True)
    if not len(common):
        return _EMPTY
    spans = [_spans_by_document(part, common) for part in parts]
    keep = np.array([_near_match([found[i] for found in spans], query.slop, query.ordered,
                                 query.mindist) for i in range(len(common))], dtype=bool)
    ids = common[keep]
    if not len(ids):
        return _EMPTY
    scores = _tree([part.scores[np.searchsorted(part.ids, ids)] for part in parts],
                   lambda a, b: a + b)
    return ids, scores


def _spans_by_document(part: _Part, documents: np.ndarray) -> list[list[tuple[int, int]]]:
    """A part's spans in each document: a single form's positions as they are; several forms'
    positions merged into runs of adjacent or shared positions, as SpanOr merges them."""
    pairs_doc: list[np.ndarray] = []
    pairs_pos: list[np.ndarray] = []
    for form in part.forms:
        rows = np.searchsorted(form.postings.ids, documents)
        present = rows < len(form.postings.ids)
        present[present] = form.postings.ids[rows[present]] == documents[present]
        owner, positions = form.postings.positions_of(rows[present])
        pairs_doc.append(np.flatnonzero(present)[owner])
        pairs_pos.append(positions)
    docs = np.concatenate(pairs_doc)
    positions = np.concatenate(pairs_pos)
    order = np.lexsort((positions, docs))
    docs, positions = docs[order], positions[order]
    bounds = np.searchsorted(docs, np.arange(len(documents) + 1))
    listed = positions.tolist()
    result: list[list[tuple[int, int]]] = []
    for i in range(len(documents)):
        these = listed[bounds[i]:bounds[i + 1]]
        if len(part.forms) == 1:
            result.append([(p, p) for p in these])
            continue
        runs: list[tuple[int, int]] = []
        for p in these:
            if runs and p <= runs[-1][1] + 1:
                if p > runs[-1][1]:
                    runs[-1] = (runs[-1][0], p)
            else:
                runs.append((p, p))
        result.append(runs)
    return result


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Span.distance_to on (start, end) tuples."""
    if a[0] <= b[1] and b[0] <= a[1]:  # overlapping
        return 0
    if a[1] < b[0]:
        return b[0] - a[1]
    return a[0] - b[1]


def _near_match(parts: list[list[tuple[int, int]]], slop: int, ordered: bool,
                mindist: int) -> bool:
    """Whether SpanNear2Matcher._get_spans finds a span, replayed step for step."""
    aspans = parts[0]
    i = 1
    while i < len(parts) and aspans:
        bspans = parts[i]
        starts = [span[0] for span in bspans]
        spans: set[tuple[int, int]] = set()
        for aspan in aspans:
            start = aspan[0] if ordered else max(0, aspan[0] - slop)
            j = bisect_left(starts, start)
            while j < len(bspans):
                bspan = bspans[j]
                j += 1
                if bspan[1] < aspan[0] - slop or (ordered and aspan[0] > bspan[0]):
                    continue
                if bspan[0] > aspan[1] + slop:
                    break
                if mindist <= _distance(aspan, bspan) <= slop:
                    spans.add((min(aspan[0], bspan[0]), max(aspan[1], bspan[1])))
        aspans = sorted(spans)
        i += 1
    return i == len(parts) and bool(aspans)

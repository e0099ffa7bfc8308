"""Phrases and "parts near each other" in the `exact` field, evaluated on arrays of positions.

Whoosh matches a phrase (`Phrase`, a `SpanNear2` of terms in order, next to each other) and a
compound's parts written apart (archive.index.compile: a `SpanNear2` of `StemSpans`, each an
`SpanOr` of the stem's written forms) with span matchers: building them already steps them to
their first match, and each document costs several Python calls per tree node and a list of
`Span` objects per term. That was most of a warm query's ranking (docs/performance.md, issue
14). Here such a query is evaluated for one segment at once:

* every term's postings with their positions are decoded once per process and kept per
  (segment id, field, term) (archive.index.positions);
* the documents are those of Whoosh's span matcher: for a phrase, positions p, p+1, ... of the
  words in order (one numpy intersection of (document, p) keys); for near parts, the span
  chain of `SpanNear2Matcher._get_spans` replayed on arrays of (document, start, end) for
  every document that holds every part at once (archive.index.span_chain);
* the scores are Whoosh's: each term's BM25F over its postings (the formula of
  `whoosh.scoring.bm25`, archive.index.positions.bm25f, which the engine uses too), added
  in the shape of Whoosh's trees (`make_binary_tree` of intersections over the words or
  parts, of unions over a part's forms).

`substitute` replaces those nodes of a query by `PositionalQuery`, which keeps the original's
size estimates (so Whoosh shapes the parent trees the same) and whose matcher is an
`ArrayMatcher` over the computed arrays; the engine takes the arrays as they are, a Whoosh
parent steps it like any matcher. Anything else (another weighting, a reader without segment)
is left to the original query.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, TypeVar

import numpy as np
from whoosh import matching
from whoosh import query as wq
from whoosh.matching import mcore
from whoosh.query.spans import SpanNear2
from whoosh.scoring import BM25F

from archive.index import positions
from archive.index.compile import StemSpans
from archive.index.positions import PositionPostings, bm25f, postings_with_positions
from archive.index.sorted_ids import union, unique_sorted
from archive.index.span_chain import near_documents, part_spans

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

# Set to "1" by the benchmark only: phrases and near parts matched by Whoosh's span matchers
# as before this module, in the ranking (archive.index.engine) and the hit set
# (archive.index.docsets), for a same-run comparison; the product never sets it.
WHOOSH_POSITIONS_VARIABLE = "ARCHIVE_BENCH_WHOOSH_POSITIONS"


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


def clear_cache() -> None:
    """Forget decoded postings and cached estimates (tests; a process that switches archives)."""
    positions.clear_cache()
    _ESTIMATES.clear()


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


def evaluate(searcher: "Searcher", query: wq.Query,
             scored: bool = True) -> tuple[np.ndarray, np.ndarray] | None:
    """The live local ids and scores of a handled query in the searcher's (one-segment)
    reader, or None when this module cannot reproduce Whoosh there. Without `scored` (a match
    set, which ranks nothing) the scores are zeros and no term's BM25 statistics are read
    (a scorer per form and segment): the same ids."""
    reader = searcher.reader()
    segment = reader.segment() if hasattr(reader, "segment") else None
    if segment is None or type(searcher.weighting) is not BM25F:
        return None
    if type(query) is wq.Phrase:
        found = _phrase(searcher, reader, segment.segment_id(), query, scored)
    else:
        found = _near(searcher, reader, segment.segment_id(), query, scored)
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
          text: str, scored: bool = True) -> _Term | None:
    postings = postings_with_positions(segment_id, reader, field, text)
    if not scored:
        return _Term(postings, np.zeros(len(postings.ids), dtype=np.float64))
    numbers = positions.statistics(searcher, field, text)
    if numbers is None:
        return None
    scores = bm25f(reader, numbers, field, postings.ids, postings.weights)
    return None if scores is None else _Term(postings, scores)


def _phrase(searcher: "Searcher", reader: "IndexReader", segment_id: str,
            query: wq.Phrase, scored: bool = True) -> tuple[np.ndarray, np.ndarray] | None:
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
                     text.decode("utf-8") if isinstance(text, bytes) else text, scored)
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
        these = unique_sorted((common[owner[fit]] << 32) | start[fit])
        keys = these if keys is None else np.intersect1d(keys, these, assume_unique=True)
    ids = unique_sorted(keys >> 32)
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
    ids = union(a[0], b[0])
    scores = np.zeros(len(ids), dtype=np.float64)
    scores[np.searchsorted(ids, a[0])] += a[1]
    scores[np.searchsorted(ids, b[0])] += b[1]
    return ids, scores


# The documents of a segment in which a compound's parts stand near each other, by segment,
# field, the parts' written forms and the span's settings: the match set and the ranking of
# one search check the same spans (every document holding all parts: 26k documents for
# "Coronavirus" at 100k articles), and so does the same query searched again.
# A segment's postings never change; deleted documents are removed after (`evaluate`).
_NEAR_CACHE: "OrderedDict[tuple[object, ...], np.ndarray]" = OrderedDict()
_NEAR_CACHE_SIZE = 128  # results of up to a few 10k ids each: a few MB


def _near_ids(parts: list[_Part], query: SpanNear2) -> np.ndarray:
    """The ids, among those holding every part, where the parts stand near each other."""
    common = parts[0].ids
    for part in parts[1:]:
        common = np.intersect1d(common, part.ids, assume_unique=True)
    if not len(common):
        return common
    spans = [part_spans([form.postings for form in part.forms], common) for part in parts]
    return common[near_documents(spans, len(common), query.slop, query.ordered,
                                 query.mindist)]


def _near(searcher: "Searcher", reader: "IndexReader", segment_id: str,
          query: SpanNear2, scored: bool = True) -> tuple[np.ndarray, np.ndarray] | None:
    field = query.qs[0].fieldname
    if field not in searcher.schema or not searcher.schema[field].format.supports("positions"):
        return None  # Whoosh's own span matchers decide (or raise)
    parts: list[_Part] = []
    written: list[tuple[str, ...]] = []
    for stem in query.qs:
        forms: list[_Term] = []
        texts = tuple(stem.forms(reader))
        for text in texts:
            term = _term(searcher, reader, segment_id, stem.fieldname, text, scored)
            if term is None:
                return None
            forms.append(term)
        if not forms:  # StemSpans' NullMatcher: the intersection matches nothing
            return _EMPTY
        ids, scores = _tree([(form.postings.ids, form.scores) for form in forms], _union)
        parts.append(_Part(ids, scores, forms))
        written.append(texts)
    key = (segment_id, field, tuple(written), query.slop, query.ordered, query.mindist)
    ids = _NEAR_CACHE.get(key)
    if ids is None:
        ids = _near_ids(parts, query)
        _NEAR_CACHE[key] = ids
        if len(_NEAR_CACHE) > _NEAR_CACHE_SIZE:
            _NEAR_CACHE.popitem(last=False)
    if not len(ids):
        return _EMPTY
    scores = _tree([part.scores[np.searchsorted(part.ids, ids)] for part in parts],
                   lambda a, b: a + b)
    return ids, scores

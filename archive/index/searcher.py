"""Run a compiled query against the live index: ranked page, exact total, facet counts.

Totals and facets are computed from the full set of matching documents (query AND filters),
not from the page shown. Whoosh's own `len(results)` and `results.docs()` ignore `filter=` when
block skipping is on, so the archive counts the matches itself: with `matching_docnums`
(archive.index.docsets), set operations over posting blocks that give exactly Whoosh's
`docs_for_query` without stepping a matcher once per hit.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy
from whoosh import query as wq
from whoosh.query.compound import DefaultOr
from whoosh import collectors
from whoosh.sorting import FieldFacet, ScoreFacet, TranslateFacet

from archive.index.docsets import matching_array, matching_docnums
from archive.index.engine import rank
from archive.index.facets import UNDATED_YEAR, count_facets, order_facets
from archive.index.lengths import preload_lengths
from archive.index.schema import FACET_COLUMNS, VALUE_SEPARATOR
from archive.index.sorted_ids import counted
from archive.index.verify import reading
from archive.index.generations import open_index

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

SORTS = ("relevance", "newest", "oldest")
# Set to "1" by the benchmark only, to rank with Whoosh's collector as before the engine
# (a same-run comparison); the product never sets it.
WHOOSH_RANKING_VARIABLE = "ARCHIVE_BENCH_WHOOSH_RANKING"


@dataclass(frozen=True)
class IndexHit:
    """One ranked hit: the article id, its relevance score (None when sorted by date), and for
    a best-match hit the positions of the query words it lacks (empty: it has every word)."""

    id: str
    score: float | None
    missing: tuple[int, ...] = ()


@dataclass(frozen=True)
class IndexResult:
    """A page of hits, the exact number of matches, facet counts over all matches, and the
    number of further articles holding some but not all of the best-match words."""

    total: int
    hits: list[IndexHit]
    facets: dict[str, list[tuple[str | None, int]]] | None
    partial_total: int = 0


@dataclass(frozen=True)
class BestMatch:
    """The words of a query that best match may leave out (each compiled on its own) and the
    conditions that always hold (None: none besides the filters)."""

    words: list[wq.Query]
    required: wq.Query | None


def search_index(generation: Path, query: wq.Query, filter_query: wq.Query | None,
                 sort: str = "relevance", limit: int = 10, offset: int = 0,
                 facets: bool = False, facet_limit: int | None = 20,
                 best_match: BestMatch | None = None,
                 partial_limit: int | None = None) -> IndexResult:
    """Search one index generation. `limit` 0 gives the total (and facets) without a page;
    `facet_limit` caps values per facet (None: every value). With `best_match`, a page that
    the articles holding every word do not fill is filled with articles holding most of them
    (`_partial_page`), at most `partial_limit` of them (None: up to `limit`; 0: none ranked,
    only counted); the total and facets count only articles with every word."""
    with reading(generation), open_index(generation).searcher() as searcher:
        matching = query if filter_query is None else wq.And([query, filter_query])
        # Ascending numpy array: the engine and the facet count take it as it is.
        docnums = matching_array(searcher, matching)
        hits = ranked_page(searcher, query, docnums, sort, limit, offset) \
            if len(docnums) and limit else []
        counts = count_facets(generation, searcher.reader(), docnums, facet_limit) \
            if facets else None
        partial_total = 0
        if best_match is not None:
            wanted = offset + limit - max(offset, len(docnums))
            partial_total, partial = _partial_page(
                searcher, best_match, filter_query, docnums, sort, limit,
                max(0, offset - len(docnums)),
                wanted if partial_limit is None else min(wanted, partial_limit))
            hits.extend(partial)
        return IndexResult(len(docnums), hits, counts, partial_total)


def _partial_page(searcher: "Searcher", best_match: BestMatch, filter_query: wq.Query | None,
                  complete: "numpy.ndarray", sort: str, limit: int, skip: int,
                  wanted: int) -> tuple[int, list[IndexHit]]:
    """Articles holding some but not all of the words: those with more words first, each group
    ranked by the words they hold (or by date). Returns how many there are, and the page part
    (`skip` of them passed over, at most `wanted` returned). `complete`: the ascending
    numbers of the articles holding every word."""
    word_sets = [matching_array(searcher, word) for word in best_match.words]
    conditions = [part for part in (best_match.required, filter_query) if part is not None]
    ids, held = counted(numpy.concatenate(word_sets)) if word_sets \
        else (numpy.empty(0, numpy.int64), numpy.empty(0, numpy.int64))
    keep = ~numpy.isin(ids, complete, assume_unique=True)
    if conditions:
        allowed = matching_array(searcher, conditions[0] if len(conditions) == 1
                                 else wq.And(conditions))
        keep &= numpy.isin(ids, allowed, assume_unique=True)
    ids, held = ids[keep], held[keep]
    total = len(ids)
    if not limit or wanted <= 0:
        return total, []
    any_word = DefaultOr(best_match.words) if len(best_match.words) > 1 else best_match.words[0]
    page: list[IndexHit] = []
    for count in sorted(set(held.tolist()), reverse=True):
        group = ids[held == count]
        if skip >= len(group):
            skip -= len(group)
            continue
        ranked = _ranked_docnums(searcher, any_word, group, sort, skip + wanted - len(page))
        for docnum, score in ranked[skip:]:
            missing = tuple(i for i, found in enumerate(word_sets) if not _holds(found, docnum))
            page.append(IndexHit(searcher.stored_fields(docnum)["id"], score, missing))
        skip = 0
        if len(page) >= wanted:
            break
    return total, page


def _holds(ascending: "numpy.ndarray", docnum: int) -> bool:
    """Whether an ascending array of document numbers holds `docnum`."""
    where = int(ascending.searchsorted(docnum))
    return where < len(ascending) and int(ascending[where]) == docnum


def all_ids(generation: Path, query: wq.Query, filter_query: wq.Query | None,
            sort: str = "relevance") -> list[str]:
    """The ids of every match, in the requested order (for export)."""
    with reading(generation), open_index(generation).searcher() as searcher:
        matching = query if filter_query is None else wq.And([query, filter_query])
        docnums = matching_docnums(searcher, matching)
        if not docnums:
            return []
        return [hit.id for hit in ranked_page(searcher, query, set(docnums), sort,
                                              len(docnums), 0)]


def _undated(value: object) -> bool:
    return value is None or value == UNDATED_YEAR


def ranked_page(searcher: "Searcher", query: wq.Query,
                allowed: "set[int] | numpy.ndarray | None",
                sort: str, limit: int, offset: int) -> list[IndexHit]:
    """Hits `offset` to `offset + limit` of the matches of `query` that are in `allowed`
    (index-wide document numbers; None: no restriction), by relevance or date."""
    ranked = _ranked_docnums(searcher, query, allowed, sort, offset + limit)[offset:]
    return [IndexHit(searcher.stored_fields(docnum)["id"], score) for docnum, score in ranked]


def _ranked_docnums(searcher: "Searcher", query: wq.Query,
                    allowed: "set[int] | numpy.ndarray | None",
                    sort: str, wanted: int) -> list[tuple[int, float | None]]:
    """The first `wanted` (document number, score) of the matches in `allowed`.

    By relevance, every match is scored and the exact top `wanted` kept, ties broken by the
    lower document number: Whoosh's default collector skips blocks and subqueries by their
    score bounds, and on multi-segment indexes it was seen to drop documents that score higher.
    The archive's engine (archive.index.engine) does this over whole posting lists; Whoosh's
    exhaustive collector remains for other weightings (and for the benchmark's comparison).
    By date, undated articles come last in both directions, and relevance orders one day
    (the score is then not reported).
    """
    if sort == "relevance" and os.environ.get(WHOOSH_RANKING_VARIABLE) != "1":
        ranked = rank(searcher, query, allowed, wanted)
        if ranked is not None:
            return [(docnum, score) for docnum, score in ranked]
    if allowed is not None and not isinstance(allowed, (set, frozenset)):
        # Whoosh's filter asks `docnum in allowed`, once per document.
        allowed = set(allowed.tolist() if hasattr(allowed, "tolist") else allowed)
    preload_lengths(searcher, searcher.schema.scorable_names())
    if sort == "relevance":
        collector = collectors.TopCollector(wanted, usequality=False, replace=0)
    else:
        collector = collectors.SortingCollector(
            [TranslateFacet(_undated, FieldFacet("published")),
             FieldFacet("published", reverse=sort == "newest"), ScoreFacet()], limit=wanted)
    if allowed is not None:  # the filters, as the document set that gave the total
        collector = collectors.FilterCollector(collector, allowed, None)
    searcher.search_with_collector(query, collector)
    results = collector.results()
    return [(results.docnum(rank), results.score(rank) if sort == "relevance" else None)
            for rank in range(min(wanted, results.scored_length()))]


def column_values(reader: "IndexReader", column: str) -> list[object]:
    """A sortable column's value for every document number, segment by segment.

    Whoosh's multi-segment column reader yields nothing at all when one segment lacks the
    column (no document in it had a value), so missing columns are padded with None here.
    """
    values: list[object] = []
    for segment, _offset in reader.leaf_readers():
        if segment.has_column(column):
            values.extend(segment.column_reader(column))
        else:
            values.extend([None] * segment.doc_count_all())
    return values


def facet_counts_from_columns(searcher: "Searcher", docnums: list[int],
                              facet_limit: int | None) -> dict[str, list[tuple[str | None, int]]]:
    """The straightforward facet count, value by value from Whoosh's columns: the reference
    the cached tables (archive.index.facets) must agree with."""
    reader = searcher.reader()
    counters: dict[str, Counter[str | None]] = {}
    for facet, column in FACET_COLUMNS.items():
        values = column_values(reader, column)
        counter: Counter[str | None] = Counter()
        if facet == "author":
            for docnum in docnums:
                joined = values[docnum]
                if joined:
                    counter.update(joined.split(VALUE_SEPARATOR))
        elif facet == "year":
            counter.update(str(values[docnum]) if values[docnum] not in (None, UNDATED_YEAR)
                           else None for docnum in docnums)
        else:
            counter.update(values[docnum] for docnum in docnums if values[docnum])
        counters[facet] = counter
    return order_facets(counters, facet_limit)


def indexed_revisions(generation: Path) -> list[tuple[str, str]]:
    """(id, rev) of every live document in a generation, for consistency checks."""
    with reading(generation), open_index(generation).searcher() as searcher:
        return [(fields["id"], fields.get("rev", "")) for fields in searcher.all_stored_fields()]

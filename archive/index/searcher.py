"""Run a compiled query against the live index: ranked page, exact total, facet counts.

Totals and facets are computed from the full set of matching documents (query AND filters),
not from the page shown. Whoosh's own `len(results)` and `results.docs()` ignore `filter=` when
block skipping is on, so the archive counts the matches itself: with `matching_docnums`
(archive.index.docsets), set operations over posting blocks that give exactly Whoosh's
`docs_for_query` without stepping a matcher once per hit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import query as wq
from whoosh.sorting import FieldFacet, ScoreFacet

from archive.index.docsets import matching_docnums
from archive.index.facets import count_facets
from archive.index.lengths import preload_lengths
from archive.index.schema import FACET_COLUMNS, VALUE_SEPARATOR
from archive.index.writer import open_index

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class IndexHit:
    """One ranked hit: the article id and its relevance score (None when sorted by date)."""

    id: str
    score: float | None


@dataclass(frozen=True)
class IndexResult:
    """A page of hits, the exact number of matches, and facet counts over all matches."""

    total: int
    hits: list[IndexHit]
    facets: dict[str, list[tuple[str, int]]] | None


def search_index(generation: Path, query: wq.Query, filter_query: wq.Query | None,
                 sort: str = "relevance", limit: int = 10, offset: int = 0,
                 facets: bool = False, facet_limit: int = 20) -> IndexResult:
    """Search one index generation. `facet_limit` caps values per facet (most frequent first)."""
    index = open_index(generation)
    with index.searcher() as searcher:
        matching = query if filter_query is None else wq.And([query, filter_query])
        docnums = matching_docnums(searcher, matching)
        hits = _ranked_page(searcher, query, filter_query, sort, limit, offset) if docnums else []
        counts = count_facets(generation, searcher.reader(), docnums, facet_limit) \
            if facets else None
        return IndexResult(len(docnums), hits, counts)


def all_ids(generation: Path, query: wq.Query, filter_query: wq.Query | None,
            sort: str = "relevance") -> list[str]:
    """The ids of every match, in the requested order (for export)."""
    index = open_index(generation)
    with index.searcher() as searcher:
        matching = query if filter_query is None else wq.And([query, filter_query])
        total = len(matching_docnums(searcher, matching))
        if not total:
            return []
        return [hit.id for hit in _ranked_page(searcher, query, filter_query, sort, total, 0)]


def _ranked_page(searcher: "Searcher", query: wq.Query, filter_query: wq.Query | None,
                 sort: str, limit: int, offset: int) -> list[IndexHit]:
    if sort == "relevance":
        sortedby = None
    else:
        # Relevance breaks ties between articles of the same day.
        sortedby = [FieldFacet("published", reverse=sort == "newest"), ScoreFacet()]
    preload_lengths(searcher, searcher.schema.scorable_names())
    results = searcher.search(query, filter=filter_query, limit=offset + limit,
                              sortedby=sortedby, terms=False)
    page = []
    for rank in range(offset, min(offset + limit, results.scored_length())):
        stored = searcher.stored_fields(results.docnum(rank))
        page.append(IndexHit(stored["id"], results.score(rank) if sort == "relevance" else None))
    return page


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
                              facet_limit: int) -> dict[str, list[tuple[str, int]]]:
    """The straightforward facet count, value by value from Whoosh's columns: the reference
    the cached tables (archive.index.facets) must agree with."""
    reader = searcher.reader()
    counts: dict[str, list[tuple[str, int]]] = {}
    for facet, column in FACET_COLUMNS.items():
        values = column_values(reader, column)
        counter: Counter[str] = Counter()
        if facet == "author":
            for docnum in docnums:
                joined = values[docnum]
                if joined:
                    counter.update(joined.split(VALUE_SEPARATOR))
        elif facet == "year":
            counter.update(str(values[docnum]) for docnum in docnums if values[docnum])
        else:
            counter.update(values[docnum] for docnum in docnums if values[docnum])
        ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
        counts[facet] = ordered[:facet_limit]
    return counts


def indexed_revisions(generation: Path) -> list[tuple[str, str]]:
    """(id, rev) of every live document in a generation, for consistency checks."""
    index = open_index(generation)
    with index.searcher() as searcher:
        return [(fields["id"], fields.get("rev", "")) for fields in searcher.all_stored_fields()]

"""Counts of fixed id sets (the articles carrying each tag) among a search's matches: the tag
facet. Tags live in the store, not in the index, so the facet tables of archive.index.facets
cannot hold them; instead each tag's articles are looked up by their unique id terms and
intersected with the match set. That costs one more evaluation of the match set (the same
block-wise set operations as the total) plus one id lookup per tagged article, and is done
only when facets are asked and some article carries a tag.
"""

from __future__ import annotations

from pathlib import Path

from whoosh import query as wq

from archive.index.compile import IdSetQuery
from archive.index.docsets import intersect, matching_array
from archive.index.verify import reading
from archive.index.generations import open_index


def count_id_groups(generation: Path, query: wq.Query, filter_query: wq.Query | None,
                    groups: dict[str, frozenset[str]]) -> dict[str, int]:
    """For each named group of article ids, how many of its articles match query AND filters
    (groups without a match are left out)."""
    if not groups:
        return {}
    with reading(generation), open_index(generation).searcher() as searcher:
        matching = query if filter_query is None else wq.And([query, filter_query])
        docnums = matching_array(searcher, matching)
        counts: dict[str, int] = {}
        for name, ids in groups.items():
            count = len(intersect(docnums, matching_array(searcher, IdSetQuery(ids))))
            if count:
                counts[name] = count
        return counts

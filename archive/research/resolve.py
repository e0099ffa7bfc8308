"""Resolve the query nodes that name a researcher's data in the store, before compiling.

`tag:x` becomes the set of ids carrying the tag, `note:word` the set of ids with a note holding
the word (both `ast.IdSet`, which archive.index.compile turns into an id filter), and
`query:NAME` the saved query's parsed tree ANDed with its filters, itself resolved the same way.
Like outlet aliases (archive/outlet_names.py), this happens per search against the store, so
tags, notes and saved queries never need re-indexing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.errors import QueryError, UsageError
from archive.query import ast
from archive.query.parser import parse
from archive.research.names import fold_name, name_problem
from archive.research.notes import noted_ids
from archive.research.tags import tagged_ids

if TYPE_CHECKING:
    from archive.research.saved_queries import SavedQuery
    from archive.store import Store

# Saved queries may use other saved queries this many levels deep; a chain leading back to a
# name already being expanded (a query naming itself) is refused at once, with the chain.
MAX_SAVED_DEPTH = 8


def resolve_store_nodes(store: "Store", node: ast.Node, source: str = "") -> ast.Node:
    """The tree with every `tag:`, `note:` and `query:` node resolved through the store.

    QueryError (one line, naming the query `source`) for a bad tag name, an unknown saved
    query, a saved query that leads back to itself or nests deeper than MAX_SAVED_DEPTH."""
    return _Resolver(store, source, {}).resolve(node, ())


def check_saved(store: "Store", saved: "SavedQuery") -> None:
    """Check a saved query before it is stored: its filters are valid and expanding it (as if
    it were saved already) reaches no unknown saved query and does not come back to itself."""
    _filters_node(saved.filters, saved.name)
    _Resolver(store, saved.query, {saved.name: saved}).resolve(ast.SavedQuery(saved.name), ())


class _Resolver:
    def __init__(self, store: "Store", source: str, pending: dict[str, "SavedQuery"]) -> None:
        self.store = store
        self.source = source
        self.pending = pending  # definitions being saved, which win over the stored ones

    def resolve(self, node: ast.Node, chain: tuple[str, ...]) -> ast.Node:
        if isinstance(node, ast.Tag):
            problem = name_problem(node.name)
            if problem is not None:
                raise QueryError(self.source, f"the tag {node.name!r} {problem}")
            return ast.IdSet(tagged_ids(self.store, fold_name(node.name), node.prefix),
                             ast.describe(node))
        if isinstance(node, ast.Note):
            return ast.IdSet(noted_ids(self.store, node.text, node.prefix), ast.describe(node))
        if isinstance(node, ast.SavedQuery):
            return self.saved(node.name, chain)
        if isinstance(node, ast.And):
            return ast.And(tuple(self.resolve(item, chain) for item in node.items))
        if isinstance(node, ast.Or):
            return ast.Or(tuple(self.resolve(item, chain) for item in node.items))
        if isinstance(node, ast.Not):
            return ast.Not(self.resolve(node.item, chain))
        return node

    def saved(self, name: str, chain: tuple[str, ...]) -> ast.Node:
        from archive.research.saved_queries import require

        key = fold_name(name)
        if key in chain:
            path = " → ".join((*chain, key))
            raise QueryError(self.source, f"the saved query {key!r} leads back to itself "
                                          f"({path})")
        if len(chain) >= MAX_SAVED_DEPTH:
            raise QueryError(self.source, f"saved queries nest deeper than {MAX_SAVED_DEPTH} "
                                          f"levels ({' → '.join((*chain, key))})")
        saved = self.pending.get(key) or require(self.store, key, self.source)
        try:
            tree = parse(saved.query)
        except QueryError as error:
            raise QueryError(self.source, f"the saved query {key!r} is no longer valid: "
                                          f"{error.reason}") from None
        filters = _filters_node(saved.filters, key)
        parts = [part for part in (tree, filters) if not isinstance(part, ast.MatchAll)]
        expanded = parts[0] if len(parts) == 1 else ast.And(tuple(parts)) if parts \
            else ast.MatchAll()
        return self.resolve(expanded, (*chain, key))


def _filters_node(filters: dict[str, object], name: str) -> ast.Node:
    """A saved query's filters as one condition, as `archive search` builds its options."""
    from archive.search import SearchRequest, filter_node

    def texts(key: str) -> tuple[str, ...]:
        value = filters.get(key) or ()
        return tuple(str(item) for item in value) if isinstance(value, (list, tuple)) else ()

    def text(key: str) -> str | None:
        value = filters.get(key)
        return str(value) if value else None

    try:
        return filter_node(SearchRequest(outlets=texts("outlets"), years=text("years"),
                                         authors=texts("authors"), since=text("since"),
                                         until=text("until")))
    except UsageError as error:
        raise UsageError(f"the saved query {name!r}: {error}") from None

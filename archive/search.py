"""Search, export and explain: the library functions behind `archive search`, `export` and
`explain`. They join the store (the records) and the index (the ranking) and never print.

This module and what it imports must stay light: no bs4, no parsers (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from archive.errors import QueryError, UsageError
from archive.live_index import current_generation
from archive.outlet_names import resolve_outlet_nodes
from archive.model import Article, Published
from archive.paths import ArchivePaths
from archive.query import ast
from archive.query.bestmatch import label, split_words
from archive.query.parser import parse
from archive.results import FacetCount, Hit, SearchResult, Snippet
from archive.store import Store

if TYPE_CHECKING:
    from archive.index.searcher import BestMatch, IndexResult
    from archive.research.duplicates import Copies

MAX_LIMIT = 10_000


@dataclass(frozen=True)
class SearchRequest:
    """A query and the options that narrow, order and page it."""

    query: str = ""
    outlets: tuple[str, ...] = ()
    years: str | None = None
    authors: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    sort: str = "relevance"
    limit: int = 10
    offset: int = 0
    facets: bool = False
    facet_limit: int | None = 20
    all_words: bool = False
    # One hit per syndication cluster (its best-ranked copy), and what facets count:
    # "articles" or "clusters" (archive.research.duplicates).
    collapse: bool = False
    count: str = "articles"


def filter_node(request: SearchRequest) -> ast.Node:
    """The options of a request (--outlet, --year, --author, --since, --until) as one condition."""
    conditions: list[ast.Node] = []
    if request.outlets:
        conditions.append(_any_of([ast.Name("outlet", outlet) for outlet in request.outlets]))
    if request.authors:
        conditions.append(_any_of([ast.Name("author", author) for author in request.authors]))
    if request.years:
        conditions.append(_option_node("--year", f"year:{request.years}"))
    if request.since or request.until:
        try:
            since = Published.parse(request.since) if request.since else None
            until = Published.parse(request.until) if request.until else None
        except ValueError as error:
            raise UsageError(f"--since/--until: {error}") from None
        if since and until and since.date > until.last_day:
            raise UsageError(f"--since {request.since} is after --until {request.until}")
        conditions.append(ast.DateRange(since, until))
    if not conditions:
        return ast.MatchAll()
    return conditions[0] if len(conditions) == 1 else ast.And(tuple(conditions))


def _any_of(nodes: list[ast.Node]) -> ast.Node:
    return nodes[0] if len(nodes) == 1 else ast.Or(tuple(nodes))


def _option_node(option: str, text: str) -> ast.Node:
    try:
        return parse(text)
    except QueryError as error:
        raise UsageError(f"{option}: {error.reason}") from None


def resolve_store_nodes(store: Store, node: ast.Node, source: str = "") -> ast.Node:
    """`tag:`, `note:` and `query:NAME` resolved through the store
    (archive.research.resolve.resolve_store_nodes); a tree without them as it is."""
    if not ast.names_store_data(node):
        return node
    from archive.research.resolve import resolve_store_nodes as resolve

    return resolve(store, node, source)


def resolve_nodes(store: Store, node: ast.Node, source: str = "") -> ast.Node:
    """A query tree resolved through the store, as every command that reads a query needs it:
    `tag:`, `note:`, `query:NAME` through the researcher's tables, then outlet aliases
    (`outlet:SZ`) to every stored name of the outlet."""
    return resolve_outlet_nodes(store, resolve_store_nodes(store, node, source))


def _validate(request: SearchRequest) -> None:
    from archive.index.searcher import SORTS

    if request.sort not in SORTS:
        raise UsageError(f"unknown sort {request.sort!r} (choose {', '.join(SORTS)})")
    if not 0 <= request.limit <= MAX_LIMIT:
        raise UsageError(f"--limit must be between 0 and {MAX_LIMIT}")
    if request.facet_limit is not None and request.facet_limit < 1:
        raise UsageError("--facet-limit must be a positive number or 'all'")
    if request.offset < 0:
        raise UsageError("--offset must not be negative")
    if request.count not in ("articles", "clusters"):
        raise UsageError(f"unknown --count {request.count!r} (choose articles, clusters)")


def search(archive: ArchivePaths, request: SearchRequest) -> SearchResult:
    """Run a search: ranked (or date-sorted) hits with snippets, the total, optional facets.

    Unless `all_words` is asked, a query of several words is a best match: the articles with
    every word come first (they make the total and the facets), then articles with most of the
    words fill the page, each saying which words it lacks.
    """
    from archive.index.compile import compile_filter, compile_query
    from archive.index.highlight import make_snippet
    from archive.index.searcher import search_index

    _validate(request)
    node = parse(request.query)
    compile_query(node, request.query)  # a bad query fails before the store is opened
    filters = filter_node(request)
    with Store.open(archive.store_file) as store:
        # `tag:`, `note:`, `query:NAME` through the store's tables (the index holds none).
        node = resolve_store_nodes(store, node, request.query)
        # `--outlet SZ`, `outlet:spiegel.de`: any stored name of the outlet the alias means.
        node = resolve_outlet_nodes(store, node)
        compiled = compile_query(node, request.query)
        filter_query = compile_filter(resolve_outlet_nodes(store, filters))
        best_match, labels = (None, []) if request.all_words else _best_match(node)
        generation, notices = current_generation(archive, store)
        # With --count clusters the facets are counted by cluster below: the article counts
        # of the index would be thrown away.
        article_facets = request.facets and request.count != "clusters"
        if request.collapse:
            found, copies = _collapsed(store, generation, compiled.query, filter_query,
                                       request, best_match, article_facets)
        else:
            found = search_index(generation, compiled.query, filter_query, request.sort,
                                 request.limit, request.offset, article_facets,
                                 request.facet_limit, best_match)
            copies = {}
        clusters_total, cluster_facets = _cluster_counts(store, generation, compiled.query,
                                                         filter_query, request)
        articles = store.get_many(hit.id for hit in found.hits)
        tag_facet = _tag_facet(store, generation, compiled.query, filter_query,
                               request.facet_limit) if request.facets else []
    hits = []
    for index_hit in found.hits:
        article = articles.get(index_hit.id)
        if article is None:  # indexed but since gone from the store: never show a ghost
            continue
        text = "\n".join(part for part in (article.teaser, article.body) if part)
        snippet = make_snippet(text, compiled.highlight) if text else Snippet("")
        missing = tuple(labels[position] for position in index_hit.missing)
        hits.append(Hit(article, index_hit.score, snippet, missing, copies.get(index_hit.id)))
    facets = None
    counted = cluster_facets if cluster_facets is not None else found.facets
    if counted is not None:
        facets = {name: [FacetCount(value, count) for value, count in values]
                  for name, values in counted.items()}
        facets["tag"] = tag_facet
    return SearchResult(request.query, found.total, request.offset, request.limit, hits, facets,
                        notices, found.partial_total, clusters_total, request.collapse,
                        request.count)


def _collapsed(store: Store, generation: "Path", query: object, filter_query: object,
               request: SearchRequest, best_match: "BestMatch | None", facets: bool
               ) -> tuple["IndexResult", dict[str, "Copies"]]:
    """A page with one hit per cluster: the ranking is read in growing windows until it
    holds `offset + limit` distinct clusters (or ends); each cluster is represented by its
    best-ranked copy, the page is filled with those representatives in rank order."""
    from dataclasses import replace

    from archive.index.searcher import search_index
    from archive.research.cluster_store import clusters_of
    from archive.research.duplicates import copies_of

    wanted = request.offset + request.limit
    # Each window is a whole search (match set and ranking); a report syndicated to many
    # outlets fills the top of the ranking with its copies (ties, side by side), so the first
    # window is wide: reading 16 hits' ids and cluster keys per wanted hit costs far less
    # than a second search.
    window = max(16 * wanted, 160)
    # Articles holding only some of the words come after all those holding every word, so
    # they are ranked only when those do not fill the page with clusters: ranking "any of
    # the words" is the costly part of a search, and the window is often wider than the
    # complete matches (same page as ranking them always).
    partial = 0
    while True:
        found = search_index(generation, query, filter_query, request.sort, window, 0,
                             facets, request.facet_limit, best_match, partial)
        keys = clusters_of(store, (hit.id for hit in found.hits))
        first: dict[str, object] = {}
        for hit in found.hits:
            first.setdefault(keys[hit.id], hit)
        if len(first) >= wanted:
            break
        if best_match is not None and partial < window and found.total < window:
            partial = window  # the complete matches are all read: now fill with partial ones
            continue
        if len(found.hits) < window:
            break
        window *= 4
        partial = window if partial else 0
    page = list(first.values())[request.offset:wanted]
    return replace(found, hits=page), copies_of(store, (hit.id for hit in page))  # type: ignore[attr-defined]


def _cluster_counts(store: Store, generation: "Path", query: object,
                    filter_query: object, request: SearchRequest
                    ) -> tuple[int | None, dict[str, list[tuple[str | None, int]]] | None]:
    """With `count="clusters"`: how many distinct clusters match, and (with facets) per facet
    value how many clusters have a matching article with it. (None, None) otherwise."""
    if request.count != "clusters":
        return None, None
    from archive.index.groups import count_groups
    from archive.research.cluster_store import group_numbers

    # Per-segment arrays of cluster numbers beside the index: a gather per hit, not a
    # stored-field read and a store lookup (archive.index.groups).
    stamp, numbers_of = group_numbers(store)
    return count_groups(generation, query, filter_query, stamp, numbers_of,  # type: ignore[arg-type]
                        request.facets, request.facet_limit)


def _tag_facet(store: Store, generation: Path, query: object, filter_query: object,
               limit: int | None) -> list[FacetCount]:
    """How many matching articles carry each tag, most first (then by name), at most `limit`."""
    from archive.index.idsets import count_id_groups
    from archive.research.tags import ids_by_tag

    groups = ids_by_tag(store)
    if not groups:
        return []
    counts = count_id_groups(generation, query, filter_query, groups)  # type: ignore[arg-type]
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [FacetCount(tag, count) for tag, count in ordered[:limit]]


def _best_match(node: ast.Node) -> tuple["BestMatch | None", list[str]]:
    """The query's words compiled one by one, and their labels; None when there is no choice
    (one word, or a query that is not a plain AND of words)."""
    from archive.index.compile import compile_query
    from archive.index.searcher import BestMatch

    split = split_words(node)
    if not split.applies:
        return None, []
    words, labels = [], []
    for word in split.words:
        try:
            words.append(compile_query(word).query)
        except QueryError:  # a stop word alone: it cannot be missing
            continue
        labels.append(label(word))
    if len(words) < 2:
        return None, []
    required = compile_query(ast.And(split.required)).query if split.required else None
    return BestMatch(words, required), labels


def matching_articles(archive: ArchivePaths, request: SearchRequest) -> Iterator[Article]:
    """Every article matching the query and filters, whole (body included), for export; read
    from the store in chunks, in the order of `matching_ids`."""
    ids = matching_ids(archive, request)
    with Store.open(archive.store_file) as store:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            articles = store.get_many(chunk)
            yield from (articles[article_id] for article_id in chunk if article_id in articles)


def matching_ids(archive: ArchivePaths, request: SearchRequest) -> list[str]:
    """The ids of every article matching the query and filters, in the request's order (with
    no query and no filters, every stored article)."""
    _validate(request)
    node = parse(request.query)
    filters = filter_node(request)
    with Store.open(archive.store_file) as store:
        if isinstance(node, ast.MatchAll) and isinstance(filters, ast.MatchAll) \
                and request.sort == "relevance":
            return [article.id for article in store.iter_articles()]
        return _matching_ids(archive, store, node, filters, request)


def _matching_ids(archive: ArchivePaths, store: Store, node: ast.Node, filters: ast.Node,
                  request: SearchRequest) -> list[str]:
    from archive.index.compile import compile_filter, compile_query
    from archive.index.searcher import all_ids

    generation, _ = current_generation(archive, store)
    node = resolve_nodes(store, node, request.query)
    filters = resolve_outlet_nodes(store, filters)
    return all_ids(generation, compile_query(node, request.query).query,
                   compile_filter(filters), request.sort)


@dataclass(frozen=True)
class Explanation:
    """How a query is understood: the parsed tree, each word's analysis, the index query."""

    parsed: str
    words: list[dict[str, object]]
    index_query: str
    optional_words: list[str]


def explain(query: str, archive: ArchivePaths | None = None) -> Explanation:
    """Explain a query without running it. With an archive, `tag:`, `note:` and `query:NAME`
    are resolved through its store (shown with the number of articles they stand for)."""
    from archive.german.query_terms import describe_word
    from archive.index.compile import compile_query

    node = parse(query)
    if archive is not None and ast.names_store_data(node):
        with Store.open(archive.store_file) as store:
            node = resolve_store_nodes(store, node, query)
    words: list[dict[str, object]] = []
    _collect_words(node, words, describe_word)
    split = split_words(node)
    optional = [label(word) for word in split.words] if split.applies else []
    return Explanation(ast.describe(node), words, str(compile_query(node, query).query), optional)


def _collect_words(node: ast.Node, words: list[dict[str, object]], describe_word: object) -> None:
    if isinstance(node, ast.Word) and not node.prefix and not node.exact:
        words.append(describe_word(node.text))  # type: ignore[operator]
    elif isinstance(node, (ast.And, ast.Or)):
        for item in node.items:
            _collect_words(item, words, describe_word)
    elif isinstance(node, ast.Not):
        _collect_words(node.item, words, describe_word)

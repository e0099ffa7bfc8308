"""`archive kwic`: keyword in context, one line per occurrence of the query's words across the
matching articles, the match in the middle.

The articles are those `archive search` counts in its total (every word of the query, and the
filters). An occurrence is a word the search's own German matching marks in a snippet
(archive.index.highlight.match_spans): inflected forms, compound parts and spelling variants
are occurrences, as they are highlighted. Words under NOT and filter values are not.

Cost is bounded by `limit`: sorted by date or by outlet, articles are read in that order and
reading stops once `limit` lines are made (the lines of one article come in text order, so the
first `limit` lines are exact). Sorted by the left or right context, every matching article
must be read before the first line is known, so `max_articles` bounds the reading in every
order (the oldest first); the result says when it stopped short.
"""

from __future__ import annotations

import re
from itertools import islice
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from archive.errors import UsageError
from archive.live_index import current_generation
from archive.outlet_names import resolve_outlet_nodes
from archive.paths import ArchivePaths
from archive.query.parser import parse
from archive.search import SearchRequest, filter_node, resolve_nodes
from archive.store import Store

if TYPE_CHECKING:
    from archive.index.compile import HighlightTerms
    from archive.model import Article

SORTS = ("date", "left", "right", "outlet")
DEFAULT_WIDTH = 40
MAX_WIDTH = 500
DEFAULT_LIMIT = 100
MAX_LIMIT = 100_000
# Articles read at most (analysing one costs about a millisecond per thousand characters).
DEFAULT_MAX_ARTICLES = 2_000
# Articles fetched from the store at a time: a few first (a small --limit is met by the first
# articles), then more, up to _CHUNK.
_FIRST_CHUNK = 4
_CHUNK = 64
_SPACES = re.compile(r"\s+")
_BREAKS = re.compile(r"\s*\n\s*")
# A paragraph break inside a line's context, as in search snippets.
PARAGRAPH_MARK = " ¶ "
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class KwicRequest:
    """A query with its filters (a SearchRequest), the context width in characters on each
    side, the order of the lines and how many to give at most."""

    search: SearchRequest = field(default_factory=SearchRequest)
    width: int = DEFAULT_WIDTH
    sort: str = "date"
    limit: int = DEFAULT_LIMIT
    max_articles: int | None = DEFAULT_MAX_ARTICLES


@dataclass(frozen=True)
class KwicLine:
    """One occurrence: the article, the matched text and up to `width` characters of the
    article's text on either side (whitespace folded, paragraph breaks shown as ¶)."""

    id: str
    published: str | None
    outlet: str | None
    left: str
    match: str
    right: str


@dataclass(frozen=True)
class KwicResult:
    """The lines, how many articles match, how many were read, and whether every matching
    article was read (False when reading stopped at `limit` lines)."""

    query: str
    width: int
    sort: str
    lines: list[KwicLine]
    articles: int
    articles_read: int
    complete: bool
    notices: list[str]


def kwic(archive: ArchivePaths, request: KwicRequest) -> KwicResult:
    """Concordance lines of the query's words in the matching articles (see the module)."""
    from archive.index.compile import compile_filter, compile_query
    from archive.index.timeline import ordered_matches

    _validate(request)
    search = request.search
    cap = request.max_articles
    node = parse(search.query)
    compile_query(node, search.query)  # a bad query fails before the store is opened
    filters = filter_node(search)
    early = request.sort in ("date", "outlet")
    lines: list[KwicLine] = []
    read = 0
    with Store.open(archive.store_file) as store:
        compiled = compile_query(resolve_nodes(store, node, search.query), search.query)
        terms = compiled.highlight  # after resolution: `query:NAME` brings its words
        if not (terms.text or terms.exact or terms.prefixes):
            raise UsageError("kwic needs words to find: the query has none outside NOT and "
                             "field filters")
        filter_query = compile_filter(resolve_outlet_nodes(store, filters))
        generation, notices = current_generation(archive, store)
        with ordered_matches(generation, compiled.query, filter_query,
                             "outlet" if request.sort == "outlet" else "date") as (total, found):
            ids = (match.id for match in found)
            for chunk in _chunks(ids if cap is None else islice(ids, cap), _CHUNK):
                articles = store.get_many(chunk)
                for article_id in chunk:
                    article = articles.get(article_id)
                    if article is not None:  # indexed but since gone from the store
                        lines.extend(article_lines(article, compiled.highlight, request.width))
                read += len(chunk)
                if early and len(lines) >= request.limit:
                    break
    if not early:
        lines.sort(key=_sort_key(request.sort))
    return KwicResult(search.query, request.width, request.sort, lines[:request.limit], total,
                      read, read == total, notices)


def _validate(request: KwicRequest) -> None:
    if request.sort not in SORTS:
        raise UsageError(f"unknown sort {request.sort!r} for --sort (choose {', '.join(SORTS)})")
    if not 1 <= request.width <= MAX_WIDTH:
        raise UsageError(f"--width must be between 1 and {MAX_WIDTH}")
    if not 1 <= request.limit <= MAX_LIMIT:
        raise UsageError(f"--limit must be between 1 and {MAX_LIMIT}")
    if request.max_articles is not None and request.max_articles < 1:
        raise UsageError("--max-articles must be a positive number or 'all'")


def flat_text(text: str) -> str:
    """Text as one line: paragraph breaks as ¶, other whitespace runs as one space."""
    return _SPACES.sub(" ", _BREAKS.sub(PARAGRAPH_MARK, text.strip()))


def article_lines(article: "Article", terms: "HighlightTerms", width: int) -> list[KwicLine]:
    """The occurrences in one article, in text order: in its title, then in its teaser and
    body (one text, as a search snippet reads them)."""
    from archive.index.highlight import match_spans

    lines = []
    published = str(article.published) if article.published else None
    body = "\n".join(part for part in (article.teaser, article.body) if part)
    for text in (flat_text(article.title or ""), flat_text(body)):
        for start, end in match_spans(text, terms) if text else []:
            lines.append(KwicLine(article.id, published, article.outlet,
                                  text[max(0, start - width):start], text[start:end],
                                  text[end:end + width]))
    return lines


def _sort_key(sort: str):  # type: ignore[no-untyped-def]
    """Lines by their left context read from the match outwards (the nearest word first), or
    by the right context; case-folded. Python's sort is stable: ties keep date order."""
    if sort == "left":
        return lambda line: [word for word in reversed(_WORDS.findall(line.left.casefold()))]
    return lambda line: _WORDS.findall(line.right.casefold())


def _chunks(items: Iterable[str], size: int) -> Iterable[list[str]]:
    """Lists of `_FIRST_CHUNK` items, then twice as many each time, at most `size`."""
    chunk: list[str] = []
    wanted = min(_FIRST_CHUNK, size)
    for item in items:
        chunk.append(item)
        if len(chunk) == wanted:
            yield chunk
            chunk = []
            wanted = min(wanted * 2, size)
    if chunk:
        yield chunk

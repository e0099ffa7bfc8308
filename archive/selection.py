"""Which articles a command acts on: ids given on the command line, or a query with filters.

`archive delete`, `archive cite` take `ID...|QUERY`. The arguments are read as ids when every
one of them is shaped like an id (4 to 16 hex characters, as `archive search` shows them and
`archive show` takes them) and names exactly one stored article; otherwise they are a query,
with the same semantics as `archive search`: the articles it counts in its total (every word
present), never its best-match extras.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.errors import UnknownArticleError, UsageError
from archive.model import Article
from archive.paths import ArchivePaths
from archive.search import SearchRequest, matching_articles
from archive.store import Store

_ID_SHAPE = re.compile(r"^[0-9a-f]{4,16}$")


@dataclass(frozen=True)
class Selection:
    """The articles chosen, how they were chosen ("ids" or "query"), and a note for the user
    when arguments that looked like ids were read as a query."""

    articles: list[Article]
    kind: str
    note: str | None = None
    ids: tuple[str, ...] = field(default=())


def has_filters(request: SearchRequest) -> bool:
    """True when the request narrows by outlet, year, author or date."""
    return bool(request.outlets or request.years or request.authors or request.since
                or request.until)


def select_articles(archive: ArchivePaths, words: tuple[str, ...],
                    request: SearchRequest) -> Selection:
    """The articles named by `words` (ids) or matching `request` (query and filters).
    Raises UsageError when there is neither, or when filters come with ids."""
    cleaned = tuple(word.strip().lower() for word in words if word.strip())
    note = None
    if cleaned and all(_ID_SHAPE.match(word) for word in cleaned):
        with Store.open(archive.store_file) as store:
            found: dict[str, Article] = {}
            unknown = None
            for word in cleaned:
                try:
                    article = store.resolve(word)
                except UnknownArticleError as error:
                    unknown = str(error)
                    break
                found[article.id] = article
        if unknown is None:
            if has_filters(request):
                raise UsageError("--outlet, --year, --author, --since and --until narrow a "
                                 "query; they do not go with article ids")
            return Selection(list(found.values()), "ids", None, tuple(found))
        note = f"read as a query ({unknown})"
    if not request.query.strip() and not has_filters(request):
        raise UsageError("give article ids or a query (and/or --outlet, --year, --author, "
                         "--since, --until)")
    articles = list(matching_articles(archive, request))
    return Selection(articles, "query", note, tuple(article.id for article in articles))

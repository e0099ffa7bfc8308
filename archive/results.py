"""What a search returns: hits with snippets, the total, facet counts. Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from archive.model import Article

if TYPE_CHECKING:
    from archive.research.duplicates import Copies


@dataclass(frozen=True)
class Snippet:
    """A passage of text and the (start, end) character spans of the matched words in it."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Hit:
    """One result: the stored article, its relevance score (None when sorted by date), snippet,
    and the query words it lacks (a best-match hit; empty when it has every word). With
    `search --collapse`, `copies` names its syndication cluster and the other copies in it."""

    article: Article
    score: float | None
    snippet: Snippet
    missing: tuple[str, ...] = ()
    copies: "Copies | None" = None

    @property
    def matched(self) -> str:
        """"all" for a hit with every query word, "partial" for a best-match hit."""
        return "partial" if self.missing else "all"


@dataclass(frozen=True)
class FacetCount:
    """How many of all matching articles have this value (None: an undated article's year)."""

    value: str | None
    count: int


@dataclass
class SearchResult:
    """A page of hits out of `total` articles matching every word; facets (when asked) count
    all of those. `partial_total` more articles hold some of the words (best match); the page
    shows them after the complete matches."""

    query: str
    total: int
    offset: int
    limit: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]] | None = None
    notices: list[str] = field(default_factory=list)
    partial_total: int = 0
    # With `--count clusters`: distinct syndication clusters among the `total` articles (the
    # facets then count clusters too). `collapsed`: one hit per cluster (`--collapse`).
    clusters_total: int | None = None
    collapsed: bool = False
    count: str = "articles"

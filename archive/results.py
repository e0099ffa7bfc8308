"""What a search returns: hits with snippets, the total, facet counts. Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.model import Article


@dataclass(frozen=True)
class Snippet:
    """A passage of text and the (start, end) character spans of the matched words in it."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Hit:
    """One result: the stored article, its relevance score (None when sorted by date), snippet."""

    article: Article
    score: float | None
    snippet: Snippet


@dataclass(frozen=True)
class FacetCount:
    """How many of all matching articles have this value."""

    value: str
    count: int


@dataclass
class SearchResult:
    """A page of hits out of `total` matches; facets (when asked) count all matches."""

    query: str
    total: int
    offset: int
    limit: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]] | None = None
    notices: list[str] = field(default_factory=list)

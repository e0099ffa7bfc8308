"""The Whoosh schema and how an Article becomes one index document.

The index holds only what search needs: analysed text (not stored: the body lives in the store),
name fields for filters, and sortable columns for facets and sorting. `rev` is a digest of the
indexed values, so a consistency check can compare index and store without reading text.
"""

from __future__ import annotations

import hashlib
import json

from whoosh.fields import ID, NUMERIC, TEXT, Schema

from archive.index.analysis import ANALYSIS_VERSION, ExactAnalyzer, GermanAnalyzer, NameAnalyzer
from archive.index.limits import (MAX_BODY_CHARS, MAX_NAME_CHARS, MAX_NAMES, MAX_TEASER_CHARS,
                                  MAX_TITLE_CHARS)
from archive.model import Article

# Bump LAYOUT_VERSION when fields change; ANALYSIS_VERSION when terms change. Either means an
# existing index must be rebuilt with `archive reindex --full`.
LAYOUT_VERSION = 2
SCHEMA_VERSION = f"{LAYOUT_VERSION}.{ANALYSIS_VERSION}"

# Multi-valued facet values (authors) share one sortable column, joined by a separator that
# cannot occur in a name.
VALUE_SEPARATOR = "\x1f"

TITLE_BOOST = 2.0
EXACT_BOOST = 1.5
# Fields a free query word is searched in, with their boosts (BM25F).
TEXT_FIELDS = {"title": TITLE_BOOST, "teaser": 1.0, "body": 1.0}
FACET_COLUMNS = {"outlet": "outlet_value", "year": "year", "author": "author_values"}


def build_schema() -> Schema:
    """The schema of a fresh index."""
    german = GermanAnalyzer()
    names = NameAnalyzer()
    return Schema(
        id=ID(unique=True, stored=True),
        rev=ID(stored=True),
        # No positions in the stemmed fields: phrases are matched in `exact`, and ranking and
        # snippets do not need them; positions cost about a third of the indexing time.
        title=TEXT(analyzer=german, phrase=False, field_boost=TITLE_BOOST),
        teaser=TEXT(analyzer=german, phrase=False),
        body=TEXT(analyzer=german, phrase=False),
        exact=TEXT(analyzer=ExactAnalyzer(), field_boost=EXACT_BOOST),
        outlet=TEXT(analyzer=names),
        author=TEXT(analyzer=names),
        agency=TEXT(analyzer=names),
        outlet_value=ID(sortable=True),
        author_values=ID(sortable=True),
        year=NUMERIC(int, bits=32, sortable=True, signed=False),
        # Day numbers (YYYYMMDD) of the first and last day the publication date may be.
        published=NUMERIC(int, bits=32, sortable=True, signed=False),
        published_end=NUMERIC(int, bits=32, signed=False),
    )


def day_number(day: object) -> int:
    """A date as a sortable integer: date(2021, 2, 15) -> 20210215."""
    return day.year * 10000 + day.month * 100 + day.day  # type: ignore[attr-defined]


def article_revision(article: Article) -> str:
    """A digest of everything the index derives from an article (and the schema version)."""
    payload = json.dumps([SCHEMA_VERSION, article.title, article.teaser, article.body,
                          str(article.published or ""), article.outlet or "",
                          list(article.authors), list(article.agencies)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _capped(text: str | None, limit: int) -> str:
    """At most `limit` characters of a text: cut at a space where one is near the end, so the
    last word indexed is whole."""
    if not text or len(text) <= limit:
        return text or ""
    cut = text.rfind(" ", limit - 100, limit)
    return text[:cut if cut > 0 else limit]


def _names(names: tuple[str, ...] | list[str]) -> list[str]:
    """The first MAX_NAMES names, each at most MAX_NAME_CHARS characters."""
    return [_capped(name, MAX_NAME_CHARS) for name in list(names)[:MAX_NAMES]]


def document_for(article: Article) -> dict[str, object]:
    """The index document for an article: each field capped (MAX_TITLE_CHARS and the rest), so
    indexing one article costs bounded time and memory whatever it holds."""
    title = _capped(article.title, MAX_TITLE_CHARS)
    teaser = _capped(article.teaser, MAX_TEASER_CHARS)
    body = _capped(article.body, MAX_BODY_CHARS)
    authors = _names(article.authors)
    agencies = _names(article.agencies)
    outlet = _capped(article.outlet, MAX_NAME_CHARS)
    document: dict[str, object] = {
        "id": article.id,
        "rev": article_revision(article),
        "title": title,
        "teaser": teaser,
        "body": body,
        "exact": "\n".join(part for part in (title, teaser, body) if part),
        "outlet_value": outlet,
        "author_values": VALUE_SEPARATOR.join(authors),
    }
    if outlet:
        document["outlet"] = outlet
    if authors:
        document["author"] = "\n".join(authors)
    if agencies:
        document["agency"] = "\n".join(agencies)
    if article.published is not None:
        document["year"] = article.published.date.year
        document["published"] = day_number(article.published.date)
        document["published_end"] = day_number(article.published.last_day)
    return document

"""Small readers for JSON-LD objects, shared by the HTML cascade and its author cascade."""

from __future__ import annotations

import html
from typing import Any, Iterable, Mapping

from archive.metadata.outlets import clean_name

ARTICLE_TYPES = frozenset(t.lower() for t in (
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "BlogPosting", "LiveBlogPosting",
    "Report", "ScholarlyArticle", "TechArticle", "SocialMediaPosting", "DiscussionForumPosting", "Review",
    "SatiricalArticle", "Recipe", "HowTo", "Posting", "Blog"))
PAGE_TYPES = frozenset(("webpage", "itempage", "collectionpage", "aboutpage", "medicalwebpage"))


def ld_types(item: Mapping[str, Any]) -> set[str]:
    """The object's @type values, lower-cased and without a schema.org prefix.

    >>> sorted(ld_types({"@type": ["Person", "https://schema.org/Organization"]}))
    ['organization', 'person']
    """
    value = item.get("@type", "")
    values = value if isinstance(value, list) else [value]
    return {str(v).lower().rsplit("/", 1)[-1] for v in values}


def primary_json_ld(items: Iterable[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The article object: the first of an article type, else a web page with a date or author.

    >>> primary_json_ld([{"@type": "WebSite"}, {"@type": "NewsArticle", "headline": "H"}])["headline"]
    'H'
    """
    items = list(items)
    for item in items:
        if ld_types(item) & ARTICLE_TYPES:
            return item
    for item in items:
        if ld_types(item) & PAGE_TYPES and ("datePublished" in item or "author" in item):
            return item
    return {}


def ld_text(value: Any) -> str:
    """A JSON-LD value as text: the first non-empty item of a list, an object's @value or name.

    >>> ld_text([{"name": "Anna &amp; Max"}])
    'Anna & Max'
    """
    if isinstance(value, list):
        return next((text for text in (ld_text(v) for v in value) if text), "")
    if isinstance(value, dict):
        return ld_text(value.get("@value") or value.get("name") or value.get("@id") or "")
    if value is None:
        return ""
    text = str(value)
    return clean_name(html.unescape(text) if "&" in text else text)

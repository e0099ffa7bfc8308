"""Small readers for JSON-LD objects, shared by the HTML cascade and its author cascade.

An object may name another only by reference (`"publisher": {"@id": "#organization"}`); the name
is then in the object of the page's @graph with that @id. A reference is never a name itself.
"""

from __future__ import annotations

import html
import re
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
    Its `publisher`, when given as a reference, is replaced by the object it refers to (`{}` when
    no object on the page has that @id).

    >>> primary_json_ld([{"@type": "WebSite"}, {"@type": "NewsArticle", "headline": "H"}])["headline"]
    'H'
    >>> primary_json_ld([{"@id": "https://x.de/#org", "name": "X"}, {"@type": "Article", "publisher": {"@id": "#org"}}])
    {'@type': 'Article', 'publisher': {'@id': 'https://x.de/#org', 'name': 'X'}}
    """
    items = list(items)
    for item in items:
        if ld_types(item) & ARTICLE_TYPES:
            return _with_publisher(item, items)
    for item in items:
        if ld_types(item) & PAGE_TYPES and ("datePublished" in item or "author" in item):
            return _with_publisher(item, items)
    return {}


# A company's legal form: the firm behind a site ("Eberle Consulting GmbH & Co. KG" publishes
# Coin-Update), not the name readers know it by. Associations (e. V.) publish under their name, and
# a leading "AG" is an Arbeitsgemeinschaft ("AG Friedensforschung").
_LEGAL_FORM = re.compile(r"\S\s+(?:GmbH|gGmbH|mbH|AG|UG|KG|OHG|GbR|SE|S\.\s?L\.|S\.\s?A\.|Ltd\.?|Inc\.?|LLC"
                         r"|Co\.\s?KG)(?=[\s,.)]|$)")


def _with_publisher(article: Mapping[str, Any], items: list[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The article with its publisher resolved when it is a reference, and left out when it is a
    person (SEO plugins name a blog's owner, who is its author, as publisher) or a firm."""
    publisher = article.get("publisher")
    if not isinstance(publisher, Mapping):
        return article
    if is_reference(publisher):
        nodes = {str(item["@id"]): item for item in items
                 if isinstance(item.get("@id"), str) and not is_reference(item)}
        publisher = resolve_reference(publisher, nodes) or {}
    name = publisher.get("name")
    if "person" in ld_types(publisher) or (isinstance(name, str) and _LEGAL_FORM.search(name)):
        publisher = {}
    return article if publisher is article.get("publisher") else {**article, "publisher": publisher}


def is_reference(value: Any) -> bool:
    """True for an object that only points to another by its @id (its other keys being @type and
    @context): it names nothing itself.

    >>> is_reference({"@id": "#organization"}), is_reference({"@id": "#o", "name": "X"})
    (True, False)
    """
    return (isinstance(value, Mapping) and isinstance(value.get("@id"), str)
            and not set(value) - {"@id", "@type", "@context"})


def resolve_reference(value: Any, nodes: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The object a reference points to: the one with the same @id, else (a page writes "#org",
    "/#org" and "https://x.de/#org" for the same object) the only one whose @id ends in the same
    fragment; None when the page has none (or several). A value that is no reference comes back.

    >>> resolve_reference({"@id": "/#org"}, {"https://x.de/#org": {"name": "X"}})
    {'name': 'X'}
    >>> resolve_reference({"@id": "#org"}, {"#other": {"name": "Y"}}) is None
    True
    """
    if not is_reference(value):
        return value if isinstance(value, Mapping) else None
    reference = value["@id"]
    found = nodes.get(reference)
    if found is None and "#" in reference:
        fragment = reference.split("#", 1)[1]
        matches = [node for key, node in nodes.items() if "#" in key and key.split("#", 1)[1] == fragment]
        found = matches[0] if len(matches) == 1 else None
    return None if found is None or is_reference(found) else found


def ld_text(value: Any) -> str:
    """A JSON-LD value as text: the first non-empty item of a list, an object's @value or name.
    An object's @id is an address, not a name ("#organization"): an object without a name gives "".

    >>> ld_text([{"name": "Anna &amp; Max"}]), ld_text({"@id": "https://x.de/#organization"})
    ('Anna & Max', '')
    """
    if isinstance(value, list):
        return next((text for text in (ld_text(v) for v in value) if text), "")
    if isinstance(value, dict):
        return ld_text(value.get("@value") or value.get("name") or "")
    if value is None:
        return ""
    text = str(value)
    return clean_name(html.unescape(text) if "&" in text else text)

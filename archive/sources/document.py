"""The record a reader hands to metadata extraction: decoded text plus, for HTML, the hints found
in the markup. Pure data, so that archive.metadata never needs bs4.
"""

from __future__ import annotations

import pathlib
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

SourceFormat = Literal["text", "html"]


@dataclass(frozen=True)
class TimeElement:
    """One `<time>` element (or an element with a date `itemprop`): its machine value, its text,
    and a hint where it sat (`"published"`, `"modified"` or `""` when unknown)."""

    value: str
    text: str = ""
    role: str = ""


@dataclass(frozen=True)
class TextBlock:
    """One block of the main text, in page order: `kind` is "p", "h" (sub-heading), "li",
    "quote" or "teaser" (the article's own standfirst, when the markup marks it)."""

    kind: str
    text: str


@dataclass(frozen=True)
class HtmlHints:
    """What the markup says about the article, collected without judging it.

    Values are raw strings as found; archive.metadata decides what to trust.
    """

    json_ld: tuple[Mapping[str, Any], ...] = ()
    # name/property (lower-cased) -> values in page order, e.g. {"og:title": ("…",)}
    meta: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # itemprop (lower-cased) -> values, from microdata outside <meta> tags
    microdata: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    times: tuple[TimeElement, ...] = ()
    bylines: tuple[str, ...] = ()
    canonical_url: str | None = None
    title_tag: str = ""
    headings: tuple[str, ...] = ()
    # the headline-like element printed last before the article's text (h1–h4 or a "headline"
    # class), for pages that mark their headline with no h1
    shown_headline: str = ""
    blocks: tuple[TextBlock, ...] = ()
    lang: str = ""
    # visible text near the headline (date lines, "Von …" lines) for the text cascade
    header_lines: tuple[str, ...] = ()
    # text of date, byline and meta elements removed as furniture from the main text
    meta_lines: tuple[str, ...] = ()
    # <link rel=canonical> and og:url exactly as written, possibly relative ("/politik/a.html")
    canonical_href: str = ""
    og_url_href: str = ""
    # <base href>, and absolute URLs of <link> elements (rel, href) such as alternate, shortlink
    base_href: str = ""
    link_urls: tuple[tuple[str, str], ...] = ()
    # addresses the page repeats for itself, (kind, url): "hreflang" (the alternate in its own
    # language), "comment-feed" (a post's feed, "feed/" cut), "share" (what its share buttons
    # share); archive.metadata.pageurl ranks them
    self_links: tuple[tuple[str, str], ...] = ()
    # the origin ("https://www.ndr.de/") most of the page's absolute links and images point to,
    # when one clearly dominates; "" otherwise
    main_origin: str = ""
    # text of visible elements whose class or id names a date ("date", "datum", "itemPostDate"),
    # outside comments and lists of other articles, in page order
    date_elements: tuple[str, ...] = ()
    # short visible lines holding a date, outside comments and lists of other articles, in order
    dated_lines: tuple[str, ...] = ()
    # the page's shape, for telling a listing or a form from an article (counted before furniture
    # is removed): headings and <article>s that are links to other pages, links with a title-length
    # text, visible form fields other than a search box
    teaser_count: int = 0
    link_count: int = 0
    form_fields: int = 0


@dataclass(frozen=True)
class SourceDocument:
    """One decoded source file.

    For `format == "text"`, `text` is the whole file with normalised line ends; for "html" it is
    the decoded markup and `html` carries the hints the reader pulled out.
    """

    path: pathlib.Path
    format: SourceFormat
    text: str
    encoding: str = "utf-8"
    html: HtmlHints | None = None

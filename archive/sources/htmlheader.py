"""The headline of a page and the visible lines around it, where bylines and dates stand.
Read before furniture is removed, since bylines often sit in "meta" and "byline" elements."""

from __future__ import annotations

import re
from typing import Any, Iterator

from bs4 import BeautifulSoup, Comment, Tag

from archive.sources.htmldates import in_embedded_post
from archive.sources.htmlindex import index_of
from archive.sources.htmllede import clean_text as _clean

_LINE_PARENTS = frozenset({"p", "div", "li", "header", "section", "article", "h1", "h2", "h3", "h4", "td", "dd",
                           "dt", "address", "blockquote", "time", "ul", "ol", "figcaption", "body", "main"})



def headline_element(soup: BeautifulSoup, titles: list[str]) -> Tag | None:
    """The element holding the article's headline: the first h1/h2 whose text matches one of the
    page's titles (og:title, <title>), else the first h1. Logos and section names are often h1s.

    A heading hidden from view (a screen-reader copy of the title) comes last, and one that is only
    the title's last part is the site's name ("Telebasel" in "Junge Lenker … | Telebasel").

    >>> soup = BeautifulSoup("<h2>Telebasel</h2><h1 class='visuallyhidden'>Junge Lenker schrotten Autos | "
    ...     "Telebasel</h1><h1>Junge Lenker schrotten Autos</h1>", "lxml")
    >>> headline_element(soup, ["Junge Lenker schrotten Autos | Telebasel"]).attrs
    {}
    """
    wanted = [_clean(t).casefold() for t in titles if t and len(t) > 8]
    first_h1 = None
    hidden: list[Tag] = []
    lower: list[Tag] = []
    for tag in index_of(soup).named("h1", "h2", "h3")[:60]:
        text = _clean(tag.get_text(" ")).casefold()
        if _is_hidden_heading(tag):
            if tag.name == "h1" and text:
                hidden.append(tag)
            continue
        if tag.name == "h1" and first_h1 is None:
            first_h1 = tag
        if len(text) <= 8:
            continue
        if tag.name == "h3":
            # An h3 counts only when it is most of a title and no h1 exists: teasers of other
            # articles ("Kolumne: Queer Royal") are often h3s contained in the page's title.
            if any((text in title and len(text) >= 0.6 * len(title)) or title in text for title in wanted):
                lower.append(tag)
        elif any((text in title and not _site_part(text, title)) or title in text for title in wanted):
            return tag
    return first_h1 or (lower[0] if lower else None) or (hidden[0] if hidden else None)


def _site_part(text: str, title: str) -> bool:
    """Whether `text` is only the last part of the title, after a separator: the site's name.

    >>> _site_part("telebasel", "junge lenker schrotten autos | telebasel"), _site_part("faire lieferketten",
    ...     "faire lieferketten - evangelisches jugendwerk")
    (True, False)
    """
    # r"[|–—\-:·•»]\s*" + re.escape(text) + r"$" without compiling a pattern per title
    if text == title or not title.endswith(text):
        return False
    before = title[: len(title) - len(text)].rstrip()
    return bool(before) and before[-1] in _SEPARATORS


_SEPARATORS = frozenset("|–—-:·•»")
# Class words of text only screen readers get ("aural", "visuallyhidden", "sr-only").
_SCREEN_READER = re.compile(r"(?:^|[-_\s])(?:aural|visually-?hidden|sr-only|screen-?reader(?:-text)?|offscreen"
                            r")(?:$|[-_\s])", re.IGNORECASE)


def _is_hidden_heading(tag: Tag) -> bool:
    classes = tag.get("class")
    words = " ".join(classes) if isinstance(classes, list) else str(classes or "")
    return (str(tag.get("aria-hidden") or "").lower() == "true" or tag.has_attr("hidden")
            or bool(_SCREEN_READER.search(words)))


def header_lines(soup: BeautifulSoup, h1: Tag | None, limit: int = 40, before: int = 6) -> list[str]:
    """Visible text lines around the headline element (bylines and dates live there): a few
    lines above it, then the headline and the lines below it.

    Read before furniture removal, since bylines often sit in "meta" and "byline" elements.
    """
    if not isinstance(h1, Tag):
        return []
    above = _lines(h1.previous_elements, before, backwards=True)
    return [line for line in reversed(above) if len(line) < 120] + _lines(h1.next_elements, limit)


def _lines(nodes: Iterator[Any], limit: int, backwards: bool = False) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    parent_of_current: Any = None
    # per parent element: whether it stands in an embedded post, and the block of its line (the
    # strings of one parent share both; each is a walk up the ancestors)
    embedded: dict[int, bool] = {}
    blocks: dict[int, Any] = {}
    for node in nodes:
        if isinstance(node, Tag) and node.name == "br" and current:
            # a line break ends a line: "Von Anna Kleiser<br>Kakuma /Kenia" is a byline and a place
            lines.append(" ".join(current))
            current = []
            if len(lines) >= limit:
                break
            continue
        if isinstance(node, Comment) or not isinstance(node, str):
            continue
        parent = node.parent
        if parent is not None and parent.name in ("script", "style", "noscript", "template", "title"):
            continue
        inside = embedded.get(id(parent))
        if inside is None:
            inside = embedded[id(parent)] = in_embedded_post(node)
        if inside:
            continue
        text = _clean(str(node))
        if not text:
            continue
        if id(parent) in blocks:
            block = blocks[id(parent)]
        else:
            block = blocks[id(parent)] = next((p for p in node.parents if p.name in _LINE_PARENTS), None)
        if block is not parent_of_current and current:
            lines.append(" ".join(current))
            current = []
            if len(lines) >= limit:
                break
        parent_of_current = block
        if backwards:
            current.insert(0, text)
        else:
            current.append(text)
    if current and len(lines) < limit:
        lines.append(" ".join(current))
    return [line for line in lines if len(line) < 300]


# Class words of an element that prints a headline without being a heading element
# ("l-headline", "text_titel", "article-title"); a sub- or over-line is not the headline.
_HEADLINE_CLASS = re.compile(r"(?:^|[-_])(?:headline|title|titel|heading|ueberschrift|überschrift)(?:$|[-_])",
                             re.IGNORECASE)
_NOT_HEADLINE_CLASS = re.compile(r"sub|over|kicker|dach|roof|section|rubrik|teaser|card|widget|nav|menu|site|logo"
                                 r"|caption|slide|carousel|image|img|photo|bild",
                                 re.IGNORECASE)
_HEADLINE_TAGS = frozenset({"h1", "h2", "h3", "h4"})


def visible_headline_candidates(soup: BeautifulSoup) -> list[tuple[int, Tag]]:
    """The elements of a page, before any is removed, that may print its headline: h1–h4 and
    elements whose class names a headline or title, each with its place in document order.
    Read where a page marks its headline with no h1 (`visible_headline`)."""
    found: list[tuple[int, Tag]] = []
    for position, tag in enumerate(index_of(soup).tags):
        if tag.name in _HEADLINE_TAGS:
            if not _is_hidden_heading(tag):
                found.append((position, tag))
        elif tag.name in ("div", "p", "span", "strong", "header") and "class" in tag.attrs:
            words = _class_words(tag)
            if any(_HEADLINE_CLASS.search(word) for word in words.split()) and not _NOT_HEADLINE_CLASS.search(words):
                found.append((position, tag))
    return found


def _class_words(tag: Tag) -> str:
    classes = tag.get("class")
    return " ".join(classes) if isinstance(classes, list) else str(classes or "")


def visible_headline(candidates: list[tuple[int, str, str]], text_starts_at: int, titles: list[str] = []) -> str:
    """The headline a page prints just above its text, where no h1 stands before the text: of
    the candidate elements (`visible_headline_candidates`, text taken before the tree was pruned)
    before the element where the article's text starts and after a landmark heading
    ("Hauptinhalt": the page's header ends there), the one a meta title holds, else the last;
    when it reads like a headline (2–30 words). "" when none does.

    >>> visible_headline([(3, "h2", "Menü"), (7, "h2", "Die besten Tricks für den Kleiderschrank"),
    ...                   (9, "h2", "Hauptinhalt"), (20, "h2", "Mehr")], 12)
    'Die besten Tricks für den Kleiderschrank'
    >>> visible_headline([(3, "h2", "Solopreneur Social Media"), (7, "h3", "Inspiration: Friederike Schmitz")], 12,
    ...                  ["Solopreneur Social Media | DoSchu.Com"])
    'Solopreneur Social Media'
    >>> visible_headline([(3, "h1", "Einzeltraining"), (7, "h2", "Training nur für Sie")], 12)
    ''
    """
    before = [(name, text) for position, name, text in candidates if position < text_starts_at and text]
    if any(name == "h1" and not _LANDMARK.match(text) for name, text in before):
        return ""  # the h1 is the headline, or the page's choice not to print one above the text
    landmarks = [i for i, (_, text) in enumerate(before) if _LANDMARK.match(text)]
    if landmarks and landmarks[-1] < len(before) - 1:
        before = before[landmarks[-1] + 1:]
    before = [(name, text) for name, text in before if not _LANDMARK.match(text)]
    wanted = [" ".join(t.split()).casefold() for t in titles if t]
    named = [text for _, text in before
             if len(text) >= 8 and any(" ".join(text.split()).casefold() in t for t in wanted)]
    text = named[-1] if named else (before[-1][1] if before else "")
    return text if 2 <= len(text.split()) <= 30 and 8 <= len(text) <= 250 else ""


# Headings for screen readers and menus that stand before the text on many pages.
_LANDMARK = re.compile(r"^(?:(?:mobile |main |haupt)?(?:navigation|inhalt|content|menü|menu)|hauptinhalt|suche|search"
                       r"|sprungmarken|schnellzugriff|quicklinks?|service|breadcrumb|sie sind hier:?)$", re.IGNORECASE)

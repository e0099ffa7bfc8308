"""Where a page prints its dates outside the structured markup: elements named for a date and
short visible lines that hold one. Collected without judging; archive.metadata.htmldates decides.

htmldate (used by trafilatura) finds many publication dates this way: `<span class="date">`,
`<div class="itemPostDate">`, "Datum: 26. Januar 2022" in an info box, "Pressemitteilung vom …".
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Comment, Tag

from archive.sources.htmlindex import index_of
from archive.sources.htmlwalk import ALL_STRINGS as _ALL_STRINGS
from archive.sources.htmlwalk import may_hold, strings_of

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_DATE_NAME = re.compile(r"date|datum|posted|published|pubdate|time(?:stamp)?$|zeit$|veroeffentlicht", re.IGNORECASE)
# What every name `_DATE_NAME` finds contains: most elements' names lack it, and then their words
# need not be split and tested one by one.
_DATE_NAME_PART = re.compile(r"date|datum|posted|published|pubdate|time|zeit|veroeffentlicht", re.IGNORECASE)
_DATE_PARTS = ("dat", "post", "publish", "time", "zeit", "veroeff")
# Dates in these contexts belong to comments, to other articles or to event listings.
_FOREIGN = re.compile(r"comment|kommentar|related|recommend|teaser(?![-_]*text)|slider|sidebar|widget|recent|popular|reply"
                      r"|antwort|(?<!post-)(?<!entry-)(?<!asset-)(?<!article-)footer|sitemap|calendar|kalender|event|termin|archive|archiv|fbdatum|social"
                      r"|twitter|facebook|weather|wetter|ticker|newsletter"
                      # the site's top bar prints today's date
                      r"|(?:^|[-_\s])nav(?:bar|top|wrap)?(?:$|[-_\s])|masthead|topbar", re.IGNORECASE)
# "Diese Seite wurde zuletzt am 29. Januar 2020 um 13:22 Uhr geändert." (MediaWiki), "Letzte
# Änderung: …": a page's last change, which sites print in the footer; read there too, since it
# is all some pages say about their date
_LAST_CHANGE = re.compile(r"(?i)^\W*(?:(?:diese\s+seite|dieser\s+(?:artikel|beitrag|text)|der\s+(?:artikel|beitrag))"
                          r"\s+wurde\s+zuletzt\s+am\s|letzte\s+(?:änderung|aktualisierung)\b|zuletzt\s+(?:geändert|aktualisiert)\b)")
_HAS_DATE = re.compile(r"(?:19|20)\d\d|\d{1,2}\.\s?\d{1,2}\.\s?\d\d")
_SKIP = frozenset({"script", "style", "noscript", "template", "title", "head", "select", "option", "textarea"})
_LINE_PARENTS = frozenset({"p", "div", "li", "header", "section", "article", "h1", "h2", "h3", "h4", "h5", "td",
                           "dd", "dt", "address", "blockquote", "span", "time", "em", "small", "b", "strong"})
# The elements that hold a line of their own (inline ones continue their parent's line).
_BLOCK_PARENTS = _LINE_PARENTS - {"span", "em", "small", "b", "strong", "time"}


def _clean(text: str) -> str:
    # (" ".join(split()) is _SPACES.sub(" ", …).strip(): \s and str.isspace() are the same characters)
    return " ".join(_INVISIBLE.sub("", text).split())


def _words(tag: Any) -> str:
    if not isinstance(tag, Tag):
        return ""
    values: list[str] = []
    for attribute in ("class", "id", "itemprop"):
        value = tag.get(attribute)
        values.extend(value if isinstance(value, list) else str(value).split() if value else [])
    return " ".join(word for word in values if not is_layout_modifier(word))


_LAYOUT_MODIFIER = re.compile(r"^(?:has|with|without|no)[-_]", re.IGNORECASE)


def is_layout_modifier(word: str) -> bool:
    """A class that describes the layout around an element ("has-double-sidebar", "with-comments"),
    not what the element is: the main text of such a page is no sidebar."""
    return bool(_LAYOUT_MODIFIER.match(word))


def _foreign(tag: Tag, levels: int = 8) -> bool:
    return in_context(tag, _FOREIGN, ("footer", "aside", "nav", "select"), levels)


def in_context(tag: Tag, pattern: re.Pattern[str], names: tuple[str, ...], levels: int = 8) -> bool:
    """Whether the tag or one of its `levels` nearest ancestors (below <body>) is one of the
    elements `names` or carries a class, id or itemprop that `pattern` finds (layout classes
    such as "has-sidebar" aside)."""
    node: Any = tag
    for _ in range(levels):
        if not isinstance(node, Tag) or node.name in ("body", "html"):
            return False
        if node.name in names or pattern.search(_words(node)):
            return True
        node = node.parent
    return False


def date_elements(soup: BeautifulSoup, limit: int = 20) -> list[str]:
    """Texts of elements whose class or id names a date, in page order.

    >>> date_elements(BeautifulSoup('<body><h1>T</h1><span class="date">27.01.2022</span>'
    ...     '<div class="comment"><span class="date">28.01.2022</span></div></body>', "lxml"))
    ['27.01.2022']
    """
    found: list[str] = []
    for tag in index_of(soup).body_tags():
        attrs = tag.attrs
        if not ("class" in attrs or "id" in attrs or "itemprop" in attrs) or tag.name in _SKIP or tag.name == "time":
            continue
        names = f"{attrs.get('class')} {attrs.get('id')} {attrs.get('itemprop')}"
        if not may_hold(names, _DATE_PARTS) or not _DATE_NAME_PART.search(names):
            continue
        words = _words(tag)
        if not words or not any(_DATE_NAME.search(word) for word in words.split()):
            continue
        text = _clean(tag.get_text(" "))
        if not text or len(text) > 120 or not _HAS_DATE.search(text) or _foreign(tag):
            continue
        found.append(text)
        if len(found) >= limit:
            break
    return found


def dated_lines(soup: BeautifulSoup, limit: int = 60) -> list[str]:
    """Short visible lines that hold a date, in page order, outside comments and article lists.

    >>> dated_lines(BeautifulSoup('<body><p>Datum: 26. Januar 2022</p><p>Ohne Datum</p></body>', "lxml"))
    ['Datum: 26. Januar 2022']
    """
    lines: list[str] = []
    current: list[str] = []
    current_block: Any = None

    def flush() -> None:
        line = " ".join(current)
        # A long paragraph counts when it opens with its date ("Pressemitteilung vom 25. Januar
        # 2022 | Berlin – …", "27.1.2022 - Bei der …"): only its opening is kept.
        if line and (len(line) < 200 or _HAS_DATE.search(line[:60])) and _HAS_DATE.search(line) \
                and (not _foreign(current_block) or _LAST_CHANGE.match(line)):
            lines.append(line[:200])

    # most pages embed no social-media post: then no string needs its ancestors looked up for one
    embeds = any(_EMBED.search(str(quote.get("class") or "")) for quote in index_of(soup).named("blockquote"))
    blocks: dict[int, Any] = {}  # the line's block of each parent element: its strings share it
    embedded: dict[int, bool] = {}  # and whether the parent stands in an embedded post
    for node in strings_of(soup.body or soup, _ALL_STRINGS):
        # blank strings between elements are half of a page's strings: they add no line
        if isinstance(node, Comment) or node.isspace():
            continue
        parent = node.parent
        if parent is None or parent.name in _SKIP:
            continue
        if embeds:
            inside = embedded.get(id(parent))
            if inside is None:
                inside = embedded[id(parent)] = in_embedded_post(node)
            if inside:
                continue
        text = _clean(str(node))
        if not text:
            continue
        block = blocks.get(id(parent))
        if block is None:
            block = blocks[id(parent)] = next((p for p in node.parents if p.name in _BLOCK_PARENTS), parent)
        if block is not current_block and current:
            flush()
            current = []
            if len(lines) >= limit:
                break
        current_block = block
        current.append(text)
    if current and len(lines) < limit:
        flush()
    return lines


_EMBED = re.compile(r"twitter|tweet|instagram|tiktok|facebook|mastodon|bluesky|embed", re.IGNORECASE)


def in_embedded_post(node: Any) -> bool:
    """Whether a node sits in an embedded social-media post (a `<blockquote class="twitter-tweet">`),
    whose date and author are the post's, not the article's."""
    for parent in node.parents:
        if parent.name == "blockquote":
            classes = parent.get("class") or []
            return bool(_EMBED.search(" ".join(classes) if isinstance(classes, list) else str(classes)))
    return False

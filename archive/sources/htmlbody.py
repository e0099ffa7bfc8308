"""The main text of a page: page furniture removed, the article's container found by the density
of its paragraphs, its blocks read in order.

The approach follows readability and trafilatura in spirit: drop what is never article text
(navigation, share bars, comments, cookie banners, captions and credits, lists of other
articles), then score containers by the paragraph text they hold directly, prefer the marked-up
article body when it holds most of that text, and keep the article's own standfirst.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from bs4 import BeautifulSoup, Comment, Tag

from archive.sources.document import TextBlock
from archive.sources.htmlboxes import BLOCK_TAGS as _BLOCK_TAGS
from archive.sources.htmlboxes import HEADINGS, is_card, links_away
from archive.sources.htmlcontainer import BODY_MARK, body_marked, choose_container, class_tokens, links_text, words
from archive.sources.htmllede import block_text, find_lede, is_utility_class
from archive.sources.htmllede import clean_text as _clean
from archive.sources.htmlwalk import descendant_tags, first_in, has_any, strings_of, text_of

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "form", "button",
              "input", "select", "textarea", "nav", "footer", "aside", "figure", "figcaption",
              "picture", "video", "audio", "object", "embed", "dialog", "map", "link", "meta")
_DROP_ROLES = re.compile(r"^(?:navigation|banner|contentinfo|complementary|dialog|alertdialog|search|menu"
                         r"|menubar|toolbar|tablist)$", re.IGNORECASE)
# Class and id words of page furniture. Matched against each class token and the id.
_FURNITURE = re.compile(
    r"(?:^|[-_])(?:comments?|kommentare?|disqus|share|sharing|shariff|social|socials|cookie|cookies|consent"
    r"|gdpr|cmp|newsletter|related|recommend\w*|empfehlung\w*|sidebar|breadcrumbs?|navigation|nav|navbar"
    r"|menu|footer|advert\w*|ads?|adslot|anzeige|werbung|paywall|promo|widget|subscribe|login|signup"
    r"|popup|modal|overlay|toolbar|pagination|pager|tags?|schlagworte|rating|print|caption|credits?"
    r"|copyright|bildunterschrift|bildnachweis|author-?box|autorenbox|byline|meta|dateline|infobox-ad"
    r"|outbrain|taboola|teaser-?list|more-?articles|weitere|mehr-?zum-?thema|jump-?links|skip"
    r"|visually-?hidden|sr-only|screen-?reader\w*|offscreen|audio-?player|video-?player|affiliate\w*)(?:$|[-_])",
    re.IGNORECASE)


def _is_hidden(tag: Tag) -> bool:
    attrs = tag.attrs
    if "style" not in attrs and "hidden" not in attrs and "aria-hidden" not in attrs:
        return False  # (most elements: the tests below need one of these)
    style = str(tag.get("style") or "").replace(" ", "").lower()
    return (tag.has_attr("hidden") or str(tag.get("aria-hidden") or "").lower() == "true"
            or "display:none" in style or "visibility:hidden" in style)


_META_FURNITURE = re.compile(r"date|datum|time|zeit|byline|author|autor|meta|dateline|info|publish", re.IGNORECASE)


def main_text_blocks(soup: BeautifulSoup, meta_lines: list[str] | None = None,
                     headline: Tag | None = None, first_paragraph: list[Tag] | None = None) -> list[TextBlock]:
    """The article's blocks in reading order; the tree is pruned in place. The element of the
    text's first paragraph is appended to `first_paragraph` when one is given (where the
    article's text starts, for the headline printed above it).

    >>> soup = BeautifulSoup("<body><nav><p>Menü Politik Sport</p></nav><article><p class='lead'>Der "
    ...     "Vorspann des Artikels fasst die Nachricht knapp zusammen.</p><div class='article-body'><p>Erster "
    ...     "Absatz mit genug Text, um als Absatz zu zählen, und noch mehr Worten.</p></div></article></body>", "lxml")
    >>> [(b.kind, b.text[:12]) for b in main_text_blocks(soup)]
    [('teaser', 'Der Vorspann'), ('p', 'Erster Absat')]
    """
    body = soup.body or soup
    _prune(body, meta_lines if meta_lines is not None else [])
    container, header, skipped = choose_container(body)
    if container is None:
        return []
    blocks = list(_blocks(container, header, skipped))
    if first_paragraph is not None:
        start = next((tag for tag in descendant_tags(container) if tag.name in ("p", "div", "td", "li")
                      and not has_any(tag, _BLOCK_TAGS) and len(text_of(tag)) >= 60), None)
        if start is not None:
            first_paragraph.append(start)
    while blocks and blocks[-1].kind == "h":
        blocks.pop()  # no article ends in a heading: it headed a box of links that was left out
    # the text after the headline's block: the lede stands between the headline and it
    first = next((child for child in header.next_siblings if isinstance(child, Tag)), None) if header else None
    lead = find_lede(first or container, headline)
    if lead and not any(block.text == lead for block in blocks[:3]):
        blocks.insert(0, TextBlock("teaser", lead))
    elif lead:
        blocks = [TextBlock("teaser", b.text) if b.text == lead else b for b in blocks]
    return blocks


def _prune(root: Tag, meta_lines: list[str]) -> None:
    """Remove furniture in place; the text of removed date, byline and meta elements goes to
    `meta_lines`, since that is where pages print their dates and authors.

    One top-down walk: a removed element's children are never visited.
    """
    total = len(text_of(root))
    stack: list[Tag] = [root]
    while stack:
        node = stack.pop()
        for child in list(node.contents):
            if isinstance(child, Comment):
                child.extract()
                continue
            if not isinstance(child, Tag):
                continue
            if child.name in _DROP_TAGS and not (child.name in ("figure", "figcaption") and has_any(child, ("h1",))):
                # A figure holding the headline is the article's header, not a caption. Broken nesting (an unclosed <nav>, <aside> or ASP.NET's page-wide <form>) can put
                # the whole article inside one of these: keep it when it holds most of the page.
                # A shop's product form holds the product's description: a form holding prose is
                # kept, unless it asks for text to be written (a comment or contact form).
                if child.name not in _WRAPPING_TAGS or not (_wraps_page(child, total) or (
                        child.name == "form" and not has_any(child, ("textarea",)) and _holds_prose(child))):
                    if child.name in ("picture", "figure"):
                        # an empty <img> stays in its place: a short box around it is its caption
                        child.clear()
                        child.name, child.attrs = "img", {}
                        continue
                    child.decompose()
                    continue
                stack.append(child)
                continue
            if (_is_furniture(child) and not _inline_in_text(child)) or _is_author_box(child):
                # A badly named wrapper ("page has-sidebar"), or broken nesting that puts the
                # article inside a menu, may hold the article: keep those.
                text = text_of(child, " ")
                if len(text) < 0.5 * total and not _holds_article(child):
                    if len(text) < 300 and _META_FURNITURE.search(words(child)):
                        meta_lines.append(_clean(text))
                    child.decompose()
                    continue
            stack.append(child)


# Headings of an author box: "Autor:innen", "Über den Autor", "Die Autorin", "About the author".
_AUTHOR_HEADING = re.compile(r"^(?:über (?:den|die) )?(?:(?:der|die) )?autor(?:in|en|innen|:innen|\*innen)?"
                             r"(?: und autor(?:in|en))?\s*:?$|^about the authors?$", re.IGNORECASE)


def _is_author_box(tag: Tag) -> bool:
    """A block that opens with an author-box heading holds the authors' names and bios, which are
    no article text (KATAPULT prints a longer bio than its graphic articles' one paragraph).

    >>> _is_author_box(BeautifulSoup("<div><h2> Autor:innen </h2><p>Geboren 1983, ist Redakteur.</p></div>",
    ...     "lxml").div)
    True
    """
    first = None
    for child in tag.contents:
        if isinstance(child, Tag):
            first = child
            break
    return (first is not None and first.name in ("h2", "h3", "h4", "h5")
            and bool(_AUTHOR_HEADING.match(_clean(text_of(first, " ")))))


_WRAPPING_TAGS = frozenset({"nav", "aside", "form", "footer", "dialog"})
_INLINE_TEXT = frozenset({"a", "span", "em", "strong", "b", "i", "u", "abbr", "small", "mark", "sub", "sup", "cite",
                          "q", "dfn", "time", "code", "kbd", "s", "del", "ins", "bdi", "bdo", "data", "var", "font"})
_TEXT_PARENTS = frozenset({"p", "li", "dd", "dt", "td", "th", "blockquote", "h2", "h3", "h4", "h5", "h6"})
_SCREEN_READER = re.compile(r"visually-?hidden|sr-only|screen-?reader|offscreen", re.IGNORECASE)


def _inline_in_text(tag: Tag) -> bool:
    """An inline element inside a paragraph ("<a class='internal_tag'>Handel</a>" in a sentence) is
    part of the sentence: boilerplate is removed in blocks, never word by word. Hidden elements and
    screen-reader text are not what the page shows, so they still go.

    >>> p = BeautifulSoup("<p>ohne den stationären <a class='tag'>Handel</a> nicht</p>", "lxml").p
    >>> _inline_in_text(p.a)
    True
    """
    if tag.name not in _INLINE_TEXT or _is_hidden(tag) or _SCREEN_READER.search(words(tag)):
        return False
    # It runs inside a line of text: words beside it in its paragraph, or in the inline elements
    # around it ("<p><strong><a class='tag'>Name</a></strong> sagte …"). A caption <em> that is all
    # its <p> holds is a block of its own.
    parent = tag.parent
    if isinstance(parent, Tag) and any(isinstance(sibling, str) and not isinstance(sibling, Comment)
                                       and sibling.strip() for sibling in parent.children):
        return True
    block: Any = parent
    while isinstance(block, Tag) and block.name in _INLINE_TEXT:
        block = block.parent
    if isinstance(block, Tag) and any(isinstance(child, Tag) and child.name == "img" for child in block.children):
        # an image with spans beside it and no words of its own is a figure: its caption and
        # credit spans are blocks of their own ("<p><img><span class='caption'>…</span>
        # <span class='credits'>DCV / Oppitz</span></p>")
        return False
    return (isinstance(block, Tag) and block.name in _TEXT_PARENTS
            and len(text_of(block, strip=True)) > len(text_of(tag, strip=True)) + 2)


def _wraps_page(tag: Tag, total: int) -> bool:
    return len(text_of(tag)) > 0.5 * total or first_in(tag, ("h1",)) is not None and bool(
        tag.find(attrs={"itemprop": "articleBody"}) or first_in(tag, ("article",)))


# Furniture words that themes also put on the article's own wrapper ("entry themeform share",
# "kb-tip-print-step"): such an element is furniture only when it holds no prose.
# "cmp" is a consent platform's prefix and also the component prefix of a content system's text
# blocks ("cmp-text"): a consent banner is named by its other words too ("cookie", "consent").
_WEAK_FURNITURE = re.compile(r"(?:^|[-_])(?:share|sharing|social|print|meta|widget|promo|rating|cmp)(?:$|[-_])",
                             re.IGNORECASE)


def _is_furniture(tag: Tag) -> bool:
    if tag.name in ("body", "html", "main", "article") or not tag.attrs:
        return False
    tokens = class_tokens(tag)
    role = str(tag.get("role") or "")
    if _is_hidden(tag) or bool(role and _DROP_ROLES.match(role)):
        return True
    named = [token for token in tokens if _FURNITURE.search(token) and not is_utility_class(token)]
    if not named or any(BODY_MARK.search(token) for token in tokens):
        return False
    return not (all(_WEAK_FURNITURE.search(token) for token in named) and _holds_prose(tag))


def _holds_prose(tag: Tag) -> bool:
    """Over 400 characters of text outside links: running text, not a share bar or a date line."""
    text = _clean(text_of(tag, " "))
    if len(text) < 400:
        return False
    links = links_text(tag)
    return links < 0.2 * len(text) and text.count(". ") >= 2


def _holds_article(tag: Tag) -> bool:
    sections = 0
    for node in descendant_tags(tag):
        if node.name in ("h1", "article", "main") or node.attrs.get("itemprop") == "articleBody":
            return True
        if node.name in ("div", "section") and "class" in node.attrs and sections < 200:
            sections += 1
            if body_marked(node):
                return True
    return False


def _blocks(container: Tag, header: Tag | None = None, skipped: frozenset[int] = frozenset()) -> Iterator[TextBlock]:
    # Text a container holds directly (strings and inline elements between its blocks, lines split
    # by <br>, as forums and old CMS write it) is read as runs: a link inside a line stays in it.
    # With a header block (the headline's), reading starts after it.
    run: list[Any] = []
    for child in container.children:
        if header is not None:
            if child is header:
                header = None
            continue
        if isinstance(child, Comment) or id(child) in skipped:
            continue
        if isinstance(child, str) or (isinstance(child, Tag) and child.name in _RUN_TAGS
                                      and not has_any(child, _BLOCK_TAGS)):
            if isinstance(child, Tag) and child.name == "br":
                yield from _run_block(run)
                run = []
            else:
                run.append(child)
            continue
        yield from _run_block(run)
        run = []
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in HEADINGS:
            text = _clean(text_of(child, " "))
            if text and len(text) < 300 and not links_away(child, text):
                yield TextBlock("h", text)
        elif is_card(child):
            continue
        elif name in ("p", "blockquote", "pre", "li", "dd", "dt", "td", "th", "address") or (
                name not in _BLOCK_TAGS or not has_any(child, _BLOCK_TAGS)):
            if name in ("blockquote", "li", "td", "dd") and has_any(child, ("p", "div", "li")) or (
                    name == "p" and has_any(child, _SECTIONS)):
                # (the parser leaves a <section> it does not know inside an open <p>: a teaser
                # box set after a paragraph is read as a block of its own)
                yield from _blocks(child, None, skipped)
                continue
            text = block_text(child)
            if not text or _link_heavy(child, text):
                continue
            kind = "quote" if name == "blockquote" else "li" if name == "li" else "p"
            if name not in _BLOCK_TAGS and name not in ("p",) and len(text) < 40:
                continue  # stray inline text: "Teilen", icons, counters
            yield TextBlock(kind, text)
        else:
            yield from _blocks(child, None, skipped)
    yield from _run_block(run)


_SECTIONS = frozenset({"section", "article", "aside", "header", "footer"})


# Inline elements that may stand in a run of loose text (everything not a block, not furniture).
_RUN_TAGS = frozenset({"a", "span", "em", "strong", "b", "i", "u", "abbr", "small", "mark", "sub", "sup", "cite",
                       "q", "dfn", "time", "code", "kbd", "s", "del", "ins", "bdi", "bdo", "data", "var", "tt",
                       "big", "strike", "acronym", "label", "wbr", "br", "img"})


def _run_block(run: list[Any]) -> Iterator[TextBlock]:
    """One line of loose text; stray short bits ("Teilen", icons, counters) are not a paragraph."""
    if not run:
        return
    text = _clean("".join(str(node) if isinstance(node, str) else "".join(
        s for s in strings_of(node) if not isinstance(s, Comment)) for node in run))
    if len(text) <= 40:
        return
    links = sum(len(_clean(text_of(node, " "))) for node in run if isinstance(node, Tag) and node.name == "a")
    if links > 0.6 * len(text) and len(text) < 400:
        return
    yield TextBlock("p", text)


def _link_heavy(tag: Tag, text: str) -> bool:
    links = links_text(tag)
    return links > 0.6 * len(text) and len(text) < 400

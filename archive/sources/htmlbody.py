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
from archive.sources.htmllede import attribute_tokens, block_text, find_lede
from archive.sources.htmllede import clean_text as _clean

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
    r"|visually-?hidden|sr-only|screen-?reader\w*|offscreen|audio-?player|video-?player)(?:$|[-_])",
    re.IGNORECASE)
_BODY_MARK = re.compile(
    r"(?:^|[-_])(?:article-?body|articlebody|story-?body|entry-?content|post-?content|article-?text|articletext"
    r"|article-?content|artikel-?text|artikeltext|text-?body|content-?body|post-?body|single-?content"
    r"|rte|richtext|article__body|article__content|td-post-content|post-?entry|blog-?content|news-?text"
    r"|bodytext|body-?text|main-?text|detail-?text|story-?content|text-?content)(?:$|[-_])", re.IGNORECASE)
_BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "li", "dd", "dt", "td", "th",
                         "div", "section", "article", "main", "header", "ul", "ol", "dl", "table", "tbody",
                         "thead", "tr", "center", "font", "address", "details", "summary"})




def _has(tag: Tag, names: frozenset[str] | set[str] | tuple[str, ...]) -> bool:
    """Whether an element holds one of these elements: `tag.find(names)` without bs4's general
    matching machinery, which the container search asks thousands of times a page."""
    for node in tag.descendants:
        if isinstance(node, Tag) and node.name in names:
            return True
    return False


def _links_text(tag: Tag) -> int:
    """Characters of text inside the element's links."""
    return sum(len(_clean(a.get_text(" "))) for a in tag.descendants if isinstance(a, Tag) and a.name == "a")


def _words(tag: Tag) -> str:
    return " ".join(attribute_tokens(tag))


# WordPress and similar systems label posts by taxonomy ("tag-wahlen", "category-politik",
# "comments-open"): these describe the article, they are not furniture.
_TAXONOMY = re.compile(r"^(?:tag|category|post|postid|status|format|type|comments?)-|-(?:open|closed)$")


def _tokens(tag: Tag) -> list[str]:
    return [token for token in _words(tag).split() if not _TAXONOMY.search(token)]


def _is_hidden(tag: Tag) -> bool:
    style = str(tag.get("style") or "").replace(" ", "").lower()
    return (tag.has_attr("hidden") or str(tag.get("aria-hidden") or "").lower() == "true"
            or "display:none" in style or "visibility:hidden" in style)


_META_FURNITURE = re.compile(r"date|datum|time|zeit|byline|author|autor|meta|dateline|info|publish", re.IGNORECASE)


def main_text_blocks(soup: BeautifulSoup, meta_lines: list[str] | None = None,
                     headline: Tag | None = None) -> list[TextBlock]:
    """The article's blocks in reading order; the tree is pruned in place.

    >>> soup = BeautifulSoup("<body><nav><p>Menü Politik Sport</p></nav><article><p class='lead'>Der "
    ...     "Vorspann des Artikels fasst die Nachricht knapp zusammen.</p><div class='article-body'><p>Erster "
    ...     "Absatz mit genug Text, um als Absatz zu zählen, und noch mehr Worten.</p></div></article></body>", "lxml")
    >>> [(b.kind, b.text[:12]) for b in main_text_blocks(soup)]
    [('teaser', 'Der Vorspann'), ('p', 'Erster Absat')]
    """
    body = soup.body or soup
    _prune(body, meta_lines if meta_lines is not None else [])
    container = _choose_container(body)
    if container is None:
        return []
    blocks = list(_blocks(container))
    lead = find_lede(container, headline)
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
    total = len(root.get_text())
    stack: list[Tag] = [root]
    while stack:
        node = stack.pop()
        for child in list(node.children):
            if isinstance(child, Comment):
                child.extract()
                continue
            if not isinstance(child, Tag):
                continue
            if child.name in _DROP_TAGS and not (child.name in ("figure", "figcaption") and _has(child, ("h1",))):
                # A figure holding the headline is the article's header, not a caption. Broken nesting (an unclosed <nav>, <aside> or ASP.NET's page-wide <form>) can put
                # the whole article inside one of these: keep it when it holds most of the page.
                if child.name not in _WRAPPING_TAGS or not _wraps_page(child, total):
                    child.decompose()
                    continue
                stack.append(child)
                continue
            if _is_furniture(child) and not _inline_in_text(child):
                # A badly named wrapper ("page has-sidebar"), or broken nesting that puts the
                # article inside a menu, may hold the article: keep those.
                text = child.get_text(" ")
                if len(text) < 0.5 * total and not _holds_article(child):
                    if len(text) < 300 and _META_FURNITURE.search(_words(child)):
                        meta_lines.append(_clean(text))
                    child.decompose()
                    continue
            stack.append(child)


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
    if tag.name not in _INLINE_TEXT or _is_hidden(tag) or _SCREEN_READER.search(_words(tag)):
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
    return (isinstance(block, Tag) and block.name in _TEXT_PARENTS
            and len(block.get_text(strip=True)) > len(tag.get_text(strip=True)) + 2)


def _wraps_page(tag: Tag, total: int) -> bool:
    return len(tag.get_text()) > 0.5 * total or tag.find("h1") is not None and bool(
        tag.find(attrs={"itemprop": "articleBody"}) or tag.find("article"))


# Furniture words that themes also put on the article's own wrapper ("entry themeform share",
# "kb-tip-print-step"): such an element is furniture only when it holds no prose.
_WEAK_FURNITURE = re.compile(r"(?:^|[-_])(?:share|sharing|social|print|meta|widget|promo|rating)(?:$|[-_])",
                             re.IGNORECASE)


def _is_furniture(tag: Tag) -> bool:
    if tag.name in ("body", "html", "main", "article") or not tag.attrs:
        return False
    tokens = _tokens(tag)
    role = str(tag.get("role") or "")
    if _is_hidden(tag) or bool(role and _DROP_ROLES.match(role)):
        return True
    named = [token for token in tokens if _FURNITURE.search(token)]
    if not named or any(_BODY_MARK.search(token) for token in tokens):
        return False
    return not (all(_WEAK_FURNITURE.search(token) for token in named) and _holds_prose(tag))


def _holds_prose(tag: Tag) -> bool:
    """Over 400 characters of text outside links: running text, not a share bar or a date line."""
    text = _clean(tag.get_text(" "))
    if len(text) < 400:
        return False
    links = _links_text(tag)
    return links < 0.2 * len(text) and text.count(". ") >= 2


def _holds_article(tag: Tag) -> bool:
    sections = 0
    for node in tag.descendants:
        if not isinstance(node, Tag):
            continue
        if node.name in ("h1", "article", "main") or node.attrs.get("itemprop") == "articleBody":
            return True
        if node.name in ("div", "section") and "class" in node.attrs and sections < 200:
            sections += 1
            if any(_BODY_MARK.search(token) for token in _tokens(node)):
                return True
    return False


def _paragraph_score(tag: Tag) -> float:
    text = _clean(tag.get_text(" "))
    if len(text) < 25:
        return 0.0
    links = _links_text(tag)
    if links > 0.5 * len(text):
        return 0.0
    return 1 + text.count(",") + min(len(text) / 100, 3.0)


_CONTAINERS = frozenset({"p", "div", "ul", "ol", "table"})
_INLINE = frozenset({"a", "b", "strong", "i", "em", "u", "span", "br", "sub", "sup", "small", "mark", "abbr"})


def _loose_text_score(tag: Tag) -> float:
    """Score the text a container holds directly (strings and inline elements between its blocks).

    >>> _loose_text_score(BeautifulSoup("<div><div>Bild</div>" + "Ein Satz, der lang ist. " * 8
    ...     + "<br>Noch einer, auch lang genug für einen Absatz.</div>", "lxml").div) > 1
    True
    """
    # Each line (between <br>s) counts like a paragraph: a post of five lines is five paragraphs.
    lines: list[str] = []
    current: list[str] = []
    for child in tag.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, Tag) and child.name == "br":
            lines.append(" ".join(current))
            current = []
        elif isinstance(child, str):
            current.append(str(child))
        elif isinstance(child, Tag) and child.name in _INLINE:
            current.append(child.get_text(" "))
    lines.append(" ".join(current))
    texts = [_clean(line) for line in lines]
    if sum(len(text) for text in texts) < 150:
        return 0.0
    return sum(1 + text.count(",") + min(len(text) / 100, 3.0) for text in texts if len(text) >= 25)


def _choose_container(root: Tag) -> Tag | None:
    scores: dict[int, float] = {}
    totals: dict[int, float] = {}  # every paragraph's score, undecayed, for its ancestors
    nodes: dict[int, Tag] = {}
    for paragraph in root.find_all(["p", "pre", "blockquote", "li", "td", "div"]):
        if paragraph.name in ("div", "li", "td") and _has(paragraph, _CONTAINERS):
            # Only text-bearing leaves count, containers get their children's scores; but forum
            # and old CMS posts put the text itself in the container, lines split by <br>.
            score = _loose_text_score(paragraph)
        else:
            score = _paragraph_score(paragraph)
        if paragraph.name == "li":
            score /= 2
        if not score:
            continue
        for level, ancestor in enumerate(paragraph.parents):
            if not isinstance(ancestor, Tag) or level >= 8:
                break
            totals[id(ancestor)] = totals.get(id(ancestor), 0.0) + score
            if level < 3:
                scores[id(ancestor)] = scores.get(id(ancestor), 0.0) + score / (1 + level)
                nodes[id(ancestor)] = ancestor
    if not scores:
        return None
    return _widen(_best_container(root, scores, nodes), totals)


def _widen(chosen: Tag, totals: dict[int, float]) -> Tag:
    """The article's text split over sibling blocks (a description and its details, the text and
    a closing paragraph beside its wrapper): climb to the ancestor holding clearly more prose (40 %
    more), through wrappers that add none; never into one holding the headline (its header's date
    and byline lines are no text) or listing several posts or teasers (two headings that are
    links)."""
    node = result = chosen
    own = totals.get(id(chosen), 0.0)
    for _ in range(4):
        parent = node.parent
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
            break
        total = totals.get(id(parent), 0.0)
        if total <= 1.05 * own:
            node = parent  # a wrapper: look further up
            continue
        # the header (headline, date line, byline) is not text: the lede is found apart from it
        if total < 1.4 * own or total - own < 4 or _has(parent, ("h1",)) or _lists_posts(parent):
            break
        result = node = parent
        own = total
    return result


def _lists_posts(tag: Tag) -> bool:
    linked = 0
    for heading in tag.find_all(["h1", "h2", "h3"]):
        text = _clean(heading.get_text(" "))
        if text and _links_text(heading) >= 0.8 * len(text):
            linked += 1
            if linked >= 2:
                return True
    return len(tag.find_all("article", limit=2)) >= 2


def _best_container(root: Tag, scores: dict[int, float], nodes: dict[int, Tag]) -> Tag:
    """The best-scoring container, or the marked article body holding most of the same text."""
    best = nodes[max(scores, key=lambda key: scores[key])]
    marked = [t for t in root.find_all(True) if t.get("itemprop") == "articleBody"
              or any(_BODY_MARK.search(token) for token in _tokens(t))]
    best_text = len(_clean(best.get_text(" ")))
    for candidate in marked:
        length = len(_clean(candidate.get_text(" ")))
        if length >= 0.6 * best_text and length < 4 * best_text + 2000:
            return candidate
    # Paragraphs split over sibling containers: widen to the parent when it adds real text.
    parent = best.parent
    if isinstance(parent, Tag) and parent.name not in ("body", "html") and scores.get(id(parent), 0) > 1.5 * scores[id(best)]:
        return parent
    return best


def _blocks(container: Tag) -> Iterator[TextBlock]:
    # Text a container holds directly (strings and inline elements between its blocks, lines split
    # by <br>, as forums and old CMS write it) is read as runs: a link inside a line stays in it.
    run: list[Any] = []
    for child in container.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, str) or (isinstance(child, Tag) and child.name in _RUN_TAGS
                                      and not _has(child, _BLOCK_TAGS)):
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
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = _clean(child.get_text(" "))
            if text and len(text) < 300:
                yield TextBlock("h", text)
        elif name in ("p", "blockquote", "pre", "li", "dd", "dt", "td", "th", "address") or (
                name not in _BLOCK_TAGS or not _has(child, _BLOCK_TAGS)):
            if name in ("blockquote", "li", "td", "dd") and _has(child, ("p", "div", "li")):
                yield from _blocks(child)
                continue
            text = block_text(child)
            if not text or _link_heavy(child, text):
                continue
            kind = "quote" if name == "blockquote" else "li" if name == "li" else "p"
            if name not in _BLOCK_TAGS and name not in ("p",) and len(text) < 40:
                continue  # stray inline text: "Teilen", icons, counters
            yield TextBlock(kind, text)
        else:
            yield from _blocks(child)
    yield from _run_block(run)


# Inline elements that may stand in a run of loose text (everything not a block, not furniture).
_RUN_TAGS = frozenset({"a", "span", "em", "strong", "b", "i", "u", "abbr", "small", "mark", "sub", "sup", "cite",
                       "q", "dfn", "time", "code", "kbd", "s", "del", "ins", "bdi", "bdo", "data", "var", "tt",
                       "big", "strike", "acronym", "label", "wbr", "br", "img"})


def _run_block(run: list[Any]) -> Iterator[TextBlock]:
    """One line of loose text; stray short bits ("Teilen", icons, counters) are not a paragraph."""
    if not run:
        return
    text = _clean("".join(str(node) if isinstance(node, str) else "".join(
        s for s in node.strings if not isinstance(s, Comment)) for node in run))
    if len(text) <= 40:
        return
    links = sum(len(_clean(node.get_text(" "))) for node in run if isinstance(node, Tag) and node.name == "a")
    if links > 0.6 * len(text) and len(text) < 400:
        return
    yield TextBlock("p", text)


def _link_heavy(tag: Tag, text: str) -> bool:
    links = _links_text(tag)
    return links > 0.6 * len(text) and len(text) < 400

"""Lede check for saved HTML pages: is the lede a page marks kept as the teaser or in the body?

A page "marks" a lede when, after its <h1> and within its first 1,500 characters of visible text
after it, an element is named as one (a class or id word lead, lede, intro, teaser, standfirst,
vorspann, summary, abstract, excerpt, description, chapo; not a list, card or slider of other
articles, not a picture's or video's caption or a rating widget by its own or its parent's name,
not inside a link, a widget or a footer box) and holds 50-900 characters of text mostly outside
links and no headline of its own (a header "c-intro" holding the <h1> is no lede); or, without
such an element, when the page's og:description or JSON-LD description (50 characters or more, a
trailing "…" dropped) also stands in one visible block after the headline, not much longer than
it: a block holding no paragraphs or headings of its own (a short article's whole text shows its
glued excerpt too), outside captions, asides, navigation, links (a list of articles shows the
page's own teaser), widgets and footer boxes. The page's text is read here with lxml's own
parser, independently of the product's rules.

    python bench/conservation.py --html-sample            # the sample's pages, with the lede check
    python bench/ledes.py [DIR]                            # the same, alone
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import lxml.html

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = REPO.parent / "shared" / "html-sample"
TODAY = dt.date(2026, 1, 1)
_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_LEDE_WORD = re.compile(r"^(?:lead|leadtext|lede|intro|standfirst|teaser|teasertext|vorspann|summary|abstract"
                        r"|excerpt|description|chapo)$", re.IGNORECASE)
_OTHER_WORD = re.compile(r"^(?:list|card|cards|slider|grid|item|items|teasers|related|more|box|author|autor|bio"
                         r"|caption|credits?|copyright|site|blog)$", re.IGNORECASE)
# Words of an element, or of its parent, that make its "description" or "summary" a picture's or a
# video's caption ("visual" > "description") or a rating widget's ("ekomi-rating-summary"). Only
# that near: pages name their <body> "has-post-video" or "media-page".
_NEAR_WORD = re.compile(r"^(?:visual|image|media|photo|gallery|carousel|video|player|rating|ratings|widget)$",
                        re.IGNORECASE)
# Blocks inside a block: an element holding them is an article or a section, not one block.
_INNER_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article", "table")
_NOT_SHOWN = {"script", "style", "noscript", "template", "head", "title", "meta", "link"}
# Blocks that never hold the article's lede: captions, asides, navigation, author boxes.
_ELSEWHERE = {"figure", "figcaption", "aside", "nav", "footer", "form", "button"}
_WINDOW = 1500


def normalise(text: str) -> str:
    """White space collapsed, invisible characters dropped.

    >>> normalise(" Ein\\u00a0 Satz\\u00ad mit\\nUmbruch ")
    'Ein Satz mit Umbruch'
    """
    return _SPACE.sub(" ", _INVISIBLE.sub("", text.replace("\u00a0", " "))).strip()


def _words(element: lxml.html.HtmlElement) -> list[str]:
    """The words of an element's class and id split at - and _ ("article__lead--big" → article, lead, big)."""
    value = f"{element.get('class') or ''} {element.get('id') or ''}"
    return [word for word in re.split(r"[\s_-]+", value) if word]


def _named_lede(element: lxml.html.HtmlElement) -> bool:
    words = _words(element)
    parent = element.getparent()
    near = words + (_words(parent) if parent is not None else [])
    return (element.tag not in ("meta", "link", "a", "img", "ul", "ol", "section", "article", "main", "body")
            and any(_LEDE_WORD.match(word) for word in words) and not any(_OTHER_WORD.match(w) for w in words)
            and not any(_NEAR_WORD.match(word) for word in near))


def _text(element: lxml.html.HtmlElement) -> str:
    return normalise(" ".join(element.itertext()))


def _links_share(element: lxml.html.HtmlElement, text: str) -> float:
    return sum(len(_text(a)) for a in element.iter("a")) / max(1, len(text))


def _descriptions(tree: lxml.html.HtmlElement) -> list[str]:
    found = [meta.get("content") or "" for meta in tree.iter("meta")
             if (meta.get("property") or meta.get("name") or "").lower() in ("og:description", "description")]
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = " ".join(kind) if isinstance(kind, list) else str(kind or "")
                # an author's or the publisher's description is a bio or a motto, not the lede
                if isinstance(item.get("description"), str) and re.search(r"Article|Posting|WebPage|Report", kinds):
                    found.append(item["description"])
                stack.extend(value for value in item.values() if isinstance(value, (dict, list)))
    return [text for text in (normalise(re.sub(r"(?:…|\.\.\.)$", "", normalise(value))) for value in found)
            if len(text) >= 50]


def marked_lede(data: bytes) -> str | None:
    """The lede the page marks, normalised; None when it marks none.

    >>> marked_lede(b"<html><body><h1>Titel</h1><p class='article-lead'>Der Vorspann fasst die "
    ...     b"Nachricht in zwei Saetzen zusammen. Er steht fett.</p><p>Text.</p></body></html>")
    'Der Vorspann fasst die Nachricht in zwei Saetzen zusammen. Er steht fett.'
    """
    try:
        tree = lxml.html.document_fromstring(_decode(data))
    except (ValueError, lxml.etree.ParserError):
        return None
    headline = next(tree.iter("h1"), None)
    if headline is None:
        return None
    for element in list(tree.iter(*_ELSEWHERE)):
        if not any(child is headline for child in element.iter()):
            element.drop_tree()  # captions, asides, navigation: never the lede, nor a block that shows it
    seen = 0
    started = False
    shown: list[str] = []  # the visible text after the headline
    for element in tree.iter():
        if element is headline:
            started = True
            continue
        if not started or not isinstance(element.tag, str):
            continue
        if element.tag in _NOT_SHOWN or any(parent.tag in _NOT_SHOWN for parent in element.iterancestors()):
            continue
        seen += len(normalise(element.text or ""))
        if _one_block(element):
            shown.append(_text(element))
        if seen > 2 * _WINDOW:
            break
        if seen <= _WINDOW and _named_lede(element) and element.tag not in _ELSEWHERE and not _in_box(element) \
                and not any(
                parent.tag in _ELSEWHERE or _OTHER_WORD.match(" ".join(_words(parent)) or "-")
                or any(_OTHER_WORD.match(word) for word in _words(parent)) for parent in element.iterancestors()):
            # a lede wrapper holding its date and share bar too: the named element inside it
            inner = [child for child in element.iterdescendants() if isinstance(child.tag, str)
                     and _named_lede(child) and len(_text(child)) >= 50]
            element = inner[-1] if inner else element
            text = _text(element)
            # an element holding a headline is the page's header ("c-intro", "intro-fourth"), not its lede
            if 50 <= len(text) <= 900 and _links_share(element, text) < 0.3 \
                    and element.tag != "h1" and next(element.iterdescendants("h1", "h2"), None) is None:
                return text
    # the description as one block shows it (an excerpt glued from several paragraphs is no lede)
    return next((text for text in _descriptions(tree)
                 if any(text in block and len(block) <= 1.5 * len(text) + 40 for block in shown)), None)


def _one_block(element: lxml.html.HtmlElement) -> bool:
    """A block of the page's own text: holding no paragraphs or headings of its own (a short
    article's whole text shows its glued excerpt too), outside captions, asides and navigation,
    outside links (a list of articles shows this page's own teaser) and widgets (a sidebar's
    "Über diesen Artikel" box, a footer's list of posts).
    """
    if element.tag in _ELSEWHERE or element.tag == "a" or next(element.iterdescendants(*_INNER_BLOCKS), None) is not None:
        return False
    return not _in_box(element)


def _in_box(element: lxml.html.HtmlElement) -> bool:
    """Inside a link, a caption, an aside, a sidebar's or footer's box."""
    for level, parent in enumerate(element.iterancestors()):
        if parent.tag in _ELSEWHERE or parent.tag == "a":
            return True
        classes = (parent.get("class") or "").lower().split()
        # a sidebar's or footer's box (themes name it "widget"; page builders call every block of
        # the text an "elementor-widget", so only the plain name, and only near the block)
        if (level < 3 and "widget" in classes) or (parent.tag not in ("body", "html") and any(
                word.lower() == "footer" for word in _words(parent))):
            return True
    return False


def _decode(data: bytes) -> str:
    """The page's text: UTF-8 when it decodes as such, else the charset it declares, else cp1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"charset=[\"']?([\w-]+)", data[:4096])
    try:
        return data.decode(declared.group(1).decode("ascii") if declared else "cp1252", "replace")
    except LookupError:
        return data.decode("cp1252", "replace")


@dataclass
class LedeOutcome:
    name: str
    lede: str | None
    kept: bool


def check_page(path: Path) -> LedeOutcome:
    """Extract a page as the importer would and look its marked lede up in teaser and body."""
    from archive.errors import InputError
    from archive.metadata import extract
    from archive.sources import read_source

    data = path.read_bytes()
    lede = marked_lede(data)
    if lede is None:
        return LedeOutcome(path.name, None, True)
    try:
        page = extract(read_source(path, data), TODAY)
    except InputError:
        return LedeOutcome(path.name, lede, False)
    # compared without white space: inline elements ("Özo<b>ğuz</b>", "THW</a>:") are read here
    # with a space between them, which the product's reading rightly leaves out
    text = re.sub(r"\s", "", f"{page.teaser}{page.body}")
    return LedeOutcome(path.name, lede, re.sub(r"\s", "", lede) in text)


def check_sample(folder: Path) -> list[LedeOutcome]:
    return [check_page(path) for path in sorted(folder.glob("*.html"))]


def summary(outcomes: list[LedeOutcome]) -> str:
    marking = [o for o in outcomes if o.lede]
    lost = [o for o in marking if not o.kept]
    lines = [f"html-sample: {len(outcomes)} pages, {len(marking)} mark a lede, "
             f"{len(lost)} lose it (neither teaser nor body)"]
    lines += [f"  - {o.name}: {o.lede[:120]}" for o in lost if o.lede]
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(check_sample(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SAMPLE)))

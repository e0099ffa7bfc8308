"""The lede read from the whole page before the furniture is removed.

Pages print the lede inside what the body extractor removes as furniture (a byline paragraph
"author-meta", a "sidebar" header beside the text) or as a block the rules of
archive.sources.htmllede do not read as one (a section, an <h2> of running text, a one-line
subtitle, bullet points). It is read here from the whole page, between the headline and the first
paragraph of text: the first element named as the lede, or the first single block that shows
the page's own description.
"""

from __future__ import annotations

import re
from bs4 import Tag

from archive.sources.document import TextBlock
from archive.sources.htmlwalk import has_any, tags_in
from archive.sources.htmllede import (_INLINE, _SENTENCE_END, _SPACES, _is_removed, _link_share, _moved_out,
                                      _name_words, _named_lede, block_text, clean_text, is_prose)

_EARLY_STEPS = 3000
# Where a page's own description or a marked element is no lede: captions, lists of links to
# other articles (the page's own teaser among them), widgets, navigation.
_NOT_LEDE_PLACES = frozenset({"figure", "figcaption", "aside", "nav", "footer", "a", "button", "form", "select",
                              "script", "style", "noscript", "template", "picture", "video", "audio", "label"})
_NOT_LEDE_WORDS = re.compile(r"(?:^|[-_])(?:caption|credits?|copyright|widget|related|list|liste|slider|carousel"
                             r"|teasers|comments?|kommentare?|rating|share|sharing|social|newsletter|promo"
                             r"|visually-?hidden|sr-only|aural"
                             # a consent banner's or a popup's text
                             r"|cookies?|consent|cmp|cmplz|gdpr|privacy|datenschutz|banner|modal|popup|dialog"
                             r"|overlay|notice)(?:$|[-_])", re.IGNORECASE)
_TEXT_BLOCKS = ("p", "div", "section", "h2", "h3", "h4", "ul", "strong", "b", "header", "span")
_INNER_BLOCKS = frozenset({"p", "div", "section", "article", "header", "main", "h1", "h2", "h3", "h4", "h5", "h6",
                           "blockquote", "table", "figure"})
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)$")


def early_lede(headline: Tag | None, descriptions: list[str]) -> str | None:
    """The lede under the headline, read before any furniture is removed: the first element
    named as one, or the first single block that shows the page's own description (og:description,
    JSON-LD), before the first paragraph of running text. None when neither stands there.

    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup("<h1>Titel der Meldung</h1><p class='author-meta'><em>Red. / 31.10.2023</em> <strong>Die "
    ...     "Kolonie steht vor dem Niedergang. Das wird auch eine Niederlage sein.</strong></p>", "lxml")
    >>> early_lede(soup.h1, ["Die Kolonie steht vor dem Niedergang. Das wird auch eine Niederlage sein."])
    'Die Kolonie steht vor dem Niedergang. Das wird auch eine Niederlage sein.'
    """
    if headline is None or _is_removed(headline) or len(block_text(headline)) < 10:
        return None  # no headline, or an empty one (a logo): nothing marks where the lede stands
    wanted = [_squash(_ELLIPSIS.sub("", clean_text(text))) for text in descriptions]
    wanted = [text for text in wanted if len(text) >= 40]
    verdicts: dict[int, bool] = {id(node): False for node in headline.parents}
    for steps, node in enumerate(headline.next_elements):
        if steps > _EARLY_STEPS:
            break
        if not isinstance(node, Tag) or node.name in _INLINE and node.name not in ("strong", "b", "span") \
                or node is headline or _elsewhere(node, verdicts):
            continue
        named = _named_lede(node) and not _caption_of_picture(node)
        # only a marked element or a single block can be the lede or the text's first paragraph;
        # a wrapper's text is not read (its parts come next)
        single = not has_any(node, _INNER_BLOCKS)
        if not (named or single):
            continue
        text = block_text(node)
        if not text:
            continue
        if named and 50 <= len(text) <= 900 and not has_any(node, ("h1", "h2")) and _link_share(node, text) < 0.3:
            lede = _one_text(_moved_out(node))
            if lede is not None:
                return lede
            # a wrapper of the lede with its picture, date or share bar: its parts come next
        if not single:
            continue
        if wanted and node.name in _TEXT_BLOCKS:
            shown = _squash(text)
            for description in wanted:
                if description in shown and len(shown) <= 1.5 * len(description) + 40:
                    return _showing(node, description)
        if node.name in ("p", "div", "li") and is_prose(node, text, minimum=200):
            return None  # the text has begun
    return None


# A box named for its picture ("<div class='visual'><picture>…</picture><div class='description'>…"):
# the named element beside the picture is the picture's caption, not the article's lede.
_PICTURE_BOX = re.compile(r"(?:^|[-_])(?:image|img|photo|visual|media|picture|figure|gallery|bild|foto)(?:$|[-_])",
                          re.IGNORECASE)


def _caption_of_picture(tag: Tag) -> bool:
    """Whether the element stands in a box named for the picture it holds (its caption).

    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup("<div class='visual'><picture><img src='a.jpg'></picture>"
    ...                      "<div class='description'>Die Kamera im Display.</div></div>", "lxml")
    >>> _caption_of_picture(soup.find(class_="description"))
    True
    """
    parent = tag.parent
    return (isinstance(parent, Tag) and has_any(parent, ("img", "picture"))
            and any(_PICTURE_BOX.search(token) for token in _name_words(parent)))


def _squash(text: str) -> str:
    return _SPACES.sub("", text)


def _elsewhere(tag: Tag, verdicts: dict[int, bool]) -> bool:
    """In a caption, a link, a list of other articles, a widget, a hidden or consent box: up to
    the headline's ancestors. `verdicts` remembers each element's answer (the walk meets every
    ancestor before its descendants)."""
    known = verdicts.get(id(tag))
    if known is not None:
        return known
    verdict = (tag.name in _NOT_LEDE_PLACES or any(_NOT_LEDE_WORDS.search(token) for token in _name_words(tag))
               or tag.has_attr("hidden") or str(tag.get("aria-hidden") or "").lower() == "true"
               or "display:none" in str(tag.get("style") or "").replace(" ", "").lower()
               or (isinstance(tag.parent, Tag) and _elsewhere(tag.parent, verdicts)))
    verdicts[id(tag)] = verdict
    return verdict


def _one_text(tag: Tag) -> str | None:
    """The text of a marked element, or of the block inside it that holds nearly all of it ("<div
    class='intro'><p></p><p>…</p></div>"); None when it holds several things (a caption and the
    lede, the lede and a date line), which are read one by one.

    >>> from bs4 import BeautifulSoup
    >>> _one_text(BeautifulSoup("<div><p></p><p>Der Vorspann in einem Satz.</p></div>", "lxml").div)
    'Der Vorspann in einem Satz.'
    """
    text = block_text(tag)
    if has_any(tag, ("figure", "figcaption", "picture", "img", "aside", "nav", "form", "button", "time")):
        return None
    for inner in tags_in(tag, _INNER_BLOCKS):
        inner_text = block_text(inner)
        if inner_text and len(inner_text) < 0.8 * len(text):
            return None
    return text


def _showing(block: Tag, description: str) -> str:
    """The text of the innermost element of `block` that still shows the whole description: the
    lede without the byline or place name printed before it in the same paragraph."""
    node = block
    while True:
        inner = next((child for child in node.find_all(True, recursive=False)
                      if description in _squash(block_text(child))), None)
        if inner is None:
            return block_text(node)
        node = inner


def with_lede(blocks: list[TextBlock], lede: str | None) -> list[TextBlock]:
    """The blocks with the lede found before the furniture went as their teaser, unless they hold
    it already. A teaser chosen otherwise goes back into the text when it reads as a paragraph
    (the text's own first paragraph), and is dropped when it does not (a caption).

    >>> [(b.kind, b.text) for b in with_lede([TextBlock("teaser", "Bild: Archiv"), TextBlock("p", "Text.")],
    ...                                      "Der Vorspann.")]
    [('teaser', 'Der Vorspann.'), ('p', 'Text.')]
    """
    if not lede or any(_squash(lede) in _squash(block.text) for block in blocks):
        return blocks
    rest = blocks
    if blocks and blocks[0].kind == "teaser":
        rest = blocks[1:]
        old = blocks[0].text
        if len(old) >= 80 and _SENTENCE_END.search(old) and old.count(" ") >= 6:
            rest = [TextBlock("p", old), *rest]
    return [TextBlock("teaser", lede), *rest]

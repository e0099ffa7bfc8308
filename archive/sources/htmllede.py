"""The article's lede (standfirst): the paragraph between the headline and the text that pages
print in bold or in a marked element, often outside the container that holds the rest.

Two ways to find it, in this order:

1. an element named as one (class or id with lead, lede, intro, teaser, standfirst, summary,
   description, chapo, …) after the headline or inside the article element, and before the text;
2. the first paragraph before the body: a prose paragraph standing between the headline and the
   chosen container (the body's container often starts with the second paragraph).

Both only between the headline and the text: a "teaser" before the headline or after the text is
a teaser of another article.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import Comment, Tag

from archive.sources.htmlwalk import end_of, first_in, has_any, tags_in, text_of

_SPACES = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_LEAD_MARK = re.compile(r"(?:^|[-_])(?:lead|leadtext|intro|introduction|standfirst|summary|abstract|vorspann"
                        r"|excerpt|teaser-?text|subtitle|subline|article-?teaser|artikel-?teaser|lede|deck|dek"
                        r"|chapo|description|teaser|kurztext|einleitung|anriss|sub-?head|sub-?headline)(?:$|[-_])", re.IGNORECASE)
# Marks of teasers of other articles, never the article's own lede.
_OTHER = re.compile(r"(?:^|[-_])(?:list|slider|related|more|next|prev|card|grid|box|item|items|teasers"
                    # a picture's caption and credit, a carousel's, a rating widget's "summary"
                    r"|carousel|caption|credits?|image|img|photo|media|visual|rating|ratings"
                    # an author's "description" is a bio ("idgArticleAuthorDescription")
                    r"|author|authors|autor|autoren|bio|profile)(?:$|[-_])",
                    re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Utility classes of CSS frameworks name a style, not a block's purpose: a type scale step
# ("caption-s5-fx", "meta-sm", "caption-2xl") or a responsive variant ("md:caption-s4-fx").
# eurosport.de sets its hero teaser, date lines and menu links in "caption-s5-fx".
_UTILITY = re.compile(r":|(?:^|[-_])(?:caption|meta|credits?|print)-(?:s\d+|xs|sm|md|lg|xl|\d?xl)(?:$|-)",
                      re.IGNORECASE)


def is_utility_class(token: str) -> bool:
    """Whether a class token is a style utility rather than a name of what the block is.

    >>> [is_utility_class(t) for t in ("caption-s5-fx", "md:caption-s4-fx", "image-caption", "caption")]
    [True, True, False, False]
    """
    return bool(_UTILITY.search(token))


def _name_words(tag: Tag) -> list[str]:
    """The class and id tokens that name a block, camel case split ("modTeaser" is "mod-Teaser")."""
    return [_CAMEL.sub("-", token) for token in attribute_tokens(tag) if not is_utility_class(token)]
# An affiliate or advertising disclosure under the headline ("Für Links auf dieser Seite erhält …
# eine Provision") is the site's notice, never the article's lede.
_NOTICE = re.compile(r"(?:^|[-_])(?:affiliate|disclaimer|disclosure|provision)(?:$|[-_])", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:“”\"»«)]\s*$")
# How far (in elements) to look back from the body for its first paragraph.
_LOOKBACK = 400


def clean_text(text: str) -> str:
    """Text as it reads: soft hyphens and zero-width spaces gone (they only mark where a word
    may break, "Mes\xadsen\xadger"), runs of white space one space.

    >>> clean_text(" Mes\xadsen\xadger  am   Abend ")
    'Messenger am Abend'
    """
    # (" ".join(split()) is _SPACES.sub(" ", …).strip(): \s and str.isspace() are the same characters)
    return " ".join(_INVISIBLE.sub("", text).split())


_clean = clean_text


_INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "u", "abbr", "small", "mark", "sub", "sup", "cite", "q",
                     "dfn", "time", "code", "kbd", "s", "del", "ins", "bdi", "bdo", "data", "var", "font", "tt",
                     "big", "strike", "acronym", "label", "wbr"})


def block_text(tag: Tag) -> str:
    """The text of a block as it reads: inline elements join their neighbours without a space
    ("Gericht</a>, ersatzweise", "Mes<b>sen</b>ger"), block elements and <br> break words apart.

    >>> from bs4 import BeautifulSoup
    >>> block_text(BeautifulSoup("<p>vor <a>Gericht</a>, Mes<b>sen</b>ger<br>neu</p>", "lxml").p)
    'vor Gericht, Messenger neu'
    """
    parts: list[str] = []
    if not tag.contents:
        return ""
    stop = end_of(tag)
    node = tag.contents[0]
    while node is not stop and node is not None:  # tag.descendants, without its generator
        if type(node) is Tag:
            if node.name not in _INLINE:
                parts.append(" ")
        elif isinstance(node, str) and not isinstance(node, Comment):
            parent = node.parent
            if parent is None or parent.name not in ("script", "style", "template"):
                parts.append(node)
        node = node.next_element
    return _clean("".join(parts))


def attribute_tokens(tag: Tag, attributes: tuple[str, ...] = ("class", "id")) -> list[str]:
    """The words of an element's naming attributes, which say what a block is for.

    >>> from bs4 import BeautifulSoup
    >>> attribute_tokens(BeautifulSoup('<p class="va-article-lead x" id="lede">', "lxml").p)
    ['va-article-lead', 'x', 'lede']
    """
    values: list[str] = []
    for attribute in attributes:
        value = tag.get(attribute)
        if isinstance(value, list):
            values.extend(value)
        elif value:
            values.extend(str(value).split())
    return values


def _link_share(tag: Tag, text: str) -> float:
    links = sum(len(_clean(text_of(a, " "))) for a in tags_in(tag, ("a",)))
    return links / max(len(text), 1)


def is_prose(tag: Tag, text: str, minimum: int = 60) -> bool:
    """Running text: long enough, ends like a sentence, mostly outside links.

    >>> from bs4 import BeautifulSoup
    >>> p = BeautifulSoup("<p>Der Rat hat am Montag beschlossen, die Brücke neu zu bauen.</p>", "lxml").p
    >>> is_prose(p, p.get_text(), minimum=40)
    True
    """
    return (minimum <= len(text) <= 1200 and bool(_SENTENCE_END.search(text)) and _link_share(tag, text) < 0.3
            and text.count(" ") >= 6)


def find_lede(container: Tag, headline: Tag | None) -> str | None:
    """The lede's text, when one stands between the headline and the container's text (or is
    marked inside the article element holding the container); None otherwise.

    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup("<h1>Titel der Meldung</h1><p class='intro'>Der Vorspann fasst die Nachricht "
    ...     "in zwei Sätzen zusammen. Er steht fett.</p><div id='text'><p>Erster Absatz.</p></div>", "lxml")
    >>> find_lede(soup.find(id="text"), soup.h1)
    'Der Vorspann fasst die Nachricht in zwei Sätzen zusammen. Er steht fett.'
    """
    marked = _marked_lede(container, headline)
    if marked:
        return marked
    if headline is not None and not _is_removed(headline):
        return _paragraph_before(container, headline)
    return _sibling_before(container)


def _is_removed(tag: Tag) -> bool:
    return bool(getattr(tag, "decomposed", False)) or tag.parent is None


def _marked_lede(container: Tag, headline: Tag | None) -> str | None:
    article = container if container.name == "article" else next(
        (parent for parent in container.parents if parent.name == "article"), None)
    candidates: list[Tag] = []
    headline_kept = headline is not None and not _is_removed(headline)
    # first the marked elements after the headline, in reading order: the one nearest it is the
    # article's own (a carousel's "description" or a teaser above it belongs to something else)
    if headline is not None and headline_kept:
        candidates.extend(_hgroup_subheadings(headline))
        for steps, node in enumerate(headline.next_elements):
            if node is container or steps > 600:
                break
            if isinstance(node, Tag) and _named_lede(node):
                candidates.append(node)
    # then inside the container, before its text proper; inside its article; in the header block
    # beside the text (three levels up: header and text share a wrapper)
    scopes: list[Any] = [container]
    if isinstance(article, Tag):
        scopes.append(article)
    wrapper: Any = container
    for _ in range(3):
        if isinstance(wrapper.parent, Tag) and wrapper.parent.name not in ("html", "body"):
            wrapper = wrapper.parent
    if wrapper is not container:
        scopes.append(wrapper)
    # The scopes nest (container, its article, the wrapper): each element is judged once.
    judged: set[int] = set()
    scoped = [tag for scope in scopes for tag in tags_in(scope, limit=400)
              if id(tag) not in judged and not judged.add(id(tag)) and _named_lede(tag)]
    if scoped and headline is not None and headline_kept:
        # only between the headline and the text: what stands above the headline is another's
        above = {id(node) for node in headline.previous_elements if isinstance(node, Tag)}
        scoped = [tag for tag in scoped if id(tag) not in above]
    candidates.extend(scoped)
    first_text = _first_text_block(container)
    for tag in candidates:
        tag = _moved_out(tag)
        text = block_text(tag)
        if not 50 <= len(text) <= 900 or has_any(tag, ("h1", "h2")) or _link_share(tag, text) >= 0.3:
            continue
        # a marked element deep in the text is a summary box or an inserted teaser, not the lede
        if first_text is not None and _after(tag, first_text) and tag is not first_text:
            continue
        return text
    return None


def _moved_out(tag: Tag) -> Tag:
    """The paragraph an HTML parser moved out of an empty marked element: "<h2 class='teaser'><p>…</p>
    </h2>" is read as an empty <h2> followed by the <p> (a heading may not hold a paragraph), so
    the lede stands right after its mark. Otherwise the element itself.

    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup("<h2 class='teaser'></h2><p>Der Vorspann.</p>", "lxml")
    >>> _moved_out(soup.h2).name
    'p'
    """
    if tag.name not in ("h2", "h3", "h4", "h5", "h6") or text_of(tag, strip=True):
        return tag
    sibling = tag.next_sibling
    while sibling is not None and not isinstance(sibling, Tag):
        if isinstance(sibling, str) and not isinstance(sibling, Comment) and sibling.strip():
            return tag  # text of its own follows: the mark is simply empty
        sibling = sibling.next_sibling
    return sibling if isinstance(sibling, Tag) and sibling.name == "p" else tag


def _hgroup_subheadings(headline: Tag) -> list[Tag]:
    """The subheading grouped with the headline in an <hgroup> (HTML's own mark of a headline's
    subtitle) is the standfirst when it reads as running text.

    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup("<hgroup><h1>Demut</h1><h2>Warum es nicht nur persönliche Tugend braucht, "
    ...     "sondern auch politische Maßnahmen.</h2></hgroup>", "lxml")
    >>> [tag.name for tag in _hgroup_subheadings(soup.h1)]
    ['h2']
    """
    group = headline.parent
    if not isinstance(group, Tag) or group.name != "hgroup":
        return []
    return [tag for tag in headline.find_next_siblings(["h2", "h3", "h4", "p"])
            if is_prose(tag, block_text(tag), minimum=50)]


def _named_lede(tag: Tag) -> bool:
    """An element named as the lede by its class or id; words in camel case count apart.

    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup("<div class='modTeaser'></div><p class='carousel-description'></p>", "lxml")
    >>> [_named_lede(tag) for tag in soup.find_all(["div", "p"])]
    [True, False]
    """
    if tag.name == "h1":
        return False  # the headline, whatever its class says ("c-intro__headline")
    if tag.get("itemprop") in ("description", "abstract"):
        return tag.name not in ("meta", "link")
    # (cheap tests first: this runs on up to 1,200 elements of every page)
    if tag.name in _NEVER_LEDE or ("class" not in tag.attrs and "id" not in tag.attrs):
        return False
    tokens = _name_words(tag)
    return (any(_LEAD_MARK.search(token) for token in tokens)
            and not any(_OTHER.search(token) for token in tokens))


_NEVER_LEDE = frozenset(("meta", "link", "script", "img", "a", "article", "main", "ul", "ol"))


def _first_text_block(container: Tag) -> Tag | None:
    for tag in tags_in(container, ("p", "div", "li", "blockquote")):
        # (the cheap test first: a wrapper's text is all of its blocks')
        if not has_any(tag, ("p", "div")) and len(_clean(text_of(tag, " "))) >= 80:
            return tag
    return None


def _after(tag: Tag, reference: Tag) -> bool:
    """True when `tag` starts after `reference` starts, in document order."""
    for node in reference.next_elements:
        if node is tag:
            return True
    return False


def _sibling_before(container: Tag) -> str | None:
    """Without a headline to bound the search: a prose paragraph right before the container (or
    before its parent), the nearest element with text there."""
    node: Any = container
    for _ in range(2):
        sibling = node.previous_sibling
        while sibling is not None and not (isinstance(sibling, Tag) and text_of(sibling, strip=True)):
            sibling = sibling.previous_sibling
        if isinstance(sibling, Tag):
            if sibling.name == "p":
                text = block_text(sibling)
                return text if is_prose(sibling, text, minimum=80) and not _is_notice(sibling) else None
            return None
        node = node.parent
        if not isinstance(node, Tag) or node.name in ("body", "html"):
            return None
    return None


def _is_notice(tag: Tag) -> bool:
    """Whether the block, or one of the three elements around it, is named as a site's notice.

    >>> from bs4 import BeautifulSoup
    >>> _is_notice(BeautifulSoup("<div class='alice-affiliate-info'><div>Für Links …</div></div>", "lxml").div.div)
    True
    """
    node: Any = tag
    for _ in range(4):
        if not isinstance(node, Tag) or node.name in ("body", "html"):
            return False
        if any(_NOTICE.search(word) for word in _name_words(node)):
            return True
        node = node.parent
    return False


def _paragraph_before(container: Tag, headline: Tag) -> str | None:
    """The nearest prose paragraph above the container, below the headline."""
    steps = 0
    node: Any = container
    while steps < _LOOKBACK:
        node = node.previous_element
        steps += 1
        if node is None or node is headline:
            return None
        if not isinstance(node, Tag) or node.name not in ("p", "div", "strong", "b"):
            continue
        if any(parent is headline for parent in node.parents) or has_any(node, ("p", "div", "ul", "table")) \
                or _is_notice(node):
            continue
        text = block_text(node)
        if is_prose(node, text, minimum=80):
            return text
    return None


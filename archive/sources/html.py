"""The HTML reader: a saved web page -> SourceDocument with the hints its markup carries.

lxml parses the page once into BeautifulSoup's objects (archive.sources.htmltree); this module collects structured metadata
(JSON-LD, meta tags, microdata, <time>, byline elements, canonical URL) and hands the main text
to archive.sources.htmlbody. It judges nothing: archive.metadata decides what to trust.
"""

from __future__ import annotations

import html as html_lib
import json
import pathlib
import re
import warnings
from typing import Any, Iterator

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

from archive.errors import InputError
from archive.sources.decode import decode_bytes
from archive.sources.document import HtmlHints, SourceDocument, TimeElement
from archive.sources.htmlbody import main_text_blocks
from archive.sources.htmlheader import (header_lines, headline_element, visible_headline,
                                        visible_headline_candidates)
from archive.sources.htmldates import date_elements, dated_lines, in_embedded_post, is_layout_modifier
from archive.sources.htmlindex import forget, index_of
from archive.sources.htmltree import paused_collector, read_tree
from archive.sources.htmllede import attribute_tokens
from archive.sources.htmlpagelede import early_lede, with_lede
from archive.sources.htmlurls import canonical_url, url_hints
from archive.sources.htmlwalk import first_in, may_hold, text_of

# Soft hyphens and zero-width spaces split words for line breaking only ("Mes\xadsen\xadger").
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_BYLINE_CLASS = re.compile(r"(?:^|[-_ ])(?:author|authors|byline|autor|autoren|verfasser|writer)(?:[-_ ]|name|$)",
                           re.IGNORECASE)
# The words every match of _BYLINE_CLASS holds, tested first on an element's whole class attribute
_BYLINE_WORD = re.compile(r"author|byline|autor|verfasser|writer", re.IGNORECASE)
_BYLINE_PARTS = ("author", "byline", "autor", "verfasser", "writer")
# Author-looking elements in these contexts belong to comments, other articles or photos.
_FOREIGN_CONTEXT = re.compile(r"comment|related|teaser|slider|image|photo|avatar|testimonial|gallery|"
                              r"recent|popular|footer|sidebar|widget|copyright|credit|kontextliste",
                              re.IGNORECASE)
# Dates in these contexts belong to comments or to other articles.
_FOREIGN_DATE_CONTEXT = re.compile(r"comment|kommentar|related|recommend|teaser-?list|slider|sidebar|widget"
                                   r"|recent|popular|reply|antwort"
                                   # the site's top bar prints today's date
                                   r"|(?:^|[-_\s])nav(?:bar|top|wrap)?(?:$|[-_\s])|masthead|topbar", re.IGNORECASE)
_PUBLISHED_HINT = re.compile(r"publish|created|posted|erstellt|veroeffentlicht|pubdate|entry-date|date-pub",
                             re.IGNORECASE)
_MODIFIED_HINT = re.compile(r"modif|update|aktualis|changed|edited", re.IGNORECASE)
# Limits per page. The extraction reads the tree many times (an index walk, the furniture pass,
# container scores over ancestors, text per block), so its work grows with the element count
# times the nesting depth; and the parsed tree costs about a kilobyte per element. The 485 pages
# of the extraction sample are at most 1 MB, 10,126 elements and 43 levels deep.
#
# A page is refused above 32 MB before it is decoded or parsed: the parser's tree and the text
# copies take about twenty times a page's size (a 200 MB page grew past 3.8 GB in a minute),
# and `--max-size`, which admits large plain-text files, cannot lift it.
MAX_HTML_BYTES = 32 * 1024 * 1024
# A page is refused above 50,000 elements, counted on the text before it is parsed (an upper
# bound: a "<" before a letter in a script counts too). Reading a page costs about 0.1 ms per
# element however it nests: a million tiny elements took 32 s and 1.2 GB, 200,000 paragraphs
# 43 s; 50,000 take about 6 s. Five times the largest page of the sample.
MAX_HTML_ELEMENTS = 50_000
# A page is refused when it nests deeper than 256 levels, measured on the parsed tree: the
# container search looks at each element's ancestors and descendants, so 100,000 nested <div>s
# ran past five minutes. Refused, not flattened: an article read from a mangled tree would be a
# wrong article with no sign of it.
MAX_HTML_DEPTH = 256
_START_TAG = re.compile(r"<[A-Za-z]")

_JSON_COMMENTS = re.compile(r"^\s*(?:<!\[CDATA\[|//.*$)|\]\]>\s*$", re.MULTILINE)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def read_html(path: pathlib.Path, data: bytes) -> SourceDocument:
    """Decode and parse a saved page; raise InputError when it holds no HTML text at all.

    >>> doc = read_html(pathlib.Path("a.html"), b'<html lang="de"><head><title>T</title>'
    ...                 b'<link rel="canonical" href="https://www.spiegel.de/a"></head><body></body></html>')
    >>> doc.html.canonical_url, doc.html.title_tag, doc.html.lang
    ('https://www.spiegel.de/a', 'T', 'de')
    """
    with paused_collector():
        return _read_html(path, data)


def _read_html(path: pathlib.Path, data: bytes) -> SourceDocument:
    if len(data) > MAX_HTML_BYTES:
        raise InputError(path, f"an HTML page of {len(data) / 1048576:.0f} MB; pages over "
                               f"{MAX_HTML_BYTES // 1048576} MB are not parsed, whatever --max-size allows")
    text, encoding = decode_bytes(path, data, markup=True)
    if "<" not in text[:5000] and "<" not in text:
        raise InputError(path, "not HTML: no markup found (rename it to .txt to import it as text)")
    elements = sum(1 for _ in _START_TAG.finditer(text))
    if elements > MAX_HTML_ELEMENTS:
        raise InputError(path, f"{elements:,} elements; the limit is {MAX_HTML_ELEMENTS:,} (a news page has "
                               "a few thousand)")
    with warnings.catch_warnings():
        # XHTML pages start with an XML declaration; lxml's HTML parser reads them well, and a
        # library must not print to stderr.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup, depth = read_tree(text)
    if depth > MAX_HTML_DEPTH:
        raise InputError(path, f"nested {depth:,} levels deep; the limit is {MAX_HTML_DEPTH}")
    index = index_of(soup)
    html = next(iter(index.named("html")), None)
    lang = html.get("lang", "") if isinstance(html, Tag) else ""
    title = next(iter(index.named("title")), None)
    hints = HtmlHints(
        json_ld=tuple(_json_ld(soup)),
        meta=_meta(soup),
        microdata=_microdata(soup),
        times=tuple(_times(soup)),
        bylines=tuple(_bylines(soup)),
        canonical_url=canonical_url(soup),
        title_tag=_clean(title.get_text()) if title else "",
        headings=tuple(text for text in (_heading_text(h) for h in index.named("h1")) if text),
        lang=str(lang or ""),
        blocks=(),
    )
    # The body extractor removes page furniture (bylines included) from the tree: read first.
    titles = [hints.title_tag, *hints.meta.get("og:title", ())]
    headline = headline_element(soup, titles)
    lines = header_lines(soup, headline)
    lede = early_lede(headline, _descriptions(hints))  # before the furniture, which may hold it, is removed
    urls = url_hints(soup, hints.lang)
    dates = {"date_elements": tuple(date_elements(soup)), "dated_lines": tuple(dated_lines(soup)),
             **_page_shape(soup)}
    meta_lines: list[str] = []
    # where the page prints its headline without an h1: read before the tree is pruned
    order = index_of(soup).positions()  # ids of elements that survive the pruning stay valid
    headline_texts = [(position, tag.name, _heading_text(tag).lstrip("[>»›|/-–—:• "))
                      for position, tag in visible_headline_candidates(soup)
                      if tag.find_parent("a") is None]
    forget(soup)  # the body extractor prunes the tree
    first_paragraph: list[Tag] = []
    blocks = with_lede(main_text_blocks(soup, meta_lines, headline, first_paragraph), lede)
    shown_headline = visible_headline(headline_texts, order.get(id(first_paragraph[0]), 0), titles) \
        if first_paragraph else ""
    hints = HtmlHints(**{**hints.__dict__, "blocks": tuple(blocks), "header_lines": tuple(lines),
                         "meta_lines": tuple(line for line in meta_lines if line), "shown_headline": shown_headline,
                         **urls, **dates})
    return SourceDocument(path=path, format="html", text=text, encoding=encoding, html=hints)


def _heading_text(tag: Tag) -> str:
    """A heading's text, its elements joined by a space, without the space that joining puts
    before a punctuation mark ("Frauen im <span>THW</span>: …").

    >>> _heading_text(BeautifulSoup("<h1>Frauen im <span>THW</span>: Vergangenheit</h1>", "lxml").h1)
    'Frauen im THW: Vergangenheit'
    """
    return _SPACE_BEFORE_MARK.sub(r"\1", _clean(tag.get_text(" ")))


_SPACE_BEFORE_MARK = re.compile(r"\s+([:,.!?;])(?=\s|$)")


def _descriptions(hints: HtmlHints) -> list[str]:
    """The page's own summaries of the article: its description meta tags and the description of
    its JSON-LD article (a person's or the publisher's description is a bio or a motto).

    >>> _descriptions(HtmlHints(meta={"og:description": ("Der Vorspann.",)}, json_ld=({"@type": "Person",
    ...     "description": "Redakteurin"}, {"@type": "NewsArticle", "description": "Der Vorspann, lang."})))
    ['Der Vorspann.', 'Der Vorspann, lang.']
    """
    found = [value for key in ("og:description", "description", "twitter:description")
             for value in hints.meta.get(key, ())]
    for item in hints.json_ld:
        kind = item.get("@type")
        kinds = " ".join(str(k) for k in kind) if isinstance(kind, list) else str(kind or "")
        if isinstance(item.get("description"), str) and re.search(r"Article|Posting|WebPage|Report", kinds):
            found.append(_clean(item["description"]))
    return list(dict.fromkeys(found))


_SEARCH_FIELD = re.compile(r"^(?:q|s|query|search|suche|keywords?|searchterm|term)$", re.IGNORECASE)
_NO_FIELD_TYPES = ("hidden", "submit", "button", "search", "image", "reset")


def _page_shape(soup: BeautifulSoup) -> dict[str, int]:
    """Counts that tell a listing or a form from an article; judged in archive.metadata.

    >>> _page_shape(BeautifulSoup("<h2><a href='/a'>Erste Meldung des Tages</a></h2><form>"
    ...     "<input name='user'><input type='password'></form>", "lxml"))
    {'teaser_count': 1, 'link_count': 1, 'form_fields': 2}
    """
    headings = articles = links = fields = 0
    index = index_of(soup)
    # (counts: each kind of element is read from its own list, in any order)
    for tag in index.named("a"):
        if tag.get("href") and len(text_of(tag, strip=True)) >= 20:
            links += 1
    for name in ("input", "select", "textarea"):
        for tag in index.named(name):
            kind = str(tag.get("type") or "text").lower()
            if kind not in _NO_FIELD_TYPES and not _SEARCH_FIELD.match(str(tag.get("name") or "")) \
                    and any(parent.name == "form" for parent in tag.parents):
                fields += 1
    for tag in index.named("article"):
        text = text_of(tag, " ", strip=True)
        if first_in(tag, ("a",)) is not None and len(text) < 400:
            articles += 1
    for name in ("h2", "h3", "h4"):
        for tag in index.named(name):
            text = text_of(tag, strip=True)
            link = first_in(tag, ("a",))
            if link is not None and len(text) >= 10 and len(text_of(link, strip=True)) >= 0.8 * len(text):
                headings += 1
    return {"teaser_count": max(headings, articles), "link_count": links, "form_fields": fields}


def _clean(text: str) -> str:
    # Some pages escape twice ("&amp;#8222;"); the parser undoes one level, this the other.
    if "&" in text and ";" in text:
        text = html_lib.unescape(text)
    # (" ".join(split()) is _SPACES.sub(" ", …).strip(): \s and str.isspace() are the same characters)
    return " ".join(_INVISIBLE.sub("", text).split())


def _json_ld(soup: BeautifulSoup) -> Iterator[dict[str, Any]]:
    for script in index_of(soup).named("script"):
        if "ld+json" not in str(script.get("type") or "").lower():
            continue
        raw = script.string or script.get_text()
        if not raw or not raw.strip():
            continue
        data = _parse_json(raw)
        if data is not None:
            yield from _flatten(data)


def _parse_json(raw: str) -> Any:
    for candidate in (raw, _TRAILING_COMMA.sub(r"\1", _JSON_COMMENTS.sub("", raw))):
        try:
            return json.loads(candidate, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _flatten(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Yield every object of a JSON-LD document: top-level lists and @graph members included."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, (list, dict)):
            yield from _flatten(graph, depth + 1)
        if "@type" in data or "headline" in data:
            yield data
        main = data.get("mainEntity")
        if isinstance(main, dict) and "@type" in main:
            yield from _flatten(main, depth + 1)


def _meta(soup: BeautifulSoup) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for tag in index_of(soup).named("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv")
        content = tag.get("content")
        if not key or content is None or isinstance(key, list):
            continue
        value = _clean(str(content))
        if value:
            found.setdefault(str(key).strip().lower(), []).append(value)
    return {key: tuple(values) for key, values in found.items()}


_MICRODATA = frozenset({"author", "creator", "datepublished", "datemodified", "datecreated", "uploaddate", "headline",
                        "name", "description", "alternativeheadline"})


def _microdata(soup: BeautifulSoup) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for tag in [tag for tag in index_of(soup).tags if "itemprop" in tag.attrs]:
        props = str(tag.get("itemprop")).lower().split()
        # (the context walk only for the properties read here)
        if tag.name == "meta" or not any(prop in _MICRODATA for prop in props) \
                or _in_foreign_context(tag, pattern=_FOREIGN_DATE_CONTEXT):
            continue
        for prop in props:
            if prop == "author" or prop == "creator":
                name = tag.find(attrs={"itemprop": "name"})
                value = (name.get("content") or text_of(name, " ")) if isinstance(name, Tag) else text_of(tag, " ")
            elif prop in ("datepublished", "datemodified", "datecreated", "uploaddate"):
                value = tag.get("datetime") or tag.get("content") or text_of(tag, " ")
            elif prop in ("headline", "name", "description", "alternativeheadline"):
                value = tag.get("content") or text_of(tag, " ")
            else:
                continue
            value = _clean(str(value))
            if value and len(value) < 300:
                found.setdefault(prop, []).append(value)
    return {key: tuple(values) for key, values in found.items()}


def _times(soup: BeautifulSoup) -> Iterator[TimeElement]:
    for tag in index_of(soup).named("time"):
        value = tag.get("datetime") or tag.get("content") or ""
        # comments, lists of other articles, and embedded posts (a quoted tweet) carry their own dates
        if _in_foreign_context(tag, pattern=_FOREIGN_DATE_CONTEXT) or in_embedded_post(tag):
            continue
        context = " ".join(_attribute_words(tag) + _attribute_words(tag.parent))
        role = ("published" if _PUBLISHED_HINT.search(context) else
                "modified" if _MODIFIED_HINT.search(context) else "")
        yield TimeElement(value=str(value).strip(), text=_clean(tag.get_text(" ")), role=role)


def _values(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value).split()


def _attribute_words(tag: Any) -> list[str]:
    if not isinstance(tag, Tag):
        return []
    return attribute_tokens(tag, ("class", "id", "itemprop", "name"))


def _in_foreign_context(tag: Tag, levels: int = 6, pattern: re.Pattern[str] = _FOREIGN_CONTEXT,
                        stop: set[int] | frozenset[int] = frozenset()) -> bool:
    """True when the tag sits in a comment, teaser, sidebar, footer, … within `levels` ancestors.
    The search ends at an element in `stop` (one holding the headline). A `<footer>` inside an
    `<article>`, or named for the post ("post-footer", "entry-footer"), is the article's own."""
    node: Any = tag
    for _ in range(levels):
        # the page's <body> classes describe the whole page ("nav-fixed", "has-sidebar")
        if not isinstance(node, Tag) or id(node) in stop or node.name in ("body", "html"):
            return False
        words = " ".join(word for word in _attribute_words(node) if not is_layout_modifier(word))
        if pattern is _FOREIGN_CONTEXT:
            own_footer = _OWN_FOOTER.search(words) or (node.name == "footer" and node.find_parent("article"))
            if own_footer:
                words = _OWN_FOOTER.sub(" ", words)
            elif node.name in ("footer", "aside", "nav"):
                return True
        if pattern.search(words):
            return True
        node = node.parent
    return False


_OWN_FOOTER = re.compile(r"(?:post|entry|article|node-article)-footer", re.IGNORECASE)


# Headings of author boxes after the body: the name follows, often opening a short bio. Not "Zur
# Person": it introduces the expert the article quotes as often as its author.
_AUTHOR_BOX = re.compile(r"^(?:über (?:den|die) autor(?:in)?|über die autor(?:en|innen)|der autor|die autorin"
                         r"|about the author)\s*:?$", re.IGNORECASE)
# "Max Muster ist Redakteur …": the name that opens an author's bio.
_BIO_NAME = re.compile(r"^((?:[A-ZÄÖÜ][\w.'’-]+\s+){1,3}[A-ZÄÖÜ][\w'’-]+)\s+(?:ist|war|arbeitet|schreibt|lebt|leitet"
                       r"|berichtet|studierte|volontierte)\b")


def _bylines(soup: BeautifulSoup) -> Iterator[str]:
    seen: set[str] = set()
    # An element holding the headline is the article's, whatever its class says ("content-area
    # sidebar" layouts): author elements inside it are not in a sidebar or teaser.
    index = index_of(soup)
    headline = next(iter(index.named("h1")), None)
    article_ancestors = {id(node) for node in headline.parents} if isinstance(headline, Tag) else set()
    # the four kinds in this order, as the first one found of a name wins
    rel_author: list[Tag] = []
    by_class: list[Tag] = []
    by_id: list[Tag] = []
    for tag in index.tags:
        attrs = tag.attrs
        if "rel" in attrs and "author" in _values(attrs["rel"]):
            rel_author.append(tag)
        if "class" in attrs and may_hold(str(attrs["class"]), _BYLINE_PARTS) \
                and _BYLINE_WORD.search(str(attrs["class"])):
            classes = _values(attrs["class"])
            if any(_BYLINE_CLASS.search(c) for c in classes) or _BYLINE_CLASS.search(" ".join(classes)):
                by_class.append(tag)
        if "id" in attrs and _BYLINE_CLASS.search(str(attrs["id"])):
            by_id.append(tag)
    candidates = rel_author + by_class + by_id + index.named("address")
    for tag in candidates:
        if tag.name in ("meta", "link", "script", "img", "body", "html") \
                or _in_foreign_context(tag, stop=article_ancestors):
            continue
        text = _clean(tag.get_text(" "))
        if text and len(text) <= 150 and text not in seen:
            seen.add(text)
            yield text
    yield from _author_boxes(soup, article_ancestors)


def _author_boxes(soup: BeautifulSoup, stop: set[int]) -> Iterator[str]:
    """The name under an "Über den Autor" / "Die Autorin" heading, as "Autor: <name>": the next
    short line, or the name opening the bio ("Max Muster ist Redakteur …")."""
    for string in [string for string in index_of(soup).strings if _AUTHOR_BOX.search(string)]:
        heading = string.parent
        if not isinstance(heading, Tag) or _in_foreign_context(heading, stop=stop):
            continue
        for following in heading.find_all_next(string=True, limit=6):
            text = _clean(str(following))
            if not text or following.parent.name in ("script", "style") or _AUTHOR_BOX.match(text):
                continue
            bio = _BIO_NAME.match(text)
            if len(text) <= 60 or bio:
                yield "Autor: " + (bio.group(1) if bio else text)
                break

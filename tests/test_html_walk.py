"""The reader's own walks over a parsed page give BeautifulSoup's answers: `text_of` is
`get_text`, `tags_in` is `find_all`, `first_in` is `find`, `strings_of` is `strings`, on every
element of the test pages, before and after the body extractor prunes the tree. And reading a
page leaves Python's cycle collector as it found it."""

from __future__ import annotations

import gc
import random
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from archive.errors import InputError
from archive.sources.html import read_html
from archive.sources.htmlbody import main_text_blocks
from archive.sources.htmlcontainer import BODY_MARK, body_marked, class_tokens
from archive.sources.htmlindex import index_of
from archive.sources.htmllede import clean_text
from archive.sources.htmltree import parse_page
from archive.sources.htmlwalk import (ALL_STRINGS, descendant_tags, first_in, has_any, may_hold, strings_of, tags_in,
                                      text_of)

DATA = Path(__file__).parent / "data"
PAGES = sorted((DATA / "htmlbody").glob("*.html")) + sorted((DATA / "extraction").glob("*.html"))
# Strings of every kind and the elements BeautifulSoup reads them in apart (script, style, template)
MIXED = ("<html><head><title>T</title><style>p {}</style><script>var a = '<p>';</script></head><body>"
         "<!-- Kommentar --><div class='a entry-content' id='x'><p>Ein <b>Satz</b>,<br>noch <a href='/'>einer"
         "</a>.</p><template><p>Vorlage</p></template><pre>  zwei\n  Zeilen </pre><ul><li>a</li><li></li></ul>"
         "<div class='tag-wahlen category-x comments-open'><h2>Titel</h2></div></div><p></p></body></html>")
NAMES = (("p",), ("a", "li"), ("h2", "h3", "div"), ("script", "style", "template"), ("nonesuch",))


def _check_tree(soup: BeautifulSoup) -> None:
    tags = soup.find_all(True)
    for tag in [soup, *tags]:
        assert text_of(tag) == tag.get_text()
        assert text_of(tag, " ") == tag.get_text(" ")
        assert text_of(tag, "|", strip=True) == tag.get_text("|", strip=True)
        assert list(strings_of(tag)) == list(tag.strings)
        every_string = [node for node in tag.descendants if isinstance(node, NavigableString)]
        assert list(strings_of(tag, ALL_STRINGS)) == every_string
        assert list(descendant_tags(tag)) == tag.find_all(True)
        assert tags_in(tag, limit=3) == tag.find_all(True, limit=3)
        for names in NAMES:
            assert tags_in(tag, names) == tag.find_all(list(names))
            assert tags_in(tag, names, limit=1) == tag.find_all(list(names), limit=1)
            assert first_in(tag, names) is tag.find(list(names))
            assert has_any(tag, names) == (tag.find(list(names)) is not None)


def _words(tag: Tag) -> list[str]:
    # the definition the one-step `class_tokens` replaced: the words of class and id, joined and
    # split again, without taxonomy labels
    values: list[str] = []
    for attribute in ("class", "id"):
        value = tag.get(attribute)
        values.extend(value if isinstance(value, list) else str(value).split() if value else [])
    return [token for token in " ".join(values).split()
            if not re.search(r"^(?:tag|category|post|postid|status|format|type|comments?)-|-(?:open|closed)$", token)]


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")
@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_the_walks_give_beautifulsoups_answers_before_and_after_pruning(page: Path) -> None:
    soup = parse_page(page.read_text("utf-8"))
    _check_tree(soup)
    main_text_blocks(soup)  # removes furniture: the links of the tree change
    _check_tree(soup)


def test_the_walks_read_every_kind_of_string_as_beautifulsoup_does() -> None:
    for soup in (parse_page(MIXED), BeautifulSoup(MIXED, "lxml", multi_valued_attributes=None)):
        _check_tree(soup)
        # a script's and a template's text only inside them, as get_text reads them
        assert text_of(soup.script) == "var a = '<p>';" and text_of(soup.template) == "Vorlage"
        assert "Vorlage" not in text_of(soup.body.div) and "var a" not in text_of(soup)
        assert not any(isinstance(s, Comment) for s in strings_of(soup))


@pytest.mark.parametrize("page", PAGES[:8], ids=[page.name for page in PAGES[:8]])
def test_class_tokens_and_body_marks_are_the_word_by_word_answers(page: Path) -> None:
    soup = parse_page(page.read_text("utf-8"))
    for tag in soup.find_all(True) + parse_page(MIXED).find_all(True):
        assert class_tokens(tag) == _words(tag)
        assert body_marked(tag) == any(BODY_MARK.search(token) for token in _words(tag))


def test_the_index_lists_several_names_in_document_order() -> None:
    soup = parse_page(MIXED)
    index = index_of(soup)
    for names in NAMES:
        assert index.named(*names) == soup.find_all(list(names))
    assert index.named("li", "p", "head") == soup.find_all(["head", "p", "li"])


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_a_page_leaves_the_cycle_collector_as_it_found_it(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        document = read_html(Path("a.html"), MIXED.encode())
        assert document.html is not None and document.html.title_tag == "T"
        assert gc.isenabled() is enabled
        with pytest.raises(InputError):
            read_html(Path("b.html"), b"<p>" * 60_000)  # refused: over the element limit
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_clean_text_is_the_pattern_it_replaced() -> None:
    # every character Python counts as white space, the invisible ones, and letters, mixed
    spaces = [chr(c) for c in range(0x3000 + 1) if chr(c).isspace()]
    alphabet = spaces + list("\u00ad\u200b\u200c\u200d\u2060\ufeff") + list("aÄ-.")
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        expected = re.sub(r"\s+", " ", re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text)).strip()
        assert clean_text(text) == expected, repr(text)


def test_the_name_prefilters_never_hide_a_match_of_their_pattern() -> None:
    # a prefilter may only say "no" where its case-insensitive pattern finds nothing
    from archive.sources import html, htmlcontainer, htmldates

    pairs = ((htmlcontainer._BODY_PARTS, htmlcontainer._BODY_WORD), (htmldates._DATE_PARTS, htmldates._DATE_NAME_PART),
             (html._BYLINE_PARTS, html._BYLINE_WORD))
    names = ["Article-Body", "ENTRY-CONTENT x", "RichText", "td-post-CONTENT", "PostedOn", "PubDate", "TIMESTAMP",
             "VeroeffentlichtAm", "Zeit", "AUTHOR-name", "c-Byline", "Verfasser", "Writer", "nav menu", "ſtory-body"]
    for page in PAGES:
        for tag in parse_page(page.read_text("utf-8")).find_all(True):
            names.extend(str(tag.get(key)) for key in ("class", "id", "itemprop") if tag.get(key))
    for parts, pattern in pairs:
        found = [name for name in names if pattern.search(name)]
        assert found and all(may_hold(name, parts) for name in found)

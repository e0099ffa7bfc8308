"""The reader's tree (lxml's parse turned into BeautifulSoup's objects) against the tree
BeautifulSoup's own lxml builder makes of the same page: the same elements, attributes,
strings and comments in the same order, linked the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from archive.sources.htmltree import parse_page

DATA = Path(__file__).parent / "data"
PAGES = sorted((DATA / "htmlbody").glob("*.html")) + sorted((DATA / "extraction").glob("*.html"))


def _shape(soup: BeautifulSoup) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for node in (soup.html or soup).descendants:
        if isinstance(node, Tag):
            # a valueless attribute ("<script defer>"): lxml's tree repeats its name as the value
            attributes = sorted((key, "" if str(value) == key else str(value)) for key, value in node.attrs.items())
            rows.append(("tag", node.name, repr(attributes), node.parent.name))
        else:
            rows.append((type(node).__name__, str(node), node.parent.name))
    return rows


def _walk(soup: BeautifulSoup) -> list[str]:
    """Document order as next_element gives it, and sibling order as next_sibling gives it."""
    # within <html>: blank text after </html> is BeautifulSoup's, and no reader looks there
    order, node, inside = [], soup.html, {id(n) for n in soup.html.descendants} | {id(soup.html)}
    while node is not None and id(node) in inside:
        order.append(node.name if isinstance(node, Tag) else str(node))
        node = node.next_element
    for tag in soup.find_all(True):
        child, siblings = (tag.contents[0] if tag.contents else None), []
        while child is not None:
            siblings.append(child)
            child = child.next_sibling
        assert siblings == tag.contents and all(c.parent is tag for c in siblings)
    return order


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")
@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_the_tree_is_the_one_beautifulsoups_builder_makes(page: Path) -> None:
    text = page.read_text("utf-8")
    ours, theirs = parse_page(text), BeautifulSoup(text, "lxml", multi_valued_attributes=None)
    assert _shape(ours) == _shape(theirs)
    assert _walk(ours) == _walk(theirs)
    assert ours.html.get_text() == theirs.html.get_text()


def test_script_text_blank_runs_and_pre_are_read_as_beautifulsoup_reads_them() -> None:
    text = ("<html><body><div>\n   \n<p>Ein <b>Satz</b></p><script>var a = 1;</script>"
            "<pre>  zwei\n  Zeilen  </pre><!-- Kommentar --></div></body></html>")
    ours, theirs = parse_page(text), BeautifulSoup(text, "lxml", multi_valued_attributes=None)
    assert [type(s).__name__ for s in ours.div.contents] == [type(s).__name__ for s in theirs.div.contents]
    assert ours.get_text() == theirs.get_text() == "\nEin Satz  zwei\n  Zeilen  "
    assert ours.script.string == "var a = 1;" and type(ours.script.string).__name__ == "Script"


def test_a_page_nested_past_the_parsers_limit_is_read_whole() -> None:
    # libxml2 drops what lies deeper than 2,048 levels; the reader must see the real depth
    soup = parse_page("<div>" * 3000 + "tief" + "</div>" * 3000 + "<p>danach</p>")
    assert soup.find(string="tief") is not None and soup.find("p").get_text() == "danach"


def test_attribute_names_lxml_cannot_look_up_are_kept() -> None:
    # "{x}" reads as a namespace to lxml's attribute lookup; a mangled page may hold such names
    soup = parse_page('<div a"b=1 {x}=3 class="text">Absatz</div>')
    assert soup.div["class"] == "text" and soup.div.get_text() == "Absatz"

"""Parsing a page: lxml builds the tree in C, and this module turns it into BeautifulSoup's objects.

BeautifulSoup's own lxml builder feeds every start tag, attribute and string through several
Python layers (namespace bookkeeping, two attribute copies per element, a string buffer): on the
485 pages of the extraction sample that was about 60 % of the time to read a page, against 4 %
for lxml's parse itself. Building the same objects from lxml's finished tree in one walk keeps
the tree the rest of archive.sources reads, at about a quarter of that cost.

The objects are what BeautifulSoup(text, "lxml", multi_valued_attributes=None) builds: the same
elements, attributes, strings (all-blank strings collapsed to one space or newline outside
<pre> and <textarea>, script and style text in their string classes), comments and doctype.
"""

from __future__ import annotations

from typing import Any

import lxml.etree as etree
from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag
from bs4.element import ProcessingInstruction

_ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"


def parse_page(text: str) -> BeautifulSoup:
    """The page as a BeautifulSoup tree; BeautifulSoup's own builder when lxml gives no tree.

    >>> soup = parse_page("<p class='a b'>Ein <b>Satz</b><!-- c --></p>")
    >>> soup.p["class"], soup.p.get_text(), [type(s).__name__ for s in soup.p.contents]
    ('a b', 'Ein Satz', ['NavigableString', 'Tag', 'Comment'])
    """
    return read_tree(text)[0]


def read_tree(text: str) -> tuple[BeautifulSoup, int]:
    """The page's tree and how many elements deep it nests (<html> is level 1), counted while
    the tree is built rather than in a walk of its own.

    >>> read_tree("<html><body><div><p>x</p></div></body></html>")[1]
    4
    """
    soup = BeautifulSoup("", "lxml", multi_valued_attributes=None)
    try:
        parser = etree.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=False, huge_tree=True)
        tree = etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
    except (etree.Error, ValueError, UnicodeError):
        tree = None
    # libxml2 stops nesting at 2,048 levels and drops what lies deeper; BeautifulSoup's builder
    # reads such a page whole, so the reader can name its depth when it refuses it.
    if tree is None or any("depth" in entry.message for entry in parser.error_log):
        soup = BeautifulSoup(text, "lxml", multi_valued_attributes=None)
        return soup, _depth(soup)
    builder = _Builder(soup)
    builder.build(tree.getroottree())
    return soup, builder.depth


def _depth(soup: BeautifulSoup) -> int:
    """How many elements deep a tree nests, <html> being level 1; one walk, no recursion.

    >>> _depth(BeautifulSoup("<html><body><div><p>x</p></div></body></html>", "lxml"))
    4
    """
    deepest = 0
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))
    return deepest


class _Builder:
    """One walk over lxml's tree, linking each object as BeautifulSoup's parser would.

    Each element's Tag starts as a copy of a Tag the constructor built for the same name on this
    page (whatever fields the installed BeautifulSoup sets, and per name whether it may be empty
    or holds script text); attributes, children and links are then set as its parser sets them.
    """

    def __init__(self, soup: BeautifulSoup) -> None:
        self.soup = soup
        self.builder = soup.builder
        self.containers: dict[str, type[NavigableString]] = self.builder.string_containers
        self.templates: dict[str, tuple[dict[str, Any], type]] = {}
        self.previous: Any = soup  # the object parsed last, for next/previous_element
        self.depth = 0  # the deepest element's level

    def build(self, document: Any) -> None:
        doctype = document.docinfo
        if doctype.doctype:
            name = doctype.root_name or "html"
            self._string(self.soup, Doctype._string_for_name_and_ids(name, doctype.public_id, doctype.system_url),
                         Doctype, True)
        root = document.getroot()
        for sibling in reversed(list(root.itersiblings(preceding=True))):
            self._node(sibling, self.soup, None, False)
        self._node(root, self.soup, None, False)
        for sibling in root.itersiblings():
            self._node(sibling, self.soup, None, False)

    def _tag(self, name: str, attributes: Any, parent: Tag) -> Tag:
        template = self.templates.get(name)
        if template is None:
            model = Tag(self.soup, self.builder, name)
            fields = {key: value for key, value in model.__dict__.items() if key not in _PER_TAG}
            template = self.templates[name] = (fields, type(model.attrs))
        if name == "meta":  # the constructor marks a charset declaration; rare, so built in full
            tag = Tag(self.soup, self.builder, name, None, None, dict(attributes))
        else:
            tag = Tag.__new__(Tag)
            tag.__dict__.update(template[0])
            tag.attrs = template[1](attributes)
            tag.contents = []
        self._link(tag, parent)
        return tag

    def _link(self, node: Any, parent: Tag) -> None:
        previous = self.previous
        node.parent = parent
        node.previous_element = previous
        previous.next_element = node
        node.next_element = None
        contents = parent.contents
        sibling = contents[-1] if contents else None
        node.previous_sibling = sibling
        if sibling is not None:
            sibling.next_sibling = node
        node.next_sibling = None
        contents.append(node)
        self.previous = node

    def _node(self, element: Any, parent: Tag, container: str | None, keep_blanks: bool) -> None:
        # iterative: pages nest deeply before the reader's depth limit is checked
        stack: list[tuple[Any, Tag, str | None, bool, bool]] = [(element, parent, container, keep_blanks, False)]
        containers = self.containers
        levels = {id(self.soup): 0}
        while stack:
            element, parent, container, keep_blanks, closing = stack.pop()
            if closing:  # the element's end: its tail follows it in its parent
                self._string(parent, element.tail, self._class(container), keep_blanks)
                continue
            name = element.tag
            if not isinstance(name, str):
                if name is etree.Comment:
                    self._string(parent, element.text or "", Comment, keep_blanks)
                elif name is etree.PI:
                    self._string(parent, f"{element.target} {element.text or ''}", ProcessingInstruction, True)
                if element.tail:
                    self._string(parent, element.tail, self._class(container), keep_blanks)
                continue
            tag = self._tag(name, element.items(), parent)
            level = levels[id(tag)] = levels[id(parent)] + 1
            if level > self.depth:
                self.depth = level
            inner = name if name in containers else container
            blanks = keep_blanks or name in ("pre", "textarea")
            if element.text:
                self._string(tag, element.text, self._class(inner), blanks)
            if element.tail:
                stack.append((element, parent, container, keep_blanks, True))
            for child in reversed(element):
                stack.append((child, tag, inner, blanks, False))

    def _class(self, container: str | None) -> type[NavigableString]:
        return self.containers[container] if container else NavigableString

    def _string(self, parent: Tag, text: str, kind: type[NavigableString], keep_blanks: bool) -> None:
        if not keep_blanks and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        self._link(kind(text), parent)


# Fields each Tag sets for itself; everything else a Tag of the same name shares.
_PER_TAG = frozenset({"attrs", "contents", "parent", "previous_element", "next_element", "previous_sibling",
                      "next_sibling", "sourceline", "sourcepos"})

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

import gc
from contextlib import contextmanager
from typing import Any, Iterator

import lxml.etree as etree
from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag
from bs4.element import ProcessingInstruction

_ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"


@contextmanager
def paused_collector() -> Iterator[None]:
    """Python's cycle collector paused while a page is read, as it was before afterwards.

    A page's tree is a few hundred thousand objects linked both ways (parent and children, the
    previous and next element), all alive while the page is read. The collector, started every
    few hundred allocations, walked them again and again as they aged, and then walked the dead
    trees of earlier pages until a full collection freed them: about a tenth of the time to
    read the 485 sample pages. Paused, the tree stays in the youngest generation, and the first
    collection after the page frees it in one walk (the peak memory of reading the sample was
    lower too). A page's work is bounded (its size and element limits), so is what the pause
    lets pile up.

    >>> with paused_collector():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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

    def _node(self, element: Any, parent: Tag, container: str | None, keep_blanks: bool) -> None:
        """Build `element`, its descendants and its tail under `parent`.

        One loop with everything it touches in local names and the objects built in place (not
        through their constructors): it runs once per element and string of the page (about
        900,000 times on the 485 sample pages), so each lookup and call it saves counts. Each
        object is linked as BeautifulSoup's parser links it: its parent, the object built before
        it (previous_element, whose next_element it becomes) and its parent's last child
        (previous_sibling, whose next_sibling it becomes).
        """
        # iterative: pages nest deeply before the reader's depth limit is checked
        stack: list[tuple[Any, Tag, str | None, bool, int, bool]] = [
            (element, parent, container, keep_blanks, 1, False)]
        containers = self.containers
        templates = self.templates
        soup, builder = self.soup, self.builder
        previous = self.previous
        deepest = self.depth
        comment, pi = etree.Comment, etree.PI
        new_tag, new_string = Tag.__new__, str.__new__
        pop, push = stack.pop, stack.append
        while stack:
            element, parent, container, keep_blanks, level, closing = pop()
            if closing:  # the element's end: its tail follows it in its parent
                text = element.tail
                kind = containers[container] if container else NavigableString
            else:
                name = element.tag
                if isinstance(name, str):
                    template = templates.get(name)
                    if template is None:
                        model = Tag(soup, builder, name)
                        fields = {key: value for key, value in model.__dict__.items() if key not in _PER_TAG}
                        template = templates[name] = (fields, type(model.attrs))
                    if name == "meta":  # the constructor marks a charset declaration; rare, so built in full
                        tag = Tag(soup, builder, name, None, None, dict(element.items()))
                    else:
                        tag = new_tag(Tag)
                        tag.__dict__.update(template[0])
                        tag.attrs = template[1](element.items())
                        tag.contents = []
                    contents = parent.contents
                    sibling = contents[-1] if contents else None
                    tag.parent, tag.previous_element, tag.next_element = parent, previous, None
                    tag.previous_sibling, tag.next_sibling = sibling, None
                    previous.next_element = tag
                    if sibling is not None:
                        sibling.next_sibling = tag
                    contents.append(tag)
                    previous = tag
                    if level > deepest:
                        deepest = level
                    inner = name if name in containers else container
                    blanks = keep_blanks or name in ("pre", "textarea")
                    text = element.text
                    if text:
                        if not blanks and not text.strip(_ASCII_SPACES):
                            text = "\n" if "\n" in text else " "
                        string = new_string(containers[inner] if inner else NavigableString, text)
                        string.hidden = False
                        string.parent, string.previous_element, string.next_element = tag, previous, None
                        string.previous_sibling = string.next_sibling = None
                        previous.next_element = string
                        tag.contents.append(string)
                        previous = string
                    if element.tail:
                        push((element, parent, container, keep_blanks, level, True))
                    for child in reversed(element):
                        push((child, tag, inner, blanks, level + 1, False))
                    continue
                if name is comment:
                    text, kind, blanks = element.text or "", Comment, keep_blanks
                elif name is pi:
                    text, kind, blanks = f"{element.target} {element.text or ''}", ProcessingInstruction, True
                else:
                    text = ""
                if text or name is comment:
                    if not blanks and not text.strip(_ASCII_SPACES):
                        text = "\n" if "\n" in text else " "
                    previous = self._string_after(previous, parent, text, kind)
                text = element.tail
                kind = containers[container] if container else NavigableString
                if not text:
                    continue
            if not keep_blanks and not text.strip(_ASCII_SPACES):
                text = "\n" if "\n" in text else " "
            previous = self._string_after(previous, parent, text, kind)
        self.previous = previous
        self.depth = deepest

    @staticmethod
    def _string_after(previous: Any, parent: Tag, text: str, kind: type[NavigableString]) -> NavigableString:
        """A string of `kind` as `parent`'s last child, built after `previous`."""
        string = str.__new__(kind, text)
        string.hidden = False
        contents = parent.contents
        sibling = contents[-1] if contents else None
        string.parent, string.previous_element, string.next_element = parent, previous, None
        string.previous_sibling, string.next_sibling = sibling, None
        previous.next_element = string
        if sibling is not None:
            sibling.next_sibling = string
        contents.append(string)
        return string

    def _string(self, parent: Tag, text: str, kind: type[NavigableString], keep_blanks: bool) -> None:
        if not keep_blanks and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        self.previous = self._string_after(self.previous, parent, text, kind)


# Fields each Tag sets for itself; everything else a Tag of the same name shares.
_PER_TAG = frozenset({"attrs", "contents", "parent", "previous_element", "next_element", "previous_sibling",
                      "next_sibling", "sourceline", "sourcepos"})

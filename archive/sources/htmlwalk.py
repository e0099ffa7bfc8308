"""Walks over a parsed page that BeautifulSoup's general methods make slow.

`find_all`, `find` and `get_text` build a matcher and run a stack of generators for every call;
the extraction asks for an element's text or its paragraphs thousands of times a page, and on
the 485 sample pages those layers were about a third of the time to read a page. These
functions follow the same links (`next_element` in document order, stopping after the
element's last descendant) in one plain loop each, and give the same answers:

- `text_of(tag, sep)` is `tag.get_text(sep)` (the element's own kinds of string: no comments,
  script text only inside a <script>);
- `tags_in(tag, names)` is `tag.find_all(names)`, `first_in(tag, names)` is `tag.find(names)`
  for tag names (the trees the reader builds have no namespace prefixes);
- `has_any(tag, names)` is `first_in(tag, names) is not None`; `strings_of(tag)` is `tag.strings`,
  `descendant_tags(tag)` is `tag.find_all(True)` as an iterator.
"""

from __future__ import annotations

from typing import Any, Collection, Iterator

from bs4 import NavigableString, Tag

# `strings_of(tag, ALL_STRINGS)`: every string, whatever its kind.
ALL_STRINGS = frozenset({NavigableString})


def end_of(tag: Tag) -> Any:
    """The object after the element's last descendant in document order (None at the end)."""
    return tag._last_descendant(accept_self=True).next_element


def descendant_tags(tag: Tag) -> Iterator[Tag]:
    """The elements inside `tag`, in document order: `tag.find_all(True)` as an iterator."""
    if not tag.contents:
        return
    stop = end_of(tag)
    node = tag.contents[0]
    while node is not stop and node is not None:
        if type(node) is Tag:
            yield node
        node = node.next_element


def tags_in(tag: Tag, names: Collection[str] | None = None, limit: int = 0) -> list[Tag]:
    """The elements inside `tag` with one of these names (any name for None), in document order,
    at most `limit` of them (0: all).

    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup("<div><p>a</p><ul><li>b</li></ul><p>c</p></div>", "lxml")
    >>> [t.name for t in tags_in(soup.div, ("p", "li"))], [t.name for t in tags_in(soup.div, limit=2)]
    (['p', 'li', 'p'], ['p', 'ul'])
    """
    found: list[Tag] = []
    if not tag.contents:
        return found
    stop = end_of(tag)
    node = tag.contents[0]
    while node is not stop and node is not None:
        if type(node) is Tag and (names is None or node.name in names):
            found.append(node)
            if len(found) == limit:
                break
        node = node.next_element
    return found


def first_in(tag: Tag, names: Collection[str]) -> Tag | None:
    """The first element inside `tag` with one of these names, or None.

    >>> from bs4 import BeautifulSoup
    >>> first_in(BeautifulSoup("<div><b>x</b><p>a</p></div>", "lxml").div, ("p", "h1"))
    <p>a</p>
    """
    if not tag.contents:
        return None
    stop = end_of(tag)
    node = tag.contents[0]
    while node is not stop and node is not None:
        if type(node) is Tag and node.name in names:
            return node
        node = node.next_element
    return None


def has_any(tag: Tag, names: Collection[str]) -> bool:
    """Whether an element holds one of these elements.

    >>> from bs4 import BeautifulSoup
    >>> has_any(BeautifulSoup("<div><b>x</b></div>", "lxml").div, ("p",))
    False
    """
    return first_in(tag, names) is not None


def strings_of(tag: Tag, kinds: Any = None) -> Iterator[NavigableString]:
    """`tag.strings`: the element's strings of the kinds it reads as text, in document order;
    with `kinds=ALL_STRINGS` every string (comments and script text too).

    >>> from bs4 import BeautifulSoup
    >>> p = BeautifulSoup("<p>a<!--b--><script>c</script></p>", "lxml").p
    >>> list(strings_of(p)), list(strings_of(p, ALL_STRINGS))
    (['a'], ['a', 'b', 'c'])
    """
    if not tag.contents:
        return
    types = tag.interesting_string_types if kinds is None else kinds
    if types is None:
        types = Tag.MAIN_CONTENT_STRING_TYPES
    stop = end_of(tag)
    node = tag.contents[0]
    if types is ALL_STRINGS:
        while node is not stop and node is not None:
            if type(node) is not Tag:
                yield node
            node = node.next_element
        return
    while node is not stop and node is not None:
        if type(node) in types:
            yield node
        node = node.next_element


def may_hold(value: str, parts: tuple[str, ...]) -> bool:
    """False only when `value` is ASCII and holds none of the lower-case `parts` in any case: a
    test of an element's names before a case-insensitive pattern that needs one of them (such a
    pattern cannot skip ahead to a literal, and it runs on most elements of a page).

    >>> may_hold("Article-Body x", ("body", "text")), may_hold("nav menu", ("body", "text"))
    (True, False)
    """
    if not value.isascii():
        return True  # case-insensitive matching of other scripts is the pattern's to judge
    value = value.lower()
    for part in parts:
        if part in value:
            return True
    return False


def text_of(tag: Tag, separator: str = "", strip: bool = False) -> str:
    """`tag.get_text(separator, strip)`: the element's strings of the kinds it reads as text.

    >>> from bs4 import BeautifulSoup
    >>> text_of(BeautifulSoup("<p>Ein <b>Satz</b><!-- c --> hier</p>", "lxml").p, "|")
    'Ein |Satz| hier'
    """
    if not tag.contents:
        return ""
    types = tag.interesting_string_types
    if types is None:
        types = Tag.MAIN_CONTENT_STRING_TYPES
    stop = end_of(tag)
    node = tag.contents[0]
    parts: list[str] = []
    if strip:
        while node is not stop and node is not None:
            if type(node) in types:
                text = node.strip()
                if text:
                    parts.append(text)
            node = node.next_element
    else:
        while node is not stop and node is not None:
            if type(node) in types:
                parts.append(node)
            node = node.next_element
    return separator.join(parts)

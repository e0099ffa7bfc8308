"""One walk over a parsed page, shared by the readers of its markup.

BeautifulSoup's `find_all` runs its general matching machinery over the whole tree on every
call; the HTML reader asks for meta tags, links, scripts, headings, bylines and date elements
one after another, so most of its time went into those walks. The index lists every element
once, in document order, and the readers filter that list. It describes the tree as parsed:
drop it before the body extractor prunes the tree (`forget`).
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

_KEY = "_archive_tag_index"


class TagIndex:
    """Every element and every text string of a page, in document order.

    >>> index = index_of(BeautifulSoup("<head><meta name='a'></head><body><p>x<a href='/'>y</a></p></body>", "lxml"))
    >>> [tag.name for tag in index.named("a", "meta")], len(index.body_tags())
    (['meta', 'a'], 2)
    """

    def __init__(self, soup: BeautifulSoup) -> None:
        tags: list[Tag] = []
        strings: list[NavigableString] = []
        by_name: dict[str, list[Tag]] = {}
        self.tags, self.strings, self.by_name = tags, strings, by_name
        self.body_start = 0
        self._order: dict[int, int] | None = None
        # soup.descendants, followed link by link without its generator
        node = soup.contents[0] if soup.contents else None
        while node is not None:
            if isinstance(node, Tag):
                name = node.name
                if name == "body" and not self.body_start:
                    self.body_start = len(tags) + 1
                tags.append(node)
                named = by_name.get(name)
                if named is None:
                    by_name[name] = [node]
                else:
                    named.append(node)
            elif isinstance(node, NavigableString) and not isinstance(node, Comment):
                strings.append(node)
            node = node.next_element

    def named(self, *names: str) -> list[Tag]:
        """The elements with these tag names, in document order."""
        if len(names) == 1:
            return self.by_name.get(names[0], [])
        found = [tag for name in set(names) for tag in self.by_name.get(name, ())]
        order = self.positions()
        return sorted(found, key=lambda tag: order[id(tag)])

    def positions(self) -> dict[int, int]:
        """Each element's place in document order, by `id()` of the element (built once)."""
        if self._order is None:
            self._order = {id(tag): position for position, tag in enumerate(self.tags)}
        return self._order

    def body_tags(self) -> list[Tag]:
        """The elements inside <body> (all of them when the page has none)."""
        return self.tags[self.body_start:]


def index_of(soup: BeautifulSoup) -> TagIndex:
    """The page's index, built on first use."""
    index = soup.__dict__.get(_KEY)
    if index is None:
        index = TagIndex(soup)
        soup.__dict__[_KEY] = index
    return index


def forget(soup: BeautifulSoup) -> None:
    """Drop the index: the tree is about to change."""
    soup.__dict__.pop(_KEY, None)

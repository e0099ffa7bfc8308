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
        self.tags: list[Tag] = []
        self.strings: list[NavigableString] = []
        self.by_name: dict[str, list[Tag]] = {}
        self.body_start = 0
        for node in soup.descendants:
            if isinstance(node, Tag):
                if node.name == "body" and not self.body_start:
                    self.body_start = len(self.tags) + 1
                self.tags.append(node)
                self.by_name.setdefault(node.name, []).append(node)
            elif isinstance(node, NavigableString) and not isinstance(node, Comment):
                self.strings.append(node)

    def named(self, *names: str) -> list[Tag]:
        """The elements with these tag names, in document order."""
        if len(names) == 1:
            return self.by_name.get(names[0], [])
        wanted = set(names)
        return [tag for tag in self.tags if tag.name in wanted]

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

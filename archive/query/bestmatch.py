"""Which parts of a query "best match" may leave out.

A query of several words ANDs them (`Musk Putin Telefonat`). Best match first shows the articles
with every word, then fills the page with articles holding most of them. Only the words and
phrases a person typed side by side may be missing; what narrows the search (NOT, fields such as
`outlet:`, `year:`, `date:`, `id:`) always holds. Pure functions over the query tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.query import ast

# Fields whose words are text, as opposed to names, dates and ids, which always hold.
_TEXT_FIELDS = (None, *ast.TEXT_FIELDS)


@dataclass(frozen=True)
class WordSplit:
    """The words that may be missing (each a subtree) and the conditions that always hold."""

    words: tuple[ast.Node, ...]
    required: tuple[ast.Node, ...]

    @property
    def applies(self) -> bool:
        """Best match needs at least two words to choose among."""
        return len(self.words) >= 2


def split_words(node: ast.Node) -> WordSplit:
    """Split a query into optional words and required conditions.

    >>> split = split_words(ast.And((ast.Word("Musk"), ast.Word("Putin"),
    ...                              ast.Not(ast.Word("Tesla")), ast.YearRange(2021, None))))
    >>> [ast.describe(word) for word in split.words], [ast.describe(c) for c in split.required]
    (['Musk', 'Putin'], ['NOT Tesla', 'year:2021..'])
    """
    if not isinstance(node, ast.And):
        return WordSplit((node,), ())
    words: list[ast.Node] = []
    required: list[ast.Node] = []
    for item in node.items:
        (words if _is_word(item) else required).append(item)
    return WordSplit(tuple(words), tuple(required))


def _is_word(node: ast.Node) -> bool:
    if isinstance(node, (ast.Word, ast.Phrase)):
        return node.field in _TEXT_FIELDS
    if isinstance(node, ast.Or):  # a group of alternatives, (Putin OR Kreml), is one word
        return all(_is_word(item) for item in node.items)
    return False


def label(node: ast.Node) -> str:
    """How a missing word is named to the user: as it was typed, parentheses for groups."""
    return ast.describe(node)

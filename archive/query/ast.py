"""The parsed form of a search query: a small tree of dataclasses, independent of Whoosh.

`archive.query.parser` builds it from the user's string; `archive.index.compile` turns it into
Whoosh queries; `archive explain` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.model import Published

# Fields a user may name in a query, and the fields whose values are names (no stemming).
TEXT_FIELDS = ("title", "teaser", "body")
NAME_FIELDS = ("outlet", "author", "agency")
# `tag:`, `note:` and `query:` name a researcher's own data in the store (archive/research/):
# they are resolved through the store into `IdSet` nodes or a saved query's tree before
# compiling, so tagging or writing a note never needs re-indexing.
STORE_FIELDS = ("tag", "note", "query")
FIELD_NAMES = TEXT_FIELDS + NAME_FIELDS + ("year", "date", "id") + STORE_FIELDS


@dataclass(frozen=True)
class Word:
    """One word. `field` None means all text fields; `exact` means surface form only (`=word`);
    `prefix` means a trailing wildcard (`Satell*`)."""

    text: str
    field: str | None = None
    exact: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Consecutive words in quotes, matched exactly (surface forms, folded)."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Name:
    """A value of a name field (outlet, author, agency): all its words, in order."""

    field: str
    text: str
    prefix: bool = False


@dataclass(frozen=True)
class YearRange:
    """`year:2021`, `year:2021..2024`, `year:..2022`; None is an open end."""

    low: int | None
    high: int | None


@dataclass(frozen=True)
class DateRange:
    """`date:2021-02..2021-03`: from the first day of `low` to the last day of `high`."""

    low: Published | None
    high: Published | None


@dataclass(frozen=True)
class IdPrefix:
    """`id:3fa2` — an article id or the start of one."""

    text: str


@dataclass(frozen=True)
class Tag:
    """`tag:relevant` — articles carrying a tag (`tag:pro*`: any tag starting so)."""

    name: str
    prefix: bool = False


@dataclass(frozen=True)
class Note:
    """`note:Quelle`, `note:"zweite Quelle"` — articles whose notes hold the word or words."""

    text: str
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class SavedQuery:
    """`query:NAME` — a saved query, expanded to its tree and filters before compiling."""

    name: str


@dataclass(frozen=True)
class IdSet:
    """A fixed set of article ids that a store-resolved node (`tag:`, `note:`) stands for;
    `label` is how the user wrote it, for `explain`."""

    ids: frozenset[str]
    label: str


@dataclass(frozen=True)
class And:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    item: "Node"


@dataclass(frozen=True)
class MatchAll:
    """An empty query: every article (used by `export` without a query)."""


Node = (Word | Phrase | Name | YearRange | DateRange | IdPrefix | Tag | Note | SavedQuery | IdSet
        | And | Or | Not | MatchAll)


def describe(node: Node) -> str:
    """The tree as a compact, readable string.

    >>> describe(And((Word("Musk"), Not(Word("Tesla")))))
    '(Musk AND NOT Tesla)'
    """
    if isinstance(node, Word):
        field = f"{node.field}:" if node.field else ""
        return f"{field}{'=' if node.exact else ''}{node.text}{'*' if node.prefix else ''}"
    if isinstance(node, Phrase):
        return f'{node.field + ":" if node.field else ""}"{node.text}"'
    if isinstance(node, Name):
        return f'{node.field}:"{node.text}{"*" if node.prefix else ""}"'
    if isinstance(node, YearRange):
        return f"year:{_span(node.low, node.high)}"
    if isinstance(node, DateRange):
        return f"date:{_span(node.low, node.high)}"
    if isinstance(node, IdPrefix):
        return f"id:{node.text}"
    if isinstance(node, Tag):
        return f"tag:{node.name}{'*' if node.prefix else ''}"
    if isinstance(node, Note):
        shown = f'"{node.text}"' if node.phrase else node.text + ("*" if node.prefix else "")
        return f"note:{shown}"
    if isinstance(node, SavedQuery):
        return f"query:{node.name}"
    if isinstance(node, IdSet):
        return f"{node.label}[{len(node.ids)} articles]"
    if isinstance(node, Not):
        return f"NOT {describe(node.item)}"
    if isinstance(node, MatchAll):
        return "*"
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(describe(item) for item in node.items) + ")"


def _span(low: object, high: object) -> str:
    if low is not None and low == high:
        return str(low)
    return f"{low if low is not None else ''}..{high if high is not None else ''}"


def names_store_data(node: Node) -> bool:
    """Whether the tree holds `tag:`, `note:` or `query:` (so the store's research tables must
    be asked). Here, with the tree, so that a search of plain words decides it without
    importing the resolver and its tag, note and saved-query modules (issue 14, cold start).

    >>> names_store_data(And((Word("Musk"), Not(Tag("lesen", False)))))
    True
    """
    if isinstance(node, (Tag, Note, SavedQuery)):
        return True
    if isinstance(node, (And, Or)):
        return any(names_store_data(item) for item in node.items)
    if isinstance(node, Not):
        return names_store_data(node.item)
    return False

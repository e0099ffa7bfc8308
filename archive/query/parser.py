"""Parse the search language into an `archive.query.ast` tree.

    Starlink Taiwan                 both words (AND is the default)
    "Elon Musk"                     a phrase, matched exactly
    Musk OR Bezos, NOT Tesla, -Tesla, (Putin OR Kreml) Musk
    title:Clubhouse  outlet:"W&V"  author:Kleiser  agency:dpa
    year:2021  year:2021..2024  date:2021-02..2021-03  date:2023..  date:..2022-06-30
    Satell*                         trailing wildcard
    =Gespräch                       this surface form only (no stemming, no compounds)

A prefix before ':' is a field only when it names one; otherwise the colon is part of the word,
so gender forms such as `Wähler:innen` stay words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.errors import QueryError
from archive.model import Published
from archive.query import ast

MAX_QUERY_CHARS = 2000
# Parentheses and NOTs nested deeper than this are refused. The parser, the compiler and
# Whoosh's query objects all recurse once per level, so depth is what bounds their stacks (999
# levels, well under MAX_QUERY_CHARS, overflowed Python's); no one writes a query that nests
# 32 deep, and a refusal names the limit.
MAX_NESTING = 32
_FIELD_ALIASES = {"autor": "author", "authors": "author", "quelle": "outlet", "source": "outlet",
                  "titel": "title", "jahr": "year", "datum": "date", "agentur": "agency",
                  "agencies": "agency", "text": "body", "tags": "tag", "notiz": "note",
                  "notes": "note"}
# Something that looks like a field name (so a typo like `auther:` is reported, not searched).
_FIELDISH = re.compile(r"^[a-z]{2,12}$")
_GENDER_SUFFIX = re.compile(r"^(?:in|innen)\b", re.IGNORECASE)
_YEAR = re.compile(r"^\d{4}$")


@dataclass
class _Token:
    kind: str  # "(" ")" "phrase" "word" "field" "AND" "OR" "NOT" "-"
    text: str
    position: int


def parse(query: str) -> ast.Node:
    """Parse a query string; raise QueryError saying what is wrong and where.

    >>> ast.describe(parse('Musk (Putin OR Kreml) -Tesla year:2021..2022'))
    '(Musk AND (Putin OR Kreml) AND NOT Tesla AND year:2021..2022)'
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(query, f"the query is {len(query)} characters long; "
                                f"the limit is {MAX_QUERY_CHARS}")
    tokens = _Lexer(query).tokens()
    if not tokens:
        return ast.MatchAll()
    _check_nesting(query, tokens)
    return _Parser(query, tokens).parse()


def _check_nesting(query: str, tokens: list["_Token"]) -> None:
    """Refuse parentheses nested deeper than MAX_NESTING, naming how deep they go and where
    the first one too many opens (before the recursive parser meets them)."""
    depth = deepest = 0
    first_too_deep: _Token | None = None
    for token in tokens:
        if token.kind == "(":
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_NESTING and first_too_deep is None:
                first_too_deep = token
        elif token.kind == ")" and depth:
            depth -= 1
    if first_too_deep is not None:
        raise QueryError(query, f"the query nests parentheses {deepest} deep; "
                                f"the limit is {MAX_NESTING}", first_too_deep.position)


class _Lexer:
    def __init__(self, query: str) -> None:
        self.query = query
        self.index = 0
        self.result: list[_Token] = []

    def tokens(self) -> list[_Token]:
        query = self.query
        while self.index < len(query):
            char = query[self.index]
            if char.isspace():
                self.index += 1
            elif char in "()":
                self.result.append(_Token(char, char, self.index))
                self.index += 1
            elif char == '"':
                self._phrase()
            elif char in "-+" and self.index + 1 < len(query) and not query[self.index + 1].isspace() \
                    and (self.index == 0 or query[self.index - 1].isspace() or query[self.index - 1] == "("):
                if char == "-":
                    self.result.append(_Token("-", "-", self.index))
                self.index += 1
            else:
                self._word()
        return self.result

    def _phrase(self) -> None:
        start = self.index
        end = self.query.find('"', start + 1)
        if end < 0:
            raise QueryError(self.query, 'this quote is never closed (add a closing ")', start)
        self.result.append(_Token("phrase", self.query[start + 1:end], start))
        self.index = end + 1

    def _word(self) -> None:
        start = self.index
        query = self.query
        while self.index < len(query) and not query[self.index].isspace() \
                and query[self.index] not in '()"':
            self.index += 1
        text = query[start:self.index]
        field, _, value = text.partition(":")
        name = _FIELD_ALIASES.get(field.lower(), field.lower())
        if _ and name in ast.FIELD_NAMES:
            self.result.append(_Token("field", name, start))
            if value:
                self.result.append(_Token("word", value, start + len(field) + 1))
            return
        if _ and value and _FIELDISH.match(field) and not _GENDER_SUFFIX.match(value) \
                and not field[0].isupper():
            known = ", ".join(ast.FIELD_NAMES)
            raise QueryError(query, f"unknown field '{field}:' (known fields: {known})", start)
        if text in ("AND", "OR", "NOT"):
            self.result.append(_Token(text, text, start))
        else:
            self.result.append(_Token("word", text, start))


class _Parser:
    def __init__(self, query: str, tokens: list[_Token]) -> None:
        self.query = query
        self.tokens = tokens
        self.index = 0
        self.field: str | None = None
        # Open parentheses and NOTs around the term being parsed (see MAX_NESTING).
        self.depth = 0

    def enter(self, token: _Token, levels: int = 1) -> None:
        """Go `levels` deeper at `token`; refuse past MAX_NESTING."""
        self.depth += levels
        if self.depth > MAX_NESTING:
            raise self.error(f"the query nests parentheses and NOT {self.depth} deep; "
                             f"the limit is {MAX_NESTING}", token)

    def error(self, reason: str, token: _Token | None) -> QueryError:
        position = token.position if token else len(self.query)
        return QueryError(self.query, reason, position)

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def require_term_after(self, operator: _Token, reason: str) -> None:
        following = self.peek()
        if following is None or following.kind in (")", "OR", "AND"):
            raise self.error(reason, operator)

    def parse(self) -> ast.Node:
        node = self.parse_or()
        token = self.peek()
        if token is not None:
            raise self.error("this ')' has no matching '('", token)
        return node

    def parse_or(self) -> ast.Node:
        items = [self.parse_and()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            self.require_term_after(token, "OR needs a term on both sides")
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else ast.Or(tuple(items))

    def parse_and(self) -> ast.Node:
        items = [self.parse_unary()]
        while (token := self.peek()) is not None and token.kind not in (")", "OR"):
            if token.kind == "AND":
                self.take()
                self.require_term_after(token, "AND needs a term on both sides")
            items.append(self.parse_unary())
        return items[0] if len(items) == 1 else ast.And(tuple(items))

    def parse_unary(self) -> ast.Node:
        # A run of NOTs is read in a loop, not by recursion, and counts towards MAX_NESTING.
        run: list[_Token] = []
        while (token := self.peek()) is not None and token.kind in ("NOT", "-"):
            self.take()
            self.require_term_after(token, f"{token.text} needs a term after it")
            run.append(token)
        if not run:
            return self.parse_atom()
        if len(run) > MAX_NESTING:
            raise self.error(f"the query has {len(run)} NOT in a row; "
                             f"the limit is {MAX_NESTING}", run[MAX_NESTING])
        self.enter(run[0], len(run))
        node = self.parse_atom()
        self.depth -= len(run)
        for _ in run:
            node = ast.Not(node)
        return node

    def parse_atom(self) -> ast.Node:
        token = self.peek()
        if token is None:
            raise self.error("the query ends where a term was expected", None)
        if token.kind in ("AND", "OR"):
            raise self.error(f"{token.text} needs a term on both sides", token)
        if token.kind == ")":
            raise self.error("this ')' has no matching '('", token)
        self.take()
        if token.kind == "(":
            self.enter(token)
            node = self.parse_or()
            self.depth -= 1
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise self.error("this '(' is never closed", token)
            self.take()
            return node
        if token.kind == "field":
            return self.parse_field(token)
        if token.kind == "phrase":
            return self.value_node(self.field, token, phrase=True)
        return self.value_node(self.field, token, phrase=False)

    def parse_field(self, field_token: _Token) -> ast.Node:
        value = self.peek()
        if value is None or value.kind not in ("word", "phrase", "("):
            raise self.error(f"'{field_token.text}:' needs a value", field_token)
        if self.field is not None and self.field != field_token.text:
            raise self.error(f"'{field_token.text}:' inside '{self.field}:(...)'", field_token)
        if value.kind == "(":
            outer, self.field = self.field, field_token.text
            try:
                return self.parse_atom()
            finally:
                self.field = outer
        self.take()
        return self.value_node(field_token.text, value, phrase=value.kind == "phrase")

    def value_node(self, field: str | None, token: _Token, phrase: bool) -> ast.Node:
        text = token.text.strip()
        if field == "year":
            return self.year_range(text, token)
        if field == "date":
            return self.date_range(text, token)
        if field == "id":
            return ast.IdPrefix(text.lower())
        if field in ast.STORE_FIELDS:
            return self.store_node(field, text, token, phrase)
        prefix = not phrase and len(text) > 1 and text.endswith("*")
        if prefix:
            text = text.rstrip("*")
            if len(text) < 2:
                raise self.error("a wildcard needs at least two letters before '*'", token)
        if field in ast.NAME_FIELDS:
            if not text:
                raise self.error(f"'{field}:' needs a value", token)
            return ast.Name(field, text, prefix)
        if phrase:
            if not text:
                raise self.error("the quotes are empty", token)
            return ast.Phrase(text, field)
        if text == "*":
            return ast.MatchAll()
        exact = text.startswith("=") and len(text) > 1
        if exact:
            text = text[1:]
        if "*" in text.rstrip("*") and not any(ch.isalnum() for ch in text):
            raise self.error("a wildcard needs letters before '*'", token)
        return ast.Word(text, field, exact=exact, prefix=prefix)

    def store_node(self, field: str, text: str, token: _Token, phrase: bool) -> ast.Node:
        """`tag:`, `note:`, `query:`: kept as written; the store resolves them (names are
        checked there, against the rules of archive/research/)."""
        prefix = not phrase and len(text) > 1 and text.endswith("*")
        bare = text.rstrip("*") if prefix else text
        if not bare or bare == "*":
            raise self.error(f"'{field}:' needs a value", token)
        if field == "note":
            return ast.Note(bare, phrase, prefix)
        if field == "tag":
            return ast.Tag(bare, prefix)
        if prefix:
            raise self.error("'query:' takes a saved query's whole name, no '*'", token)
        return ast.SavedQuery(bare)

    def year_range(self, text: str, token: _Token) -> ast.YearRange:
        low_text, dots, high_text = text.partition("..")
        for part in (low_text, high_text):
            if part and not _YEAR.match(part):
                raise self.error(f"'{part}' is not a year (write year:2021 or year:2021..2024)",
                                 token)
        low = int(low_text) if low_text else None
        high = int(high_text) if high_text else (None if dots else low)
        if low is None and high is None:
            raise self.error("a year range needs at least one end", token)
        if low is not None and high is not None and low > high:
            raise self.error(f"the range {text} ends before it starts", token)
        return ast.YearRange(low, high)

    def date_range(self, text: str, token: _Token) -> ast.DateRange:
        low_text, dots, high_text = text.partition("..")
        try:
            low = Published.parse(low_text) if low_text else None
            high = Published.parse(high_text) if high_text else (None if dots else low)
        except ValueError as error:
            raise self.error(f"{error} (write date:2021-02 or date:2021-02-01..2021-03-15)",
                             token) from None
        if low is None and high is None:
            raise self.error("a date range needs at least one end", token)
        if low is not None and high is not None and low.date > high.last_day:
            raise self.error(f"the range {text} ends before it starts", token)
        return ast.DateRange(low, high)

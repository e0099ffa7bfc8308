"""`tag:`, `note:` and `query:` in the query language: how they parse, how a query names them
before the store resolves them, and how `explain` shows them resolved."""

from __future__ import annotations

import pytest

from archive.errors import QueryError
from archive.index.compile import compile_query
from archive.query import ast
from archive.query.parser import parse
from archive.research.names import name_problem

from conftest import Archive


@pytest.mark.parametrize("query, described", [
    ("tag:Relevant Musk", "(tag:Relevant AND Musk)"),
    ("tag:wahl/2021 -tag:todo", "(tag:wahl/2021 AND NOT tag:todo)"),
    ("tags:pro*", "tag:pro*"),
    ('note:"zweite Quelle"', 'note:"zweite Quelle"'),
    ("notiz:Quell*", "note:Quell*"),
    ("query:wahl OR query:a:b", "(query:wahl OR query:a:b)"),
    ("tag:(a OR b)", "(tag:a OR tag:b)"),
])
def test_store_fields_parse(query: str, described: str) -> None:
    assert ast.describe(parse(query)) == described


@pytest.mark.parametrize("query", ["tag:*", "query:wahl*", "note:", 'note:""'])
def test_store_fields_need_a_value(query: str) -> None:
    with pytest.raises(QueryError):
        parse(query)


def test_an_unresolved_store_node_stands_for_no_article() -> None:
    # A query is checked before the store is opened; `tag:x` then compiles to an empty set.
    compiled = compile_query(parse("tag:relevant Musk")).query
    assert "tag:relevant[0 articles]" in str(compiled)


@pytest.mark.parametrize("name, problem", [
    ("relevant", None), ("Wahl/2021", None), ("status:offen", None), ("größe_1.2-b", None),
    ("zu prüfen", "contains ' '"), ("a*", "contains '*'"), ("-x", "must begin"),
    ("_x", "must begin"), ("", "is empty"), ("x" * 65, "65 characters"), ("a,b", "contains ','"),
])
def test_the_name_rule(name: str, problem: str | None) -> None:
    found = name_problem(name)
    assert (found is None) if problem is None else (problem in (found or ""))


def test_explain_shows_what_tags_and_saved_queries_stand_for(seeded: Archive) -> None:
    seeded.ok("tag", "+relevant", "4f06", "28e5")
    seeded.ok("query", "save", "musk", "Musk", "--year", "2024")
    output = seeded.ok("explain", "tag:relevant query:musk").stdout
    assert "tag:relevant[2 articles]" in output
    assert "musk" in output.split("Index query:")[1] and "year" in output.split("Index query:")[1]

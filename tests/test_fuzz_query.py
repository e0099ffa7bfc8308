"""Fuzzing the query language: any string ends in a query or in one QueryError, in time.

Queries are drawn from the grammar (words, wildcards, phrases, fields, ranges, AND / OR /
NOT / -, parentheses nested up to past the limit) and then mutated (characters deleted,
inserted or repeated). Parsing and compiling each must give a Whoosh query or raise
QueryError (exit status 2, one line), nothing else, within the deadline; a sample is also
searched through the real CLI on a seeded archive. Budget: derandomized, fixed numbers of
examples, well under 30 s for the file.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import QueryError
from archive.index.compile import compile_query
from archive.query.parser import parse

from conftest import Archive

FUZZ = settings(derandomize=True, max_examples=400, deadline=timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

WORDS = ("Putin", "Musk", "Starlink", "Wähler:innen", "Kreml-Chef", "Satell", "der", "und",
         "Klimaschutzgesetz", "Gespraeche", "178.000", "2021", "x", "Ä", "Straße", "=Gespräch",
         "Staats-", "Trump’s", "\u00ad", "e\u0301", "ab")
FIELDS = ("title", "author", "outlet", "agency", "year", "date", "titel", "autor", "body",
          "quelle", "auther", "id", "tag", "note", "query", "notiz")
VALUES = ("2021", "2021..2024", "2023..", "..2022-06-30", "2021-02..2021-03", "Kleiser",
          '"W&V"', "dpa", "9999..1", "2021-13", "..", "Kle*", "4f06")


def _term() -> st.SearchStrategy[str]:
    word = st.sampled_from(WORDS)
    return st.one_of(
        word,
        word.map(lambda text: text + "*"),
        st.lists(word, min_size=1, max_size=4).map(lambda words: '"' + " ".join(words) + '"'),
        st.tuples(st.sampled_from(FIELDS), st.sampled_from(VALUES + WORDS)).map(
            lambda pair: f"{pair[0]}:{pair[1]}"),
    )


QUERY = st.recursive(
    _term(),
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=4).map(" ".join),
        st.tuples(inner, st.sampled_from((" AND ", " OR ", " ")), inner).map("".join),
        inner.map(lambda text: "NOT " + text),
        inner.map(lambda text: "-" + text),
        inner.map(lambda text: "(" + text + ")"),
    ),
    max_leaves=12,
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A grammatical query with a few characters deleted, inserted or repeated."""
    text = draw(QUERY)
    for _ in range(draw(st.integers(0, 4))):
        where = draw(st.integers(0, len(text)))
        kind = draw(st.integers(0, 3))
        if kind == 0 and text:
            text = text[:where] + text[where + 1:]
        elif kind == 1:
            text = text[:where] + draw(st.sampled_from(list('()"*:-=. ') + ["AND", "OR", "NOT"])) \
                + text[where:]
        elif kind == 2:
            text = text[:where] + draw(st.sampled_from(("(", "NOT ", ")", "-("))) \
                * draw(st.integers(1, 700)) + text[where:]
        else:
            text = text[:where] + draw(st.text(max_size=5)) + text[where:]
    return text


ANY_QUERY = st.one_of(QUERY, mutated(), st.text(max_size=200))


def _parse_and_compile(query: str) -> None:
    try:
        compile_query(parse(query), query)
    except QueryError as error:
        assert "\n" not in str(error)


@FUZZ
@given(ANY_QUERY)
def test_any_query_parses_and_compiles_or_is_one_query_error(query: str) -> None:
    _parse_and_compile(query)


@settings(derandomize=True, max_examples=150, deadline=timedelta(seconds=5),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(query=st.one_of(QUERY, mutated()))
def test_any_query_searches_or_is_one_line(seeded: Archive, query: str) -> None:
    result = seeded.run("search", "--", query)
    assert result.exit_code in (0, 2), (query, result.output, result.exception)
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("archive: "), (query, lines)


def test_the_reported_queries() -> None:
    for query in ("(" * 999 + "Putin" + ")" * 995, "(" * 300 + "x" + ")" * 300,
                  "NOT " * 450 + "x", "(NOT " * 300 + "x"):
        try:
            parse(query)
        except QueryError as error:
            assert "the limit is 32" in str(error)
        else:
            raise AssertionError(f"accepted: {query[:40]}")

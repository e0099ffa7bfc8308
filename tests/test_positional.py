"""Phrases and near parts on position arrays (archive.index.positional) against Whoosh's own
span matchers, stepped over every document, on random texts: an in-memory index of several
segments with deleted documents, words with several written forms standing next to each
other (so a part's forms merge into runs, as Whoosh's SpanOr merges them), two and three
parts, phrases with repeated words. Same documents, same scores to the bit."""

from __future__ import annotations

import random

import pytest
from whoosh import query as wq
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.query.spans import SpanNear2

from archive.index import positional
from archive.index.compile import StemSpans

VOCABULARY = ("klima", "klimas", "schutz", "schutzes", "gesetz", "gesetze", "gesetzes",
              "der", "und", "neue", "wird")
SEGMENTS = (60, 45, 30)


@pytest.fixture(scope="module")
def searcher():  # type: ignore[no-untyped-def]
    """A searcher over three segments of random texts, some documents deleted."""
    rng = random.Random(14)
    schema = Schema(id=ID(unique=True, stored=True),
                    f=TEXT(analyzer=SpaceSeparatedTokenizer()))
    index = RamStorage().create_index(schema)
    number = 0
    for size in SEGMENTS:
        writer = index.writer()
        for _ in range(size):
            words = rng.choices(VOCABULARY, k=rng.randint(3, 40))
            writer.add_document(id=str(number), f=" ".join(words))
            number += 1
        writer.commit(merge=False)
    writer = index.writer()
    for victim in rng.sample(range(number), 25):
        writer.delete_by_term("id", str(victim))
    writer.commit(merge=False)
    positional.clear_cache()
    with index.searcher() as opened:
        assert len(opened.subsearchers) >= 3 and opened.reader().has_deletions()
        yield opened


def _whoosh(searcher, query: wq.Query) -> list[tuple[int, float]]:  # type: ignore[no-untyped-def]
    """Whoosh's span matcher over every live document of every segment."""
    found = []
    for subsearcher, offset in searcher.subsearchers:
        reader = subsearcher.reader()
        matcher = query.matcher(subsearcher, searcher.context())
        while matcher.is_active():
            if not reader.is_deleted(matcher.id()):
                found.append((offset + matcher.id(), matcher.score()))
            matcher.next()
    return found


def _ours(searcher, query: wq.Query) -> list[tuple[int, float]]:  # type: ignore[no-untyped-def]
    found = []
    for subsearcher, offset in searcher.subsearchers:
        result = positional.evaluate(subsearcher, query)
        assert result is not None
        ids, scores = result
        found.extend((offset + int(i), float(s)) for i, s in zip(ids, scores))
    return found


QUERIES = [
    SpanNear2([StemSpans("f", "klima"), StemSpans("f", "schutz")], slop=5, ordered=False,
              mindist=0),
    SpanNear2([StemSpans("f", "gesetz"), StemSpans("f", "klima")], slop=2, ordered=False,
              mindist=0),
    SpanNear2([StemSpans("f", "klima"), StemSpans("f", "schutz"), StemSpans("f", "gesetz")],
              slop=5, ordered=False, mindist=0),
    SpanNear2([StemSpans("f", "gesetz"), StemSpans("f", "schutz"), StemSpans("f", "klima")],
              slop=1, ordered=False, mindist=0),
    SpanNear2([StemSpans("f", "klima"), StemSpans("f", "klima")], slop=3, ordered=False,
              mindist=0),
    SpanNear2([StemSpans("f", "schutz"), StemSpans("f", "nichts")], slop=5, ordered=False,
              mindist=0),
    SpanNear2([StemSpans("f", "klima"), StemSpans("f", "schutz")], slop=4, ordered=True,
              mindist=0),
    SpanNear2([StemSpans("f", "gesetz"), StemSpans("f", "klima"), StemSpans("f", "schutz")],
              slop=3, ordered=False, mindist=1),
    wq.Phrase("f", ["klima", "schutz"]),
    wq.Phrase("f", ["der", "klimas", "schutz"]),
    wq.Phrase("f", ["und", "und"]),
    wq.Phrase("f", ["neue", "gesetze", "wird", "der"]),
    wq.Phrase("f", ["klima", "fehlt"]),
    wq.Phrase("f", ["gesetz", "der"], boost=2.5),
]


@pytest.mark.parametrize("query", QUERIES, ids=[repr(query) for query in QUERIES])
def test_positions_match_whoosh_span_matchers(searcher,  # type: ignore[no-untyped-def]
                                              query: wq.Query) -> None:
    assert positional.handled(query)
    assert _ours(searcher, query) == _whoosh(searcher, query)


def test_the_cases_are_not_empty(searcher) -> None:  # type: ignore[no-untyped-def]
    """Most cases match something, so the comparison above is not empty-equals-empty."""
    assert sum(bool(_whoosh(searcher, query)) for query in QUERIES) >= len(QUERIES) - 3


def test_substitute_keeps_the_tree_and_leaves_the_original(  # type: ignore[no-untyped-def]
        searcher) -> None:
    phrase = wq.Phrase("f", ["klima", "schutz"])
    query = wq.Or([wq.Term("f", "der"), wq.And([wq.Term("f", "und"), phrase]),
                   wq.Not(phrase)])
    changed = positional.substitute(query)
    assert changed is not query and query.subqueries[1].subqueries[1] is phrase
    assert isinstance(changed.subqueries[1].subqueries[1], positional.PositionalQuery)
    assert isinstance(changed.subqueries[2].query, positional.PositionalQuery)
    assert positional.substitute(wq.Term("f", "der")) == wq.Term("f", "der")


@pytest.mark.parametrize("query", QUERIES, ids=[repr(query) for query in QUERIES])
def test_hit_sets_match_whoosh(searcher, query: wq.Query) -> None:  # type: ignore[no-untyped-def]
    """The exact hit set (archive.index.docsets) takes phrases and near parts from the arrays:
    Whoosh's own `docs_for_query`, alone and inside And / Or / Not."""
    from archive.index.docsets import matching_docnums

    for whole in (query, wq.And([wq.Term("f", "der"), query]),
                  wq.Or([wq.Term("f", "wird"), query]), wq.And([wq.Every(), wq.Not(query)])):
        assert matching_docnums(searcher, whole) == sorted(searcher.docs_for_query(whole))


def test_stem_estimate_is_whoosh_prefix_estimate(searcher) -> None:  # type: ignore[no-untyped-def]
    """StemSpans reads its size estimate in one pass over the term list: Whoosh's Prefix
    estimate, the number that orders the query's trees."""
    for subsearcher, _offset in searcher.subsearchers:
        reader = subsearcher.reader()
        for stem in ("klima", "schutz", "gesetz", "g", "", "nichts"):
            assert StemSpans("f", stem).estimate_size(reader) \
                == wq.Prefix("f", stem).estimate_size(reader)
        query = QUERIES[0]
        proxy = positional.PositionalQuery(query)
        assert proxy.estimate_size(reader) == query.estimate_size(reader) \
            == proxy.estimate_size(reader)

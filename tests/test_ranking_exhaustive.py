"""Ranking against an exhaustive ranking: for every query form, the top 10 of `search` equals
every matching document scored by Whoosh's own BM25F scorer, sorted by (-score, document number).

Ties: the engine sums a document's scores in the query's order, Whoosh in the order of its
matcher tree (branches ordered by their estimated size in each segment), so the two scores of
a document may differ in the last bits. Scores must agree to a relative 1e-12 (the issue asks
1e-9); a score that close to the one ranked before it is a tie, and ties are ordered by
document number (`tie_ordered`, as `archive.index.engine.top`); the rankings must then be
the same document for document.

The index has several segments and deleted documents (articles imported in batches, some files
changed and imported again), the case where Whoosh's `limit=` collector, which skips blocks by
their score bounds, was seen dropping documents that score higher than the ones it returned.
The reference walks each query's matcher over every segment without skipping: nothing in it
depends on the archive's own ranking code, only on the compiled query and Whoosh's scorer.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from archive.index.compile import compile_filter, compile_query
from archive.index.writer import open_index
from archive.live_index import current_generation
from archive.paths import ArchivePaths
from archive.query.parser import parse
from archive.search import SearchRequest, filter_node, search
from archive.store import Store
from conftest import Archive, write_article

WORDS = ("Gespräch", "Gespräche", "Hafen", "Häfen", "Brücke", "Wahl", "Wahlen", "Straße",
         "Löwe", "Löwen", "Schulden", "Hafenbrücke")
FILLERS = (
    "Der Bericht erschien am Morgen in der gedruckten Ausgabe.",
    "Nach Angaben der Verwaltung soll eine Entscheidung im Herbst fallen.",
    "Die Redaktion hat mehrere Beteiligte um eine Stellungnahme gebeten.",
    "Bis zum Abend gab es keine weiteren Informationen dazu.",
    "Ein Sprecher verwies auf eine Sitzung in der kommenden Woche.",
)
OUTLETS = ("DER SPIEGEL", "Die Zeit", "taz")
# Segments large enough that postings span several blocks: block skipping needs them.
BATCHES = (300, 250, 150)

# (query, options): every query form, alone and with filters.
CASES = [
    ("Hafen", {}),
    ("Gespräch", {}),
    ("Gespräch Wahl", {}),
    ("Hafen Brücke Wahl", {}),
    ("Hafen OR Löwe", {}),
    ("(Hafen OR Brücke) Wahl", {}),
    ("Wahl NOT Hafen", {}),
    ("Wahl -Löwe", {}),
    ('"Gespräch Hafen"', {}),
    ('"Wahl Straße" OR Schulden', {}),
    ("title:Wahl", {}),
    ("title:Gespräch Straße", {}),
    ("Gespr*", {}),
    ("Hafen*", {}),
    ("=Gespräche", {}),
    ("Hafenbrücke", {}),
    ("Wahl", {"outlets": ("DER SPIEGEL",)}),
    ("Gespräch OR Straße", {"since": "2019-03", "until": "2022"}),
    ("Löwe", {"years": "2018..2021"}),
    ("Hafen year:2018..2022", {}),
    ("Schulden date:2019..2023-06", {"outlets": ("taz", "Die Zeit")}),
    ("Wahl Gespräch", {"offset": 5}),
]


def _text(rng: random.Random, number: int, version: int) -> tuple[str, str]:
    """A title and a body of varying length with planted words at varying frequencies."""
    title_words = rng.sample(WORDS, rng.choice((0, 0, 1, 2)))
    title = " ".join([f"Meldung {number} v{version}", *title_words])
    parts = []
    for _ in range(rng.randint(5, 14)):  # over the importer's minimum body length
        parts.append(rng.choice(FILLERS))
        if rng.random() < 0.6:
            parts.append(" ".join(rng.choices(WORDS, k=rng.randint(1, 4))) + ".")
    return title, " ".join(parts)


def _write(folder: Path, rng: random.Random, number: int, version: int) -> None:
    title, body = _text(rng, number, version)
    year = rng.randint(2016, 2024)
    published = rng.choice((f"{year}", f"{year}-{rng.randint(1, 12):02d}",
                            f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"))
    write_article(folder, f"a{number:04d}.txt", f"{title}\n\n{body}\n", title=title,
                  outlet=rng.choice(OUTLETS), published=published)


@pytest.fixture(scope="module")
def segmented(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """An index of several segments with deletions: three batches, then changed files again."""
    root = tmp_path_factory.mktemp("ranking")
    rng = random.Random(7)
    archive = Archive(root / "home")
    number = 0
    for batch, size in enumerate(BATCHES):
        folder = root / f"batch{batch}"
        for _ in range(size):
            _write(folder, rng, number, 0)
            number += 1
        archive.ok("import", str(folder))
    # Change a third of the first two batches: their old documents are deleted in their
    # segments, the new versions land in a new one.
    for batch in (0, 1):
        folder = root / f"batch{batch}"
        for path in sorted(folder.glob("*.txt"))[::3]:
            _write(folder, rng, int(path.stem[1:]), 1)
        result = archive.ok("import", str(folder))
        assert "updated" in result.output
    return archive


SCORE_TOLERANCE = 1e-12


def tie_ordered(scored: list[tuple[float, int, str]]) -> list[tuple[float, int, str]]:
    """(-score, document number, id) by score, best first; a score within SCORE_TOLERANCE of
    the one before it is a tie, and each run of ties is ordered by document number."""
    ordered = sorted(scored)
    result: list[tuple[float, int, str]] = []
    run: list[tuple[float, int, str]] = []
    for item in ordered:
        if run and not math.isclose(item[0], run[-1][0], rel_tol=SCORE_TOLERANCE):
            result.extend(sorted(run, key=lambda entry: entry[1]))
            run = []
        run.append(item)
    result.extend(sorted(run, key=lambda entry: entry[1]))
    return result


def test_tie_ordered_orders_near_equal_scores_by_document_number() -> None:
    close = 15.760679187456164
    scored = [(-close, 9, "c"), (-15.760679187456162, 4, "b"), (-20.0, 7, "a"), (-1.0, 1, "d")]
    assert [item[2] for item in tie_ordered(scored)] == ["a", "b", "c", "d"]
    assert [item[2] for item in tie_ordered([(-2.0, 9, "x"), (-1.0, 1, "y")])] == ["x", "y"]


def _reference(archive: Archive, request: SearchRequest) -> list[tuple[str, float]]:
    """Every match of the query within the filters, scored by the query's own matcher over
    each segment (no block skipping), sorted by (-score, document number)."""
    paths = ArchivePaths(archive.home)
    query = compile_query(parse(request.query), request.query).query
    filter_query = compile_filter(filter_node(request))
    with Store.open(paths.store_file) as store:
        generation, _ = current_generation(paths, store)
    index = open_index(generation)
    scored: list[tuple[float, int, str]] = []
    with index.searcher() as searcher:
        allowed = None if filter_query is None else set(searcher.docs_for_query(filter_query))
        for subsearcher, offset in searcher.subsearchers or [(searcher, 0)]:
            reader = subsearcher.reader()
            matcher = query.matcher(subsearcher, subsearcher.context())
            while matcher.is_active():
                docnum = offset + matcher.id()
                if not reader.is_deleted(matcher.id()) and (allowed is None
                                                            or docnum in allowed):
                    scored.append((-matcher.score(), docnum,
                                   searcher.stored_fields(docnum)["id"]))
                matcher.next()
    return [(article_id, -score) for score, _docnum, article_id in tie_ordered(scored)]


def test_the_index_has_segments_and_deletions(segmented: Archive) -> None:
    paths = ArchivePaths(segmented.home)
    with Store.open(paths.store_file) as store:
        generation, _ = current_generation(paths, store)
    with open_index(generation).searcher() as searcher:
        reader = searcher.reader()
        assert len(searcher.subsearchers or []) >= 3
        assert reader.has_deletions()
        assert reader.doc_count() == sum(BATCHES)


@pytest.mark.parametrize(("query", "options"), CASES, ids=[f"{q} {o}" for q, o in CASES])
def test_top_10_equals_exhaustive_ranking(segmented: Archive, query: str,
                                          options: dict[str, object]) -> None:
    request = SearchRequest(query=query, limit=10, all_words=True, **options)  # type: ignore[arg-type]
    reference = _reference(segmented, request)
    assert reference, f"{query}: the case must match something"
    result = search(ArchivePaths(segmented.home), request)
    assert result.total == len(reference)
    got = [(hit.article.id, hit.score) for hit in result.hits]
    wanted = reference[request.offset:request.offset + request.limit]
    assert [article_id for article_id, _ in got] == [article_id for article_id, _ in wanted], \
        (query, got, wanted)
    for (_, score), (_, expected) in zip(got, wanted):
        assert score is not None and math.isclose(score, expected, rel_tol=1e-9), (query, got,
                                                                                  wanted)


# More query forms for the engine alone: stop words around words, prefixes inside And / Or,
# Not of a phrase, fields, names, nested Or / And / Not, family words, the index-wide Every.
ENGINE_CASES = [query for query, _options in CASES] + [
    "der Hafen und die Brücke",
    "Hafen* Wahl",
    "Gespr* OR Löwe*",
    'Wahl NOT "Gespräch Hafen"',
    "(Hafen OR Brücke) (Wahl OR Straße) -Schulden",
    "title:Hafen OR teaser:Wahl OR body:Löwe",
    "=Häfen OR Hafen",
    '"Hafen Brücke Wahl"',
    "Hafenbrücke OR Brücke",
    "Straße -Gespräch -Löwe",
    "outlet:taz Wahl",
    "*",
    # Compounds whose parts stand apart in the text: near parts with several written forms.
    "Wahlgespräch",
    "Straßenbrücke",
    "Löwenhafen",
    "Schuldenwahl",
    "Wahlschulden Hafen",
    "Gesprächswahlschulden",
    '"Wahl Wahl"',
    '"Gespräch Hafen" OR Wahlgespräch',
]


def _whoosh_ranking(searcher, query) -> list[tuple[int, float]]:  # type: ignore[no-untyped-def]
    """Whoosh's matcher stepped over every document of every segment: (docnum, score) of the
    live matches, by (-score, docnum), near-equal scores tied (`tie_ordered`)."""
    scored = []
    for subsearcher, offset in searcher.subsearchers or [(searcher, 0)]:
        reader = subsearcher.reader()
        matcher = query.matcher(subsearcher, searcher.context())
        while matcher.is_active():
            if not reader.is_deleted(matcher.id()):
                scored.append((-matcher.score(), offset + matcher.id(), ""))
            matcher.next()
    return [(docnum, -score) for score, docnum, _id in tie_ordered(scored)]


def _assert_same_ranking(got: list[tuple[int, float]], wanted: list[tuple[int, float]],
                         text: str) -> None:
    assert [docnum for docnum, _ in got] == [docnum for docnum, _ in wanted], text
    for (_, score), (_, expected) in zip(got, wanted):
        assert math.isclose(score, expected, rel_tol=SCORE_TOLERANCE), (text, score, expected)


@pytest.mark.parametrize("text", ENGINE_CASES)
def test_engine_equals_whoosh_exhaustive_ranking(segmented: Archive, text: str) -> None:
    """The engine's ranking of every match (not only a page) is Whoosh's: the same documents
    in the same order (near-equal scores tied by document number) with the same scores to a
    relative 1e-12."""
    from archive.index import engine
    from archive.index.docsets import matching_docnums

    paths = ArchivePaths(segmented.home)
    with Store.open(paths.store_file) as store:
        generation, _ = current_generation(paths, store)
    query = compile_query(parse(text), text).query
    with open_index(generation).searcher() as searcher:
        live = matching_docnums(searcher, query)
        wanted = [item for item in _whoosh_ranking(searcher, query) if item[0] in set(live)]
        assert wanted, f"{text}: the case must match something"
        for allowed in (None, live, live[::2]):
            got = engine.rank(searcher, query, allowed, len(wanted) + 5)
            expected = wanted if allowed is None or allowed is live \
                else [item for item in wanted if item[0] in set(allowed)]
            _assert_same_ranking(got, expected, text)
        _assert_same_ranking(engine.rank(searcher, query, live, 3), wanted[:3], text)


def test_engine_scores_postings_itself(segmented: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """Words, Or, And, Not inside And and boosts never build or step a Whoosh matcher: the
    engine evaluates them over the whole index (only constant-score wildcards are left to
    Whoosh's matchers; phrases and near parts are evaluated on position arrays)."""
    from archive.index import engine

    by_segment: list[str] = []
    original = engine._Whole.by_segment
    monkeypatch.setattr(engine._Whole, "by_segment", lambda self, query: (
        by_segment.append(type(query).__name__), original(self, query))[1])
    for text in ("Gespräch OR Wahl Schulden", "Wahl -Löwe", "title:Wahl Straße"):
        result = search(ArchivePaths(segmented.home), SearchRequest(query=text, all_words=True))
        assert result.hits and not by_segment, (text, by_segment)
    search(ArchivePaths(segmented.home), SearchRequest(query="Gespr*", all_words=True))
    assert by_segment  # the constant-score wildcard


def test_the_old_ranking_stays_callable(segmented: Archive,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark's switch back to Whoosh's collector gives the same page."""
    from archive.index.searcher import WHOOSH_RANKING_VARIABLE

    request = SearchRequest(query="Hafen Brücke", all_words=False, limit=20)
    engine_hits = [(hit.article.id, hit.score) for hit in
                   search(ArchivePaths(segmented.home), request).hits]
    monkeypatch.setenv(WHOOSH_RANKING_VARIABLE, "1")
    whoosh_hits = [(hit.article.id, hit.score) for hit in
                   search(ArchivePaths(segmented.home), request).hits]
    assert engine_hits == whoosh_hits


def test_counts_alone_rank_nothing(segmented: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no page asked (--limit 0), the total and the facets come from the hit set alone:
    nothing is ranked, and they equal those of a search with a page."""
    from archive.index import engine, searcher

    request = SearchRequest(query="Hafen OR Wahl", facets=True, limit=10)
    with_page = search(ArchivePaths(segmented.home), request)

    def refuse(*_args: object) -> None:
        raise AssertionError("ranked without a page")

    monkeypatch.setattr(engine, "rank", refuse)
    monkeypatch.setattr(searcher, "rank", refuse)
    counts = search(ArchivePaths(segmented.home),
                    SearchRequest(query="Hafen OR Wahl", facets=True, limit=0))
    assert counts.hits == [] and counts.total == with_page.total
    assert counts.facets == with_page.facets


def test_decoded_postings_are_whole_after_the_tree_moved_them(segmented: Archive) -> None:
    """An intersection moves its children to their first common match as Whoosh builds it; the
    postings decoded (and cached) from such a leaf are still the whole list."""
    from archive.index import postings

    paths = ArchivePaths(segmented.home)
    with Store.open(paths.store_file) as store:
        generation, _ = current_generation(paths, store)
    postings.clear_cache()
    with open_index(generation).searcher() as searcher:
        subsearcher = (searcher.subsearchers or [(searcher, 0)])[-1][0]
        reader = subsearcher.reader()
        leaf = reader.postings("exact", "wahl")
        everything = list(leaf.all_ids())
        moved = reader.postings("exact", "wahl")
        moved.skip_to(everything[len(everything) // 2])
        segment_id = reader.segment().segment_id()
        assert postings.cached(segment_id, moved).ids.tolist() == everything
        assert postings.cached(segment_id, reader.postings("exact", "wahl")).ids.tolist() \
            == everything


def test_phrases_and_near_parts_build_no_span_matcher(segmented: Archive,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Phrases and compounds' near parts are evaluated on position arrays
    (archive.index.positional): Whoosh's span matchers are never built for the ranking."""
    from whoosh.query.spans import SpanNear2

    from archive.index import engine

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a span matcher was built")

    paths = ArchivePaths(segmented.home)
    with Store.open(paths.store_file) as store:
        generation, _ = current_generation(paths, store)
    monkeypatch.setattr(SpanNear2.SpanNear2Matcher, "__init__", refuse)
    with open_index(generation).searcher() as searcher:
        for text in ('"Gespräch Hafen"', "Wahlgespräch", '"Hafen Brücke Wahl" OR Löwenhafen'):
            assert engine.rank(searcher, compile_query(parse(text), text).query, None, 10)


def test_top_orders_near_equal_scores_by_document_number() -> None:
    """The engine's top-k: exact and near-equal scores (a last-bit difference) tie, ordered
    by document number, also across the cut of the candidates; distinct scores by score."""
    import numpy as np

    from archive.index.engine import top

    close = 94.085012800956
    below = 94.08501280095598
    docnums = np.array([36246, 56790, 15705, 77333, 97876, 15277, 3, 4] + list(range(100, 200)))
    scores = np.array([close, close, below, below, close, 78.3, 1.0, 1.0] + [0.5] * 100)
    assert [d for d, _ in top(docnums, scores, 6)] == [15705, 36246, 56790, 77333, 97876, 15277]
    assert [d for d, _ in top(docnums, scores, 2)] == [15705, 36246]
    assert [s for _, s in top(docnums, scores, 3)] == [below, close, close]
    assert [d for d, _ in top(docnums, scores, 7)][-1] == 3

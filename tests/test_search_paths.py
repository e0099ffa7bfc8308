"""The search path's speed-ups must give the straightforward path's results exactly: match sets
from archive.index.docsets equal Whoosh's `docs_for_query` (so totals and facets are the
same), and snippets from candidate sentences equal snippets from analysing whole texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from archive.index import highlight
from archive.index.compile import HighlightTerms, compile_filter, compile_query
from archive.index.docsets import matching_docnums
from archive.index.lengths import preload_lengths
from archive.index.searcher import facet_counts_from_columns, search_index
from archive.index.writer import live_generation, open_index
from archive.paths import ArchivePaths
from archive.query.parser import parse
from archive.search import SearchRequest, filter_node
from archive.store import Store
from conftest import Archive
from test_index_performance_paths import STROMNETZ, segmented  # noqa: F401 (the fixture)

# Every query form: words, compounds, hyphen chains, gender forms, phrases, prefixes, exact
# words, NOT, OR, fields, names, year and date ranges, ids, everything.
QUERIES = [
    "Musk", "Stromnetz", "Netzentgelte", "Stromnetzbetreiber", "Gespräche", "Kreml-Chef",
    "Wähler:innen", "Buerger", "Straße", '"Bundesnetzagentur in Bonn"', '"die Netze"',
    "Strom*", "Bonn1*", "Satell*", "=Stromnetz", "Putin OR Stromnetz", "Netzentgelte -Bonn0x1",
    "NOT Stromnetz", "Stromnetz -Musk -Taiwan", "*", "title:Stromnetz", "body:Netz*",
    "author:Müller", "author:Mueller", "outlet:taz", "outlet:ZDF OR outlet:taz", "year:2021",
    "year:2020..2021", "year:2022..", "date:2021-02..2021-03", "date:..2020-12-31",
    "Stromnetz year:2020..2021", "id:0*", "Klimaschutzgesetz OR Musk", "Gesprächen Satellit",
    "Zuckerberg", "2021", "xyzzy", "Stromnetz OR xyzzy", "-xyzzy",
]
FILTERS = [SearchRequest(), SearchRequest(years="2020..2021"),
           SearchRequest(outlets=("taz", "ZDF")), SearchRequest(authors=("Thomas Müller",)),
           SearchRequest(since="2021-01-01")]


def _generation(archive: Archive) -> Path:
    generation = live_generation(ArchivePaths(archive.home))
    assert generation is not None
    return generation


def test_the_index_has_segments_and_deletions(segmented: Archive) -> None:
    with open_index(_generation(segmented)).searcher() as searcher:
        leaves = [leaf for leaf, _offset in searcher.reader().leaf_readers()]
        assert len(leaves) >= 3
        assert any(leaf.has_deletions() for leaf in leaves)


@pytest.mark.parametrize("request_filter", FILTERS, ids=repr)
def test_match_sets_equal_docs_for_query(segmented: Archive,
                                         request_filter: SearchRequest) -> None:
    filter_query = compile_filter(filter_node(request_filter))
    with open_index(_generation(segmented)).searcher() as searcher:
        for text in QUERIES:
            query = compile_query(parse(text), text).query
            matching = query if filter_query is None else wq.And([query, filter_query])
            assert matching_docnums(searcher, matching) == \
                list(searcher.docs_for_query(matching)), text


# A rare word beside costly parts (compounds' near parts, phrases, prefixes, a Not of a phrase):
# the match set evaluates the costly parts only where the rest of the query leaves candidates.
RESTRICTED = ["Reservekraftwerken Bonn1x2", "Bonn1x2 Reservekraftwerken",
              '"deutschen Stromnetz" Bonn2x0', "Netzentgelte Reservekraftwerken Bonn0x1",
              "Bonn1* Reservekraftwerken", "Reservekraftwerken -Bonn1x2",
              'Bonn2x1 -"deutschen Stromnetz"', 'Stromnetz -"deutschen Stromnetz"',
              "Reservekraftwerken OR Musk Bonn1x0", "Kreml-Chef Bonn0x0",
              "Reservekraftwerken xyzzy", '"deutschen Stromnetz" Bundesnetzagentur',
              "Stromnetzbetreiber Netzentgelte", 'NOT "deutschen Stromnetz" Bonn2x2',
              "Reservekraftwerken Bonn1x2 year:2021", "Strom* Bonn1x2", "Bonn1x2 -Strom*"]


@pytest.mark.parametrize("text", RESTRICTED)
def test_match_sets_with_costly_parts_restricted_equal_docs_for_query(segmented: Archive,
                                                                       text: str) -> None:
    with open_index(_generation(segmented)).searcher() as searcher:
        query = compile_query(parse(text), text).query
        assert matching_docnums(searcher, query) == list(searcher.docs_for_query(query))


# Rare words (one article, one segment), common ones, and costly forms that match.
_LEAVES = ["Bonn1x2", "Bonn0x1", "Musk", "Taiwan", "Stromnetz", "Reservekraftwerken",
           '"deutschen Stromnetz"', "Bonn2*", "Strom*", "Kreml-Chef", "Nord-Süd-Trassen", "xyzzy"]


@st.composite
def _query_trees(draw: st.DrawFn, depth: int = 0) -> wq.Query:
    """Random And / Or trees over compiled words, compounds, phrases and wildcards, with Not
    where the compiler puts it: beside a positive sibling in an And ("a -b", "NOT b" is
    `* AND NOT b`)."""
    if depth >= 3 or (depth and draw(st.booleans())):
        text = draw(st.sampled_from(_LEAVES))
        return compile_query(parse(text), text).query
    children = draw(st.lists(_query_trees(depth + 1), min_size=1, max_size=3))
    kind = draw(st.sampled_from(["and", "or", "and-not"]))
    if kind == "and-not":
        return wq.And(children + [wq.Not(draw(_query_trees(depth + 1)))])
    return wq.And(children) if kind == "and" else wq.Or(children)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=_query_trees())
def test_match_sets_of_random_trees_equal_docs_for_query(segmented: Archive,
                                                         tree: wq.Query) -> None:
    with open_index(_generation(segmented)).searcher() as searcher:
        assert matching_docnums(searcher, tree) == sorted(searcher.docs_for_query(tree)), tree


def test_costly_parts_are_evaluated_only_in_segments_with_candidates(
        segmented: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Bonn1x2" is in one segment only: the phrase, the wildcard and the compound's near parts
    are looked at in that segment alone, not in every one (the match set is the same)."""
    from archive.index import docsets

    evaluated: list[int] = []
    original = docsets._SegmentSets.evaluate

    def counting(self: docsets._SegmentSets, query: wq.Query) -> object:
        evaluated.append(id(self))
        return original(self, query)

    monkeypatch.setattr(docsets._SegmentSets, "evaluate", counting)
    with open_index(_generation(segmented)).searcher() as searcher:
        assert len(searcher.subsearchers) >= 4
        # The phrase in the one segment holding "Bonn1x2"; the compound's near parts there at
        # most (not at all when its parts are not both in the candidates).
        for text, least in [('"deutschen Stromnetz" Bonn1x2', 1), ("Strom* Bonn1x2", 1),
                            ("Reservekraftwerken Bonn1x2", 0)]:
            evaluated.clear()
            query = compile_query(parse(text), text).query
            assert matching_docnums(searcher, query) == list(searcher.docs_for_query(query))
            assert least <= len(set(evaluated)) <= 1, text


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_lengths_from_memory_rank_and_score_as_whoosh_does(segmented: Archive, sort: str) -> None:
    """Ranking with the length columns preloaded (archive.index.lengths) gives Whoosh's own
    ranks and scores, on every query form, over segments with deletions."""
    from whoosh.sorting import FieldFacet, ScoreFacet

    sortedby = None if sort == "relevance" else [FieldFacet("published", reverse=True), ScoreFacet()]
    index = open_index(_generation(segmented))
    for text in QUERIES:
        query = compile_query(parse(text), text).query
        ranked = []
        for preload in (False, True):
            with index.searcher() as searcher:
                if preload:
                    preload_lengths(searcher, searcher.schema.scorable_names())
                    assert any("_body_len" in leaf._perdoc._readers
                               for leaf, _ in searcher.reader().leaf_readers())
                results = searcher.search(query, limit=None, sortedby=sortedby, terms=False)
                ranked.append([(hit.docnum, hit.score) for hit in results])
        assert ranked[0] == ranked[1], text


def test_match_sets_of_raw_whoosh_queries(segmented: Archive) -> None:
    """Query nodes the compiler does not produce today fall back to Whoosh, with the same
    result."""
    queries = [wq.Term("body", "stromnetz"), wq.Term("nofield", "x"), wq.And([]), wq.Or([]),
               wq.Every("body"), wq.NumericRange("year", 2020, 2021, constantscore=False),
               wq.NumericRange("published", None, 20210301),
               wq.TermRange("outlet", "a", "t"), wq.AndMaybe(wq.Term("body", "netz"),
                                                             wq.Term("body", "strom")),
               wq.Or([wq.Term("body", "stromnetz"), wq.Term("title", "musk")], minmatch=1),
               wq.Not(wq.Prefix("exact", "b")), wq.Not(wq.Term("body", "musk")),
               wq.Or([wq.Term("body", "musk"), wq.Not(wq.Prefix("exact", "b"))]),
               wq.And([wq.Not(wq.Term("body", "musk")), wq.Not(wq.Prefix("exact", "b"))]),
               wq.And([wq.Term("body", "stromnetz"), wq.Not(wq.Prefix("exact", "b"))])]
    with open_index(_generation(segmented)).searcher() as searcher:
        for query in queries:
            assert matching_docnums(searcher, query) == list(searcher.docs_for_query(query)), \
                query


@pytest.mark.parametrize("text", QUERIES)
def test_totals_and_facets_equal_the_straightforward_path(segmented: Archive,
                                                          text: str) -> None:
    generation = _generation(segmented)
    query = compile_query(parse(text), text).query
    found = search_index(generation, query, None, facets=True, facet_limit=1000)
    with open_index(generation).searcher() as searcher:
        reference = sorted(searcher.docs_for_query(query))
        assert found.total == len(reference)
        assert found.facets == facet_counts_from_columns(searcher, reference, 1000)


def _snippet_pairs(texts: list[str], terms: HighlightTerms,
                   monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, object]]:
    fast = [highlight.make_snippet(text, terms) for text in texts]
    with monkeypatch.context() as patch:
        patch.setattr(highlight, "flat_match_spans", highlight.match_spans_reference)
        reference = [highlight.make_snippet(text, terms) for text in texts]
    return list(zip(fast, reference))


@pytest.mark.parametrize("text", QUERIES)
def test_snippets_equal_whole_text_snippets(segmented: Archive, text: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(ArchivePaths(segmented.home).store_file) as store:
        articles = list(store.iter_articles())
    texts = ["\n".join(part for part in (a.teaser, a.body) if part) for a in articles]
    terms = compile_query(parse(text), text).highlight
    for fast, reference in _snippet_pairs(texts, terms, monkeypatch):
        assert fast == reference, text


TRICKY = (
    "Die Staats- und Regierungschefs trafen sich. Die Staats- bzw. Regierungschefs auch. "
    "Er traf Mark. Zuckerberg sprach danach. Klaus Gottwald und Karl. Lauterbach! "
    "Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und Strasse. "
    "Ein Ge\u00adspräch über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef Putin. "
    "Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer.\n\n"
    "Ein neuer Absatz. Die Spitzengespraeche begannen. Schulbuchs und Schulbücher. "
    "Die Rate der Raten. Zinsen, Zins. Ergebnisse… Café Zürich. Ende.  "
)
TRICKY_QUERIES = ["Staatschefs", "Regierungschef", "Zuckerberg", "Lauterbach", "Gottwald",
                  "Wähler", "Wählerinnen", "Bürgerinnen", "Bürger", "Straße", "Gespräch",
                  "Satellit", "System", "Ökonom", "Kremlchef", "Kreml-Chef", "Chef", "2024",
                  "178000", "25.10.2024", "3,5", "Trump", "Auto", "Feuer", "Steuer",
                  "Spitzengespräch", "Gespräche", "Schule", "Buch", "Rate", "Zins", "Ergebnis",
                  "Cafe", "Zurich", '"Kreml-Chef Putin"', '"neuer Absatz"', "Sat*", "Bür*",
                  "=Strasse", "Staats*", "Regierungs*", "Schul*", "Mark", "Karl"]


@pytest.mark.parametrize("text", TRICKY_QUERIES)
def test_snippets_of_tricky_text(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sentence ends next to elliptical conjuncts, first names, gender forms, folding,
    soft hyphens, dates and numbers; and more matches than a snippet keeps."""
    terms = compile_query(parse(text), text).highlight
    texts = [TRICKY, TRICKY * 60, STROMNETZ, TRICKY.replace(". ", ".\n")]
    for fast, reference in _snippet_pairs(texts, terms, monkeypatch):
        assert fast == reference, text
    for sample in texts:
        assert highlight.match_spans(sample, terms) == \
            highlight.match_spans_reference(sample, terms), text


def test_match_sets_from_cached_postings_follow_deletions(segmented: Archive, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    # Match sets read the ranking engine's per-process cache of decoded posting lists
    # (archive.index.postings). A cached list keeps the documents deleted since it was
    # decoded (same segment id): the match set must still leave them out.
    import shutil

    from archive.index import postings

    copy = Archive(tmp_path / "home")
    shutil.copytree(segmented.home, copy.home)
    words = ["Stromnetz", "Netzentgelte", "Musk", "Putin OR Stromnetz", "Strom*"]
    postings.clear_cache()
    with open_index(_generation(copy)).searcher() as searcher:
        # A trend's sets (`for_ranking=False`) read uncached lists without caching them.
        unranked = {text: matching_docnums(searcher, compile_query(parse(text), text).query,
                                           for_ranking=False) for text in words}
        assert not postings._CACHE  # noqa: SLF001
        cold = {text: matching_docnums(searcher, compile_query(parse(text), text).query)
                for text in words}
        warm = {text: matching_docnums(searcher, compile_query(parse(text), text).query)
                for text in words}
        before = {leaf.segment().segment_id() for leaf, _ in searcher.reader().leaf_readers()}
    assert unranked == cold == warm and all(cold.values())
    victim = copy.search_json("Stromnetz")["hits"][0]["id"]
    monkeypatch.setattr("archive.index.writer.MERGE_MIN_SEGMENTS", 100)  # keep the segments
    copy.ok("delete", victim, "--yes")
    with open_index(_generation(copy)).searcher() as searcher:
        after = {leaf.segment().segment_id() for leaf, _ in searcher.reader().leaf_readers()}
        assert after <= before  # the victim's segment is the cached one, now with a deletion
        for text in words:
            query = compile_query(parse(text), text).query
            found = matching_docnums(searcher, query)
            assert found == list(searcher.docs_for_query(query)), text
            assert matching_docnums(searcher, query, for_ranking=False) == found, text
            ids = {searcher.stored_fields(docnum)["id"] for docnum in found}
            assert victim not in ids, text

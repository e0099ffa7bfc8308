"""What searches keep of a segment across searches (term entries, idf values, stems' forms,
compounds' near parts): the kept answers equal Whoosh's own readers' answers term by term, and
a search run again with everything kept returns exactly what it returned with nothing kept.
The index is the ranking tests' archive: several segments, deleted documents."""

from __future__ import annotations

import pytest
from whoosh.codec.whoosh3 import W3TermsReader
from whoosh.reading import TermNotFound

from archive.index import compile as compiled
from archive.index import positional, postings, segment_caches
from archive.index.segment_caches import CachedTerms
from archive.index.writer import open_index
from archive.live_index import current_generation
from archive.paths import ArchivePaths
from archive.search import SearchRequest, search
from archive.store import Store
from conftest import Archive
from test_ranking_exhaustive import CASES, segmented  # noqa: F401 — the module fixture


def _forget() -> None:
    postings.clear_cache()
    segment_caches.clear()
    compiled._FORMS_CACHE.clear()  # noqa: SLF001
    positional._NEAR_CACHE.clear()  # noqa: SLF001


def _generation(archive: Archive):  # type: ignore[no-untyped-def]
    paths = ArchivePaths(archive.home)
    with Store.open(paths.store_file) as store:
        return current_generation(paths, store)[0]


def test_kept_term_entries_answer_as_the_segment_does(segmented: Archive) -> None:  # noqa: F811
    _forget()
    with open_index(_generation(segmented)).searcher() as searcher:
        leaves = searcher.reader().leaf_readers()
        assert len(leaves) >= 3
        for reader, _offset in leaves:
            kept = reader._terms  # noqa: SLF001
            assert isinstance(kept, CachedTerms)
            raw = kept._inner  # noqa: SLF001
            assert type(raw) is W3TermsReader
            terms = [term for term, _info in raw.items()]
            assert terms
            for _round in range(2):  # read, then kept
                for field, text in terms:
                    mine, theirs = kept.term_info(field, text), raw.term_info(field, text)
                    assert vars(mine) == vars(theirs)
                    assert kept.doc_frequency(field, text) == raw.doc_frequency(field, text)
                    assert kept.frequency(field, text) == raw.frequency(field, text)
                    assert (field, text) in kept
                    fieldobj = searcher.schema[field]
                    got = kept.matcher(field, text, fieldobj.format)
                    want = raw.matcher(field, text, fieldobj.format)
                    assert list(got.all_ids()) == list(want.all_ids())
            missing = ("body", b"gibtesnichtxyz")
            assert missing not in kept
            with pytest.raises(TermNotFound):
                kept.term_info(*missing)
            with pytest.raises(KeyError):
                kept.doc_frequency(*missing)
            assert reader.doc_frequency("body", "gibtesnichtxyz") == 0


@pytest.mark.parametrize(("query", "options"), CASES, ids=[f"{q} {o}" for q, o in CASES])
def test_a_search_again_with_everything_kept_returns_the_same(
        segmented: Archive, query: str, options: dict[str, object]) -> None:  # noqa: F811
    home = ArchivePaths(segmented.home)
    results = []
    for forget in (True, False, False):
        if forget:
            _forget()
        for collapse in (False, True):
            request = SearchRequest(query=query, limit=10, collapse=collapse,
                                    **options)  # type: ignore[arg-type]
            found = search(home, request)
            results.append((collapse, found.total, found.partial_total,
                            [(hit.article.id, hit.score, hit.missing) for hit in found.hits]))
    assert results[0:2] == results[2:4] == results[4:6]

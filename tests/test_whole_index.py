"""Search over the whole index at once (issue 14): segment readers kept open across searches,
posting lists decoded straight from their bytes, and index-wide scored lists.

Each against an independent truth: Whoosh's own leaf matchers for the decoding, a freshly
opened Whoosh reader and the store for what a kept reader answers after the index changed,
and Whoosh's exhaustive ranking (tests/test_ranking_exhaustive.py) for the scores."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from whoosh.matching.wrappers import FilterMatcher

from archive.index import open_segments, postings, segment_caches, wide_terms
from archive.index.writer import open_index
from archive.live_index import current_generation
from archive.paths import ArchivePaths
from archive.search import SearchRequest, search
from archive.store import Store
from conftest import Archive, write_article
from test_ranking_exhaustive import segmented  # noqa: F401 — the module fixture


def _generation(archive: Archive) -> Path:
    paths = ArchivePaths(archive.home)
    with Store.open(paths.store_file) as store:
        return current_generation(paths, store)[0]


def test_every_list_decoded_from_its_bytes_equals_whooshs_leaf(segmented: Archive) -> None:  # noqa: F811
    """Every term of every segment (several segments, deleted documents): the ids and weights
    read from the list's byte range are those of Whoosh's own leaf matcher, deleted
    documents included."""
    checked = 0
    with open_index(_generation(segmented)).searcher() as searcher:
        for reader, _offset in searcher.reader().leaf_readers():
            segment_id = reader.segment().segment_id()
            for field, text in reader.all_terms():
                mine = postings._read_directly(segment_id, reader, field, text)  # noqa: SLF001
                matcher = reader.postings(field, text)
                leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
                leaf.reset()  # the filter moved it past its deleted documents
                ids, weights = [], []
                while leaf.is_active():
                    ids.append(leaf.id())
                    weights.append(leaf.weight())
                    leaf.next()
                assert mine is not None, (field, text)
                assert mine.ids.tolist() == ids, (field, text)
                assert mine.weights.astype(np.float64).tolist() == weights, (field, text)
                checked += 1
    assert checked > 1000


def test_positions_decoded_from_the_bytes_equal_whooshs_leaf(segmented: Archive) -> None:  # noqa: F811
    """Every term of the `exact` field (the one with positions), every segment: ids, weights
    and each posting's positions as Whoosh's leaf matcher gives them."""
    from archive.index import positions

    checked = 0
    with open_index(_generation(segmented)).searcher() as searcher:
        for reader, _offset in searcher.reader().leaf_readers():
            for text in reader.field_terms("exact"):
                mine = positions._read(reader, "exact", text)  # noqa: SLF001
                theirs = positions._step(reader, "exact", text)  # noqa: SLF001
                assert mine is not None, text
                for name in ("ids", "weights", "starts", "positions"):
                    assert getattr(mine, name).tolist() == getattr(theirs, name).tolist(), \
                        (text, name)
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("chunk", [segment_caches.WALK_CHUNK, 40])
def test_words_with_a_prefix_are_whooshs(segmented: Archive, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                                         chunk: int) -> None:
    """Every prefix (one to four letters) of every word of each text field in each segment,
    and some no word has: the walk gives Whoosh's `expand_prefix`, also with chunks smaller
    than one key (40 bytes)."""
    monkeypatch.setattr(segment_caches, "WALK_CHUNK", chunk)
    checked = 0
    with open_index(_generation(segmented)).searcher() as searcher:
        for reader, _offset in searcher.reader().leaf_readers():
            for field in ("exact", "body", "title"):
                prefixes = {text[:size] for text in reader.field_terms(field)
                            for size in range(1, 5)} | {"zzzq", "ä", ""}
                for prefix in sorted(prefixes):
                    assert segment_caches.words_with_prefix(reader, field, prefix) == \
                        list(reader.expand_prefix(field, prefix)), (field, prefix)
                    checked += 1
    assert checked > 300


def test_direct_term_table_reads_answer_as_whooshs_hash_reader(segmented: Archive) -> None:  # noqa: F811
    """Each segment's term table read with one `pread` per read: every key's value, and
    keys that are not there, as Whoosh's own `HashReader.get`; the binary search for the
    first key at or after a key as `OrderedHashReader.closest_key_pos`."""
    checked = 0
    with open_index(_generation(segmented)).searcher() as searcher:
        for reader, _offset in searcher.reader().leaf_readers():
            table = reader._terms._inner._tindex  # noqa: SLF001
            direct = segment_caches._DirectTable.of(table)  # noqa: SLF001
            assert direct is not None  # the archive's compound segments are read directly
            keys = [key for key, _value in table.items()]
            for key in keys + [b"\x00\x02zzzq", b"", keys[0] + b"x", keys[-1][:-1]]:
                assert direct.get(key, b"-") == table.get(key, b"-"), key
                checked += 1
            for key in keys[::7] + [b"", b"\xff\xff", keys[-1] + b"\x00", keys[0][:3]]:
                assert direct.closest_key_position(table, key) == table.closest_key_pos(key), key
    assert checked > 1000


def test_bytes_that_are_not_a_posting_list_are_left_to_whoosh() -> None:
    for data in (b"", b"nonsense", b"\x00" * 20):
        assert postings.decode_blocks(data) is None


def _three_reports(tmp_path: Path) -> tuple[Archive, Path]:
    """An archive of three short reports on the port of Kiel, and the folder they came from."""
    archive = Archive(tmp_path / "home")
    texts = tmp_path / "in"
    for number in range(3):
        write_article(texts, f"a{number}.txt", f"Hafenbericht {number}\n\nDer Hafen von Kiel "
                      f"meldet einen neuen Rekord beim Umschlag im Jahr {2000 + number}.")
    assert archive.run("import", str(texts)).exit_code == 0
    return archive, texts


def test_kept_readers_follow_new_segments_and_deletions(tmp_path: Path) -> None:
    """One process searching while the archive changes: a new article, then a deleted one,
    are seen at once; an unchanged segment's reader is handed out again."""
    archive, texts = _three_reports(tmp_path)
    home = ArchivePaths(archive.home)
    first = search(home, SearchRequest("Hafen"))
    assert first.total == 3
    kept = dict(open_segments._KEPT)  # noqa: SLF001
    assert kept
    search(home, SearchRequest("Hafen"))
    assert all(open_segments._KEPT[key][2] is entry[2] for key, entry in kept.items())  # noqa: SLF001

    write_article(texts, "b.txt", "Neuer Hafen\n\nAuch in Rostock wächst der Hafen weiter "
                  "und meldet mehr Schiffe als im Vorjahr.")
    assert archive.run("import", str(texts)).exit_code == 0
    assert search(home, SearchRequest("Hafen")).total == 4
    victim = first.hits[0].article.id
    assert archive.run("delete", victim, "--yes").exit_code == 0
    after = search(home, SearchRequest("Hafen"))
    assert after.total == 3 and victim not in [hit.article.id for hit in after.hits]
    with open_index(_generation(archive)).reader() as fresh:  # Whoosh's own reader
        assert fresh.doc_count() == 3


def test_kept_readers_of_a_replaced_generation_are_let_go(tmp_path: Path) -> None:
    """After `reindex --full` (a new generation folder, the old one removed) a search in the
    same process answers from the new generation and keeps no reader of the removed one."""
    archive, texts = _three_reports(tmp_path)
    home = ArchivePaths(archive.home)
    assert search(home, SearchRequest("Hafen")).total == 3
    old = str(_generation(archive).resolve())
    assert any(folder == old for folder, _segment in open_segments._KEPT)  # noqa: SLF001
    assert archive.run("reindex", "--full").exit_code == 0
    assert str(_generation(archive).resolve()) != old
    assert search(home, SearchRequest("Hafen")).total == 3
    assert not any(folder == old for folder, _segment in open_segments._KEPT)  # noqa: SLF001


def test_kept_readers_are_bounded(segmented: Archive, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """With room for one reader, a search over three segments keeps one and still answers
    (a reader let go while its search uses it is not closed under it)."""
    home = ArchivePaths(segmented.home)
    open_segments.clear()
    expected = search(home, SearchRequest("Hafen"))
    monkeypatch.setattr(open_segments, "MAX_KEPT", 1)
    open_segments.clear()
    for _round in range(2):
        found = search(home, SearchRequest("Hafen"))
        assert found.total == expected.total
        assert [hit.article.id for hit in found.hits] == [hit.article.id for hit in expected.hits]
        assert len(open_segments._KEPT) == 1  # noqa: SLF001
    open_segments.clear()
    assert not open_segments._KEPT  # noqa: SLF001


def test_a_search_with_index_wide_lists_kept_returns_the_same(segmented: Archive) -> None:  # noqa: F811
    home = ArchivePaths(segmented.home)
    requests = [SearchRequest(text, facets=True) for text in
                ("Hafen", "Gespräch Wahl", "Wahl -Löwe", "Hafenbrücke OR Brücke", "Gespr*")]
    wide_terms.clear()
    postings.clear_cache()
    open_segments.clear()
    first = [search(home, request) for request in requests]
    again = [search(home, request) for request in requests]
    for one, other in zip(first, again):
        assert one.total == other.total and one.facets == other.facets
        assert [(hit.article.id, hit.score) for hit in one.hits] == \
            [(hit.article.id, hit.score) for hit in other.hits]

"""Positions of long lists kept as arrays beside the index (archive.index.position_files) must
be Whoosh's own: each posting's positions as Whoosh's matcher decodes them, the same match sets
and rankings for phrases and compounds' near parts; and a file that does not fit (another
segment's, damaged, cut short) must be noticed and the positions decoded from Whoosh's blocks.

The fixtures are small, so the threshold of a "long" list is lowered (test_posting_files)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.formats import Positions

from archive.index import position_files, positions, posting_files, posting_table
from archive.index.compile import compile_query
from archive.index.docsets import matching_docnums
from archive.index.writer import open_index
from archive.query.parser import parse
from conftest import Archive
from test_posting_files import _generation, _match_sets, _whoosh_sets, home  # noqa: F401
from test_posting_files import ranking_home, ranking_segmented  # noqa: F401
from test_index_performance_paths import segmented  # noqa: F401 (the fixture)
from test_ranking_exhaustive import ENGINE_CASES, _assert_same_ranking, _whoosh_ranking

# Phrases and compounds (their parts must stand near each other in the `exact` field).
NEAR = ["Stromnetz", "Netzentgelte", "Stromnetzbetreiber", '"die Netze"',
        '"Bundesnetzagentur in Bonn"', "Gespräche", "Stromnetz year:2020..2021",
        "Putin OR Stromnetz", "Netzentgelte -Bonn0x1"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2**31 - 1), min_size=1, max_size=1500).map(sorted),
                max_size=20),
       st.data())
def test_values_decode_as_whoosh_decodes_them(lists: list[list[int]], data: st.DataObject) -> None:
    """Whoosh's encoding of each posting's positions, with or without the final stop byte
    (its writer leaves it off), and lists long enough for several pickled batches."""
    format_ = Positions()
    values = [format_.encode(items) for items in lists]
    values = [value[:-1] if data.draw(st.booleans()) else value for value in values]
    decoded = position_files.decode_values(values)
    assert decoded is not None
    counts, found = decoded
    assert counts.tolist() == [len(items) for items in lists]
    assert found.tolist() == [p for value in values for p in format_.decode_positions(value)]


def test_values_encoded_otherwise_are_refused() -> None:
    import pickle

    other = len([1]).to_bytes(4, "big") + pickle.dumps([1], 4)
    assert position_files.decode_values([Positions().encode([1]), other]) is None
    assert position_files.decode_values([b"\0\0\0\2" + Positions().encode([1, 2])[4:]]) is not None
    assert position_files.decode_values([b"\0\0\0\3" + Positions().encode([1, 2])[4:]]) is None
    assert position_files.decode_values([b"\0\0\0\1\x80\x02]q\x00c__builtin__\nprint\n."]) is None


def _fresh() -> None:
    from archive.index import postings

    postings.clear_cache()
    positions.clear_cache()
    posting_files.forget()


class ServedPositions:
    """Counts the lists whose positions came from position files."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.hits = 0
        self.misses = 0
        original = position_files.SegmentPositions.positions

        def counting(files, field, text, start, length, count):  # type: ignore[no-untyped-def]
            found = original(files, field, text, start, length, count)
            if found is not None:
                self.hits += 1
            else:
                self.misses += 1
            return found

        monkeypatch.setattr(position_files.SegmentPositions, "positions", counting)


def _position_files(archive: Archive) -> list[Path]:
    return sorted(_generation(archive).glob(f"{position_files.PREFIX}*{position_files.SUFFIX}"))


def test_files_are_written_and_give_whooshs_own_positions(home: Archive) -> None:  # noqa: F811
    _match_sets(home)  # the first read writes the files of segments that have none
    generation = _generation(home)
    assert len(_position_files(home)) == len(list(generation.glob(f"{posting_files.PREFIX}*")))
    compared = 0
    with open_index(generation).searcher() as searcher:
        for leaf, _offset in searcher.reader().leaf_readers():
            arrays = posting_files.for_segment(leaf)
            if arrays is None:
                continue
            folder = posting_files.folder_of(leaf)
            files = position_files.for_segment(leaf, folder, arrays.documents, arrays.files)
            assert files is not None
            for index in range(len(files.table)):
                field, _, text = files.table.key(index).partition(b"\0")
                entry = files.table.find(files.table.key(index))
                matcher = leaf._terms.matcher(field.decode(), text, leaf.schema[field.decode()].format)  # noqa: SLF001
                expected = []
                while matcher.is_active():
                    expected.append(list(matcher.value_as("positions")))
                    matcher.next()
                starts, stored = files.positions(field.decode(), text, entry.start, entry.length,
                                                 len(expected))
                assert [stored[starts[i]:starts[i + 1]].tolist()
                        for i in range(len(expected))] == expected, text
                compared += 1
    assert compared > 50


def test_phrases_and_near_parts_from_files_equal_whooshs(
        home: Archive, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    _match_sets(home, queries=NEAR)
    served = ServedPositions(monkeypatch)
    positions.clear_cache()
    assert _match_sets(home, queries=NEAR) == _whoosh_sets(home, NEAR)
    assert served.hits and not served.misses


def test_rankings_with_positions_from_files_are_whooshs(
        ranking_home: Archive, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from archive.index import engine

    with open_index(_generation(ranking_home)).searcher() as searcher:
        for text in ENGINE_CASES:  # writes the files first
            matching_docnums(searcher, compile_query(parse(text), text).query)
    served = ServedPositions(monkeypatch)
    _fresh()
    with open_index(_generation(ranking_home)).searcher() as searcher:
        for text in ENGINE_CASES:
            query = compile_query(parse(text), text).query
            live = matching_docnums(searcher, query)
            assert live == list(searcher.docs_for_query(query)), text
            wanted = [item for item in _whoosh_ranking(searcher, query) if item[0] in set(live)]
            _assert_same_ranking(engine.rank(searcher, query, live, len(wanted) + 5), wanted,
                                 text)
    assert served.hits > 5 and not served.misses


def _flip_a_position(path: Path) -> None:
    _header, table, body_start = posting_table.describe(path, position_files.MAGIC,
                                                      position_files.VERSION)
    data = bytearray(path.read_bytes())
    for index in range(len(table)):
        entry = table.find(table.key(index))
        data[body_start + entry.offset + 4 * entry.count - 4] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["another segment's file", "a flipped byte", "cut short",
                                    "garbage", "a folder"])
def test_files_that_do_not_fit_are_ignored(home: Archive, damage: str,  # noqa: F811
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _match_sets(home, queries=NEAR)
    files = _position_files(home)
    path = max(files, key=lambda item: item.stat().st_size)
    if damage == "another segment's file":
        shutil.copyfile(min(files, key=lambda item: item.stat().st_size), path)
    elif damage == "a flipped byte":
        _flip_a_position(path)
    elif damage == "cut short":
        path.write_bytes(path.read_bytes()[:-5])
    elif damage == "garbage":
        path.write_bytes(position_files.MAGIC + b"\xff" * 300)
    else:
        path.unlink()
        path.mkdir()
    served = ServedPositions(monkeypatch)
    positions.clear_cache()
    position_files.forget()
    assert _match_sets(home, queries=NEAR) == _whoosh_sets(home, NEAR)
    assert served.hits, "the other segments' files still serve"
    if damage == "a flipped byte":  # in every list of the file
        assert served.misses, "the damaged lists are decoded instead"


def test_files_of_merged_segments_are_removed(home: Archive,  # noqa: F811
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _match_sets(home)
    old = {path.name for path in _position_files(home)}
    assert old
    monkeypatch.setattr("archive.index.writer.MERGE_MIN_SEGMENTS", 2)  # merge small segments
    home.ok("edit", home.search_json("Stromnetz")["hits"][0]["id"], "--author", "Neu Autor")
    now = {path.name for path in _position_files(home)}
    postings_now = {path.name[len(posting_files.PREFIX):]
                    for path in _generation(home).glob(f"{posting_files.PREFIX}*")}
    assert {name[len(position_files.PREFIX):] for name in now} == postings_now
    assert now != old
    assert _match_sets(home, queries=NEAR) == _whoosh_sets(home, NEAR)


def test_a_spooled_body_makes_the_file_encode_makes(tmp_path: Path) -> None:
    from archive.index.posting_table import BodySpool, TermTable, encode, encode_head

    table = TermTable.of({b"body\0a": [0, 3, 1, 0, 5], b"body\0b": [9, 2, 1, 8, 7]})
    spool = BodySpool(tmp_path)
    try:
        assert spool.add(b"12345678") == 0 and spool.add(b"abcdefgh") == 8
        assert spool.write_file(tmp_path / "f.bin", encode_head({"segment": "s"}, table))
    finally:
        spool.close()
    assert (tmp_path / "f.bin").read_bytes() == encode({"segment": "s"}, table,
                                                       b"12345678abcdefgh")
    assert [path.name for path in tmp_path.iterdir()] == ["f.bin"]  # nothing left behind

"""Long posting lists kept as arrays beside the index (archive.index.posting_files) must give
exactly what Whoosh gives: the same match sets as `docs_for_query`, the same rankings as
Whoosh's matchers, the same totals, facets, trends and cluster counts as the straightforward
paths; and a file that does not fit its segment (another segment's, merged away, changed, cut
short, damaged) must be noticed and the lists decoded instead.

The fixtures are small, so the threshold of a "long" list is lowered to 2 postings here:
nearly every list of every segment is then read from the files."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path

import pytest
from whoosh import query as wq

from archive.index import posting_files, posting_table, postings
from archive.index.compile import compile_filter, compile_query
from archive.index.docsets import matching_docnums
from archive.index.searcher import facet_counts_from_columns, search_index
from archive.index.writer import live_generation, open_index
from archive.paths import ArchivePaths
from archive.query.parser import parse
from archive.search import filter_node
from conftest import Archive
from test_index_performance_paths import segmented  # noqa: F401 (the fixture)
from test_search_paths import FILTERS, QUERIES


@pytest.fixture
def home(segmented: Archive, tmp_path: Path,  # noqa: F811
         monkeypatch: pytest.MonkeyPatch) -> Archive:
    """A copy of the segmented archive (segments, deletions), long lists from 2 postings."""
    copy = Archive(tmp_path / "home")
    shutil.copytree(segmented.home, copy.home)
    monkeypatch.setattr(posting_files, "MIN_POSTINGS", 2)
    return copy


def _generation(archive: Archive) -> Path:
    generation = live_generation(ArchivePaths(archive.home))
    assert generation is not None
    return generation


class Served:
    """Counts the lists read from posting files (and the misses of terms a file lists)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.hits = 0
        self.misses = 0
        original = posting_files.SegmentArrays.arrays

        def counting(arrays, field, text, start, length):  # type: ignore[no-untyped-def]
            found = original(arrays, field, text, start, length)
            if found is not None:
                self.hits += 1
            elif arrays.entry(field, text) is not None:
                self.misses += 1
            return found

        monkeypatch.setattr(posting_files.SegmentArrays, "arrays", counting)


def _fresh() -> None:
    postings.clear_cache()
    posting_files.forget()


# Fewer queries where files are damaged one way after another: words, Or, Not, wildcards,
# fields, years, phrases.
SOME = ["Stromnetz", "Putin OR Stromnetz", "Netzentgelte -Bonn0x1", "Strom*", "*",
        "author:Müller", "year:2020..2021", '"die Netze"', "NOT Stromnetz"]


def _match_sets(archive: Archive, for_ranking: bool = True,
                queries: list[str] = QUERIES) -> dict[str, list[int]]:
    _fresh()
    with open_index(_generation(archive)).searcher() as searcher:
        return {text: matching_docnums(searcher, compile_query(parse(text), text).query,
                                       for_ranking=for_ranking) for text in queries}


def _whoosh_sets(archive: Archive, queries: list[str] = QUERIES) -> dict[str, list[int]]:
    with open_index(_generation(archive)).searcher() as searcher:
        return {text: list(searcher.docs_for_query(compile_query(parse(text), text).query))
                for text in queries}


def test_files_are_written_and_give_whooshs_own_lists(home: Archive) -> None:
    """Each kept list equals what Whoosh's public matcher API yields: ids and weights."""
    _match_sets(home)  # the first read writes the files of segments that have none
    generation = _generation(home)
    files = list(generation.glob(f"{posting_files.PREFIX}*{posting_files.SUFFIX}"))
    with open_index(generation).searcher() as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        assert len(files) == len([leaf for leaf in leaves if leaf.doc_count_all() >= 2]) >= 3
        compared = 0
        for leaf in leaves:
            arrays = posting_files.for_segment(leaf)
            if leaf.doc_count_all() < 2:  # no list can be long
                assert arrays is None
                continue
            assert arrays is not None
            for (field, text), entry in arrays.entries.items():
                matcher = leaf._terms.matcher(field, text, leaf.schema[field].format)  # noqa: SLF001
                ids, weights = [], []
                while matcher.is_active():
                    ids.append(matcher.id())
                    weights.append(matcher.weight())
                    matcher.next()
                stored = arrays.arrays(field, text, entry.start, entry.length)
                assert stored is not None
                assert stored[0].tolist() == ids, (field, text)
                assert stored[1].astype(float).tolist() == weights, (field, text)
                compared += 1
        assert compared > 100


@pytest.mark.parametrize("request_filter", FILTERS, ids=repr)
def test_match_sets_from_files_equal_docs_for_query(home: Archive, request_filter: object,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    served = Served(monkeypatch)
    filter_query = compile_filter(filter_node(request_filter))  # type: ignore[arg-type]
    _fresh()
    with open_index(_generation(home)).searcher() as searcher:
        for text in QUERIES:
            query = compile_query(parse(text), text).query
            matching = query if filter_query is None else wq.And([query, filter_query])
            expected = list(searcher.docs_for_query(matching))
            assert matching_docnums(searcher, matching) == expected, text
            assert matching_docnums(searcher, matching, for_ranking=False) == expected, text
    assert served.hits > 50 and not served.misses


@pytest.mark.parametrize("text", QUERIES)
def test_totals_and_facets_from_files(home: Archive, text: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    served = Served(monkeypatch)
    _fresh()
    generation = _generation(home)
    query = compile_query(parse(text), text).query
    found = search_index(generation, query, None, facets=True, facet_limit=1000)
    with open_index(generation).searcher() as searcher:
        reference = sorted(searcher.docs_for_query(query))
        assert found.total == len(reference)
        assert found.facets == facet_counts_from_columns(searcher, reference, 1000)
    assert not served.misses


def test_deleted_documents_stay_out(home: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """A deletion leaves the segment and its file as they are (Whoosh keeps deletions apart):
    the file is still used, and the deleted document is not matched."""
    before = _match_sets(home)
    files = {path.name for path in
             _generation(home).glob(f"{posting_files.PREFIX}*{posting_files.SUFFIX}")}
    victim = home.search_json("Stromnetz")["hits"][0]["id"]
    monkeypatch.setattr("archive.index.writer.MERGE_MIN_SEGMENTS", 100)  # keep the segments
    home.ok("delete", victim, "--yes")
    served = Served(monkeypatch)
    after = _match_sets(home)
    assert after == _whoosh_sets(home) and after != before
    assert files <= {path.name for path in
                     _generation(home).glob(f"{posting_files.PREFIX}*{posting_files.SUFFIX}")}
    assert served.hits and not served.misses
    with open_index(_generation(home)).searcher() as searcher:
        for docnums in after.values():
            assert victim not in {searcher.stored_fields(d)["id"] for d in docnums}


def test_files_of_merged_segments_are_removed_and_new_ones_written(
        home: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    _match_sets(home)
    generation = _generation(home)
    old = {path.name for path in generation.glob(f"{posting_files.PREFIX}*")}
    assert old
    monkeypatch.setattr("archive.index.writer.MERGE_MIN_SEGMENTS", 2)  # merge small segments
    home.ok("edit", home.search_json("Stromnetz")["hits"][0]["id"], "--author", "Neu Autor")
    generation = _generation(home)
    with open_index(generation).searcher() as searcher:
        segments = {leaf.segment().segment_id() for leaf, _ in searcher.reader().leaf_readers()}
    now = {path.name for path in generation.glob(f"{posting_files.PREFIX}*")}
    assert now == {f"{posting_files.PREFIX}{segment}{posting_files.SUFFIX}"
                   for segment in segments}, "one file per segment, written at the commit"
    assert now != old
    served = Served(monkeypatch)
    assert _match_sets(home) == _whoosh_sets(home)
    assert served.hits and not served.misses


def _one_file(archive: Archive) -> Path:
    files = sorted(_generation(archive).glob(f"{posting_files.PREFIX}*{posting_files.SUFFIX}"),
                   key=lambda path: path.stat().st_size)
    return files[-1]


def _rewrite_header(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Change the JSON header of a posting file; its term table and body stay as they are."""
    header, table, body_start = posting_table.describe(path)
    body = path.read_bytes()[body_start:]
    change(header)
    encoded = json.dumps(header).encode()
    table_bytes = table.to_bytes()
    table_start = (16 + len(encoded) + 7) // 8 * 8
    body_start = (table_start + len(table_bytes) + 7) // 8 * 8
    path.write_bytes(posting_table.MAGIC + len(encoded).to_bytes(8, "little") + encoded
                     + b"\0" * (table_start - 16 - len(encoded)) + table_bytes
                     + b"\0" * (body_start - table_start - len(table_bytes)) + body)


def _rewrite_entries(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Change the term table's numbers (rows of start, length, count, offset, crc)."""
    _header, table, _body_start = posting_table.describe(path)
    numbers = table.numbers.copy()
    change(numbers)
    data = bytearray(path.read_bytes())
    table_start = (16 + int.from_bytes(data[8:16], "little") + 7) // 8 * 8
    data[table_start:table_start + numbers.nbytes] = numbers.astype("<u8").tobytes()
    path.write_bytes(bytes(data))


def _swap_starts(numbers) -> None:  # type: ignore[no-untyped-def]
    for first in range(0, len(numbers) - 1, 2):
        numbers[[first, first + 1], :2] = numbers[[first + 1, first], :2]


DAMAGES = {
    "another segment's file": None,
    "another document count": lambda header: header.update(documents=header["documents"] + 1),
    "other segment files": lambda header: header.update(files=header["files"] + 1),
    "another version": lambda header: header.update(version=99),
}
TABLE_DAMAGES = {
    "lists of other terms": _swap_starts,
    "a huge count": lambda numbers: numbers.__setitem__((slice(None), 2), 2**40),
}


@pytest.mark.parametrize("damage", [*DAMAGES, *TABLE_DAMAGES, "a flipped byte", "cut short",
                                    "garbage", "empty", "a folder", "a fifo"])
def test_files_that_do_not_fit_are_ignored(home: Archive, damage: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Stale or damaged files: the lists are decoded instead, the results stay Whoosh's."""
    _match_sets(home, queries=SOME)
    path = _one_file(home)
    others = [p for p in path.parent.glob(f"{posting_files.PREFIX}*{posting_files.SUFFIX}")
              if p != path]
    if damage == "another segment's file":
        shutil.copyfile(others[0], path)
    elif damage in DAMAGES:
        _rewrite_header(path, DAMAGES[damage])
    elif damage in TABLE_DAMAGES:
        _rewrite_entries(path, TABLE_DAMAGES[damage])
    elif damage == "a flipped byte":  # in the middle of a list the queries read
        for path in [path, *others]:
            _header, table, body_start = posting_table.describe(path)
            entry = table.find(b"body\0stromnetz")
            if entry is not None:
                data = bytearray(path.read_bytes())
                data[body_start + entry.offset + 4 * entry.count] ^= 0x40
                path.write_bytes(bytes(data))
                break
        else:
            raise AssertionError("no file holds body:stromnetz")
    elif damage == "cut short":
        path.write_bytes(path.read_bytes()[:-5])
    elif damage == "garbage":
        path.write_bytes(posting_table.MAGIC + os.urandom(300))
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
        path.mkdir() if damage == "a folder" else os.mkfifo(path)
    # A folder that cannot be written: nothing is rewritten, the damage stays in place.
    monkeypatch.setattr(posting_files.os, "access", lambda *args: False)
    served = Served(monkeypatch)
    expected = _whoosh_sets(home, SOME)
    assert _match_sets(home, queries=SOME) == expected
    assert _match_sets(home, for_ranking=False, queries=SOME) == expected
    if damage in ("a flipped byte", "lists of other terms", "a huge count"):
        # The lists that fail their check are decoded, the others read from the files.
        assert served.misses and served.hits
    elif damage == "cut short":
        assert served.hits
    else:
        # The whole file is refused: only that segment's lists are decoded.
        assert served.hits and not served.misses


def test_a_damaged_file_is_rewritten_when_the_folder_can_be_written(
        home: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    _match_sets(home, queries=SOME)
    path = _one_file(home)
    path.write_bytes(b"garbage")
    expected = _whoosh_sets(home, SOME)
    assert _match_sets(home, queries=SOME) == expected
    assert path.read_bytes().startswith(posting_table.MAGIC)
    served = Served(monkeypatch)
    assert _match_sets(home, queries=SOME) == expected
    assert served.hits and not served.misses


def test_whoosh_alone_reads_the_index_beside_the_files(home: Archive) -> None:
    """The files are extra: Whoosh's own searcher (its matchers, not the archive's paths)
    finds and ranks as before, and an index without them gives the same sets."""
    _match_sets(home)
    generation = _generation(home)
    assert list(generation.glob(f"{posting_files.PREFIX}*"))
    with open_index(generation).searcher() as searcher:
        hits = searcher.search(wq.Term("body", "stromnetz"), limit=None)
        assert len(hits) == len(list(searcher.docs_for_query(wq.Term("body", "stromnetz"))))
    with_files = _match_sets(home)
    for path in generation.glob(f"{posting_files.PREFIX}*"):
        path.unlink()
    os.environ[posting_files.DISABLED_VARIABLE] = "1"
    try:
        assert _match_sets(home) == with_files == _whoosh_sets(home)
        assert not list(generation.glob(f"{posting_files.PREFIX}*"))  # disabled: none written
    finally:
        del os.environ[posting_files.DISABLED_VARIABLE]


@pytest.fixture
def ranking_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 request: pytest.FixtureRequest) -> Archive:
    """A copy of the ranking tests' archive (700 articles in segments with deletions), long
    lists from 20 postings: frequent words come from the files, rare ones are decoded."""
    template = request.getfixturevalue("ranking_segmented")
    copy = Archive(tmp_path / "home")
    shutil.copytree(template.home, copy.home)
    monkeypatch.setattr(posting_files, "MIN_POSTINGS", 20)
    return copy


from test_ranking_exhaustive import ENGINE_CASES, _assert_same_ranking, _whoosh_ranking  # noqa: E402
from test_ranking_exhaustive import segmented as ranking_segmented  # noqa: E402, F401


def test_rankings_from_files_are_whooshs(ranking_home: Archive,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Rankings from the files' weights are Whoosh's own for every query form (scores to a
    relative 1e-12, near-equal scores tied by document number: test_ranking_exhaustive)."""
    from archive.index import engine

    served = Served(monkeypatch)
    _fresh()
    with open_index(_generation(ranking_home)).searcher() as searcher:
        for text in ENGINE_CASES:
            query = compile_query(parse(text), text).query
            live = matching_docnums(searcher, query)
            assert live == list(searcher.docs_for_query(query)), text
            wanted = [item for item in _whoosh_ranking(searcher, query) if item[0] in set(live)]
            _assert_same_ranking(engine.rank(searcher, query, live, len(wanted) + 5), wanted,
                                 text)
    assert served.hits > 20 and not served.misses


def test_array_set_operations_equal_python_sets() -> None:
    """The numpy intersection and union of ascending id arrays against Python's sets."""
    import random

    import numpy as np

    from archive.index.docsets import _SegmentSets, intersect

    rng = random.Random(5)

    class Sets(_SegmentSets):
        def __init__(self, size: int) -> None:  # only what `union` reads
            self._size = size

    for _ in range(300):
        size = rng.choice([1, 10, 1000])
        parts = [sorted(rng.sample(range(size), rng.randint(0, size)))
                 for _ in range(rng.randint(1, 4))]
        arrays = [np.array(part, dtype=np.int64) for part in parts]
        assert intersect(arrays[0], arrays[-1]).tolist() == \
            sorted(set(parts[0]) & set(parts[-1]))
        assert Sets(size).union(arrays).tolist() == sorted(set().union(*parts))


def test_a_file_of_the_first_version_is_upgraded_without_decoding(
        home: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """An archive written before the binary term table (a JSON one, the same body) is
    rewritten in the new form on first read, with no list decoded again, and serves the
    same lists."""
    expected = _match_sets(home, queries=SOME)
    for path in _generation(home).glob(f"{posting_files.PREFIX}*{posting_files.SUFFIX}"):
        header, table, body_start = posting_table.describe(path)
        terms = {}
        for index in range(len(table)):
            key = table.key(index)
            terms[key.decode("latin-1")] = list(dataclasses.astuple(table.find(key)))
        old = json.dumps({**{k: header[k] for k in ("segment", "documents", "files")},
                          "version": 1, "terms": terms}).encode()
        body = path.read_bytes()[body_start:]
        path.write_bytes(b"ARCPOST1" + len(old).to_bytes(8, "little") + old
                         + b"\0" * ((16 + len(old) + 7) // 8 * 8 - 16 - len(old)) + body)
    written = []
    monkeypatch.setattr(posting_files, "write", lambda *args: written.append(args))
    served = Served(monkeypatch)
    assert _match_sets(home, queries=SOME) == expected == _whoosh_sets(home, SOME)
    assert not written, "no list decoded to write a file"
    assert served.hits and not served.misses
    for path in _generation(home).glob(f"{posting_files.PREFIX}*{posting_files.SUFFIX}"):
        assert path.read_bytes().startswith(posting_table.MAGIC)

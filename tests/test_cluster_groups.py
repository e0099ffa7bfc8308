"""`search --count clusters` from the per-segment group arrays beside the index
(archive.index.groups) equals a brute-force count over the store, after every change to the
archive and with the cache files damaged or gone. Through the real CLI, store and index."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import DATA, SEEDS, Archive

FIXTURES = DATA / "clusters"
QUERIES = ["", "Polizei", "Regierung OR Minister", "sagte", "year:2010..2030", "Weihnachtsbaum", "xyzzyqq"]


def brute_force(archive: Archive, query: str) -> tuple[int, dict[str, dict[str | None, int]]]:
    """Distinct clusters among the matches, and per facet value, from the store alone."""
    from archive.paths import ArchivePaths
    from archive.search import SearchRequest, matching_ids

    ids = matching_ids(ArchivePaths.resolve(str(archive.home)),
                       SearchRequest(query, sort="newest"))
    seen: dict[str, dict[str | None, set[str]]] = {"outlet": {}, "year": {}, "author": {}}
    keys = set()
    with sqlite3.connect(archive.home / "archive.sqlite3") as connection:
        clusters = dict(connection.execute("SELECT article_id, cluster FROM signatures"))
        for article_id in ids:
            outlet, published, authors = connection.execute(
                "SELECT outlet, published, authors FROM articles WHERE id=?",
                (article_id,)).fetchone()
            key = clusters.get(article_id, article_id)
            keys.add(key)
            if outlet:
                seen["outlet"].setdefault(outlet, set()).add(key)
            seen["year"].setdefault(published[:4] if published else None, set()).add(key)
            for author in json.loads(authors):
                seen["author"].setdefault(author, set()).add(key)
    return len(keys), {facet: {value: len(found) for value, found in values.items()}
                       for facet, values in seen.items()}


def counted(archive: Archive, query: str) -> tuple[int, dict[str, dict[str | None, int]]]:
    from archive.paths import ArchivePaths
    from archive.search import SearchRequest, search

    result = search(ArchivePaths.resolve(str(archive.home)),
                    SearchRequest(query, facets=True, count="clusters", facet_limit=None))
    facets = {name: {item.value: item.count for item in values}
              for name, values in (result.facets or {}).items() if name != "tag"}
    return result.clusters_total or 0, facets


def assert_counts_are_right(archive: Archive) -> None:
    for query in QUERIES:
        assert counted(archive, query) == brute_force(archive, query), query


def generation(archive: Archive) -> Path:
    name = (archive.home / "whoosh" / "CURRENT").read_text(encoding="utf-8").strip()
    return archive.home / "whoosh" / name


@pytest.fixture
def grown(tmp_path: Path) -> Archive:
    # Three imports: several segments, copies split across them.
    archive = Archive(tmp_path / "home")
    files = sorted(FIXTURES.glob("*.txt"))
    for part in (files[0::3], files[1::3]):
        archive.ok("import", *map(str, part), "-q")
    return archive


def test_counts_equal_the_store_after_imports_deletes_and_reextract(grown: Archive,
                                                                    tmp_path: Path) -> None:
    from archive.store import Store

    assert_counts_are_right(grown)
    assert list(generation(grown).glob("groups-*.bin")), "the arrays were not cached"
    assert_counts_are_right(grown)  # from the cached arrays
    files = sorted(FIXTURES.glob("*.txt"))
    grown.ok("import", *map(str, files[2::3]), "-q")  # new copies join old clusters
    assert_counts_are_right(grown)
    with sqlite3.connect(grown.home / "archive.sqlite3") as connection:
        by_name = {Path(source).name: article_id for article_id, source in
                   connection.execute("SELECT id, source_path FROM articles")}
    grown.ok("delete", by_name["g01-orig.txt"], "--yes")
    assert_counts_are_right(grown)
    # A changed text: a re-import of a file rewritten as another report.
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "copy.txt").write_text((FIXTURES / "g03-orig.txt").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    grown.ok("import", str(changed), "-q")
    assert_counts_are_right(grown)
    (changed / "copy.txt").write_text(next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"),
                                      encoding="utf-8")
    grown.ok("import", str(changed), "-q")
    assert_counts_are_right(grown)
    article_id = by_name["g04-cut.txt"]
    with Store.open(grown.home / "archive.sqlite3") as store, store.transaction():
        store.connection.execute("UPDATE articles SET body=? WHERE id=?",
                                 (next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8"),
                                  article_id))
    grown.ok("reextract", "-q")
    assert_counts_are_right(grown)
    grown.ok("reindex", "--full")
    assert_counts_are_right(grown)
    # Caches of merged-away segments go with their facet caches.
    segments = {path.name[len("facets-"):-len(".json")]
                for path in generation(grown).glob("facets-*.json")}
    for path in generation(grown).glob("groups-*.bin"):
        assert path.name[len("groups-"):-len(".bin")] in segments


@pytest.mark.parametrize("damage", ["missing", "cut short", "garbage", "another stamp",
                                    "fifo", "unwritable"])
def test_damaged_or_missing_group_caches_give_the_same_counts(grown: Archive,
                                                              damage: str) -> None:
    assert_counts_are_right(grown)
    folder = generation(grown)
    for path in sorted(folder.glob("ids-*.bin")) + sorted(folder.glob("groups-*.bin")):
        if damage == "missing":
            path.unlink()
        elif damage == "cut short":
            data = path.read_bytes()
            path.write_bytes(data[:len(data) - 8])
        elif damage == "garbage":
            path.write_bytes(b"\x00\xff" * 50)
        elif damage == "another stamp" and path.name.startswith("groups-"):
            header, _, body = path.read_bytes().partition(b"\n")
            document = json.loads(header)
            document["stamp"] = "other"
            path.write_bytes(json.dumps(document).encode() + b"\n" + body[::-1])
        elif damage == "fifo":
            path.unlink()
            os.mkfifo(path)
    if damage == "unwritable":
        shutil.rmtree(folder / "nothing", ignore_errors=True)
        for path in list(folder.glob("ids-*.bin")) + list(folder.glob("groups-*.bin")):
            path.unlink()
        folder.chmod(0o555)
    try:
        assert_counts_are_right(grown)
    finally:
        folder.chmod(0o755)


def test_facet_codes_of_documents_with_several_values_equal_a_brute_force_count() -> None:
    # Authors: a document's first value in `first`, its further ones in `extra`; the
    # (value, group) pairs of the hits must be every pair a plain loop over the hits finds.
    import random
    from array import array

    import numpy as np

    from archive.index.facets import FacetTable
    from archive.index.groups import _facet_codes

    rng = random.Random(15)
    values: list[str | None] = [None] + [f"Autorin {n}" for n in range(12)]
    documents = 400
    first = array("I", [rng.randrange(len(values)) for _ in range(documents)])
    extra = {docnum: tuple(rng.sample(range(1, len(values)), rng.randint(1, 3)))
             for docnum in rng.sample(range(documents), 60)}
    table = FacetTable(values, first, extra)
    local = np.array(sorted(rng.sample(range(documents), 250)), dtype=np.int64)
    groups = np.array([rng.randrange(40) for _ in local], dtype=np.int64)
    value_ids: dict[str | None, int] = {}
    parts: list[np.ndarray] = []
    _facet_codes(table, local, groups, value_ids, parts)
    names = {number: value for value, number in value_ids.items()}
    found = sorted((names[int(code) >> 42], int(code) & ((1 << 42) - 1))
                   for code in np.concatenate(parts))
    expected = sorted((values[ordinal], int(group)) for docnum, group in zip(local, groups)
                      for ordinal in (first[docnum], *extra.get(int(docnum), ())) if ordinal)
    assert found == expected and any(int(docnum) in extra for docnum in local)

"""The signature cache beside the store (archive.research.signature_cache): its lookups equal
banding over the stored signatures, and every way the store or the files change leaves the
clusters equal to those of a run without the cache. Through the real CLI, store and index."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

from conftest import DATA, SEEDS, Archive

FIXTURES = DATA / "clusters"


def cache_dir(archive: Archive) -> Path:
    return archive.home / "archive-signatures"


def signature_rows(archive: Archive) -> list[tuple[object, ...]]:
    with sqlite3.connect(archive.home / "archive.sqlite3") as connection:
        return connection.execute("SELECT article_id, minhash, cluster, digest FROM signatures "
                                  "ORDER BY article_id").fetchall()


def assert_cache_matches_store(archive: Archive) -> None:
    """The cache on disk is valid for the store and holds exactly its live signatures."""
    from archive.research import signature_cache
    from archive.research.cluster_store import read_signatures
    from archive.research.clusters import band_keys
    from archive.store import Store

    with Store.open(archive.home / "archive.sqlite3") as store:
        cache = signature_cache._open(signature_cache.cache_folder(store),
                                      signature_cache.store_stamp(store))
        assert cache is not None, "the cache is stale after the archive's own write"
        ids, matrix, _sizes = read_signatures(store)
    live = sorted((cache.ids[row].decode(), np.asarray(cache.matrix[row]).tolist())
                  for row in range(len(cache.ids)) if row not in cache.dead)
    assert live == [(article_id, values.tolist()) for article_id, values in zip(ids, matrix)]
    # The sorted bands of the base: each band's keys in order, each pointing at its row.
    keys = band_keys(np.ascontiguousarray(cache.matrix[:cache.base]))
    for band in range(keys.shape[1]):
        assert np.array_equal(keys[np.asarray(cache.order[band]), band], cache.sorted_keys[band])
        assert np.all(np.diff(cache.sorted_keys[band].astype(np.float64)) >= 0)


def step_both_ways(archive: Archive, tmp_path: Path, step: Callable[[Archive], None]) -> None:
    """Run `step` on the archive (cache in use) and on a copy without its cache; the
    signature rows and the duplicates must come out the same."""
    uncached = Archive(tmp_path / f"uncached-{len(list(tmp_path.iterdir()))}")
    shutil.copytree(archive.home, uncached.home)
    shutil.rmtree(cache_dir(uncached), ignore_errors=True)
    step(archive)
    step(uncached)
    assert signature_rows(archive) == signature_rows(uncached)
    assert archive.ok("duplicates", "--format", "json").stdout == \
        uncached.ok("duplicates", "--format", "json").stdout


def test_cache_lookups_equal_banding_over_the_stored_signatures(tmp_path: Path) -> None:
    from archive.research import signature_cache
    from archive.research.clusters import BandIndex
    from archive.research.signatures import NUM_PERM

    rng = np.random.default_rng(7)
    # Random signatures with small values, so bands collide often, and near copies of some.
    matrix = rng.integers(0, 6, (300, NUM_PERM), dtype=np.uint32)
    ids = [f"{number:016x}" for number in range(300)]
    cache = signature_cache._in_memory(np.array(ids[:200], dtype="S16"), matrix[:200], {})
    cache.base = 200
    # Rows appended after the sort (the tail) and rows marked dead.
    cache.ids = np.array(ids, dtype="S16")
    cache.matrix = matrix
    cache.dead = {3, 150, 250}
    queries = rng.integers(0, 6, (40, NUM_PERM), dtype=np.uint32)
    expected = BandIndex(matrix).candidates_of(queries)
    for found, rows in zip(cache.candidates_of(queries), expected):
        assert found == [ids[row] for row in rows.tolist() if row not in cache.dead]
        assert found  # the small values make every query a candidate of some row
    assert cache.rows_of({ids[3], ids[4], ids[299]}).keys() == {ids[4], ids[299]}


@pytest.fixture
def cached(tmp_path: Path) -> Archive:
    archive = Archive(tmp_path / "cached" / "home")
    files = sorted(FIXTURES.glob("*.txt"))
    archive.ok("import", *map(str, files[0::2]), "-q")
    return archive


def test_small_imports_append_to_the_cache_without_reading_the_store(
        cached: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from archive.research import signature_cache

    assert_cache_matches_store(cached)
    built = []
    original = signature_cache.rebuild
    monkeypatch.setattr(signature_cache, "rebuild",
                        lambda *args: built.append(1) or original(*args))
    files = sorted(FIXTURES.glob("*.txt"))[1::2]
    for part in (files[:5], files[5:]):
        step_both_ways(cached, tmp_path, lambda a, part=part: a.ok("import", *map(str, part),
                                                                     "-q") and None)
        assert_cache_matches_store(cached)
    # The cached archive was appended to; each copy without a cache built one (once).
    assert len(built) == 2
    manifest = json.loads((cache_dir(cached) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"] > manifest["base"]


def test_a_resort_keeps_the_cache_equal_to_the_store(cached: Archive, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from archive.research import signature_cache

    monkeypatch.setattr(signature_cache, "MIN_RESORT", 1)
    monkeypatch.setattr(signature_cache, "RESORT_SHARE", 0.0)
    files = sorted(FIXTURES.glob("*.txt"))[1::2]
    step_both_ways(cached, tmp_path, lambda a: a.ok("import", *map(str, files), "-q") and None)
    manifest = json.loads((cache_dir(cached) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"] == manifest["base"] and not manifest["dead"]
    assert_cache_matches_store(cached)


def test_delete_reextract_and_a_changed_text_leave_the_uncached_answers(
        cached: Archive, tmp_path: Path) -> None:
    from archive.store import Store

    files = sorted(FIXTURES.glob("*.txt"))
    cached.ok("import", *map(str, files[1::2]), "-q")
    with sqlite3.connect(cached.home / "archive.sqlite3") as connection:
        by_name = {Path(source).name: article_id for article_id, source in
                   connection.execute("SELECT id, source_path FROM articles")}
    # `archive delete` of a clustered article, then an import (which updates the clusters).
    step_both_ways(cached, tmp_path, lambda a: a.ok("delete", by_name["g02-orig.txt"],
                                                    "--yes") and None)
    step_both_ways(cached, tmp_path, lambda a: a.ok("import", str(SEEDS / next(
        SEEDS.glob("001_*.txt")).name), "-q") and None)
    assert_cache_matches_store(cached)
    # A changed text: a re-import of a file rewritten as another report, then back.
    changed = tmp_path / "changed"
    changed.mkdir()
    copy = changed / "copy.txt"
    copy.write_text((FIXTURES / "g03-orig.txt").read_text(encoding="utf-8"), encoding="utf-8")
    step_both_ways(cached, tmp_path, lambda a: a.ok("import", str(changed), "-q") and None)
    copy.write_text(next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"), encoding="utf-8")
    step_both_ways(cached, tmp_path, lambda a: a.ok("import", str(changed), "-q") and None)
    assert_cache_matches_store(cached)
    # A stored body extraction no longer gives, then `archive reextract` restores it.
    article_id = by_name["g04-cut.txt"]
    with Store.open(cached.home / "archive.sqlite3") as store, store.transaction():
        store.connection.execute("UPDATE articles SET body=? WHERE id=?",
                                 (next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8"),
                                  article_id))
    step_both_ways(cached, tmp_path, lambda a: a.ok("reextract", "-q") and None)
    assert_cache_matches_store(cached)


@pytest.mark.parametrize("damage", ["missing folder", "missing file", "cut short",
                                    "written into", "garbage manifest", "fifo manifest",
                                    "another store"])
def test_a_damaged_or_missing_cache_is_rebuilt(cached: Archive, tmp_path: Path,
                                               damage: str) -> None:
    from archive.research import signature_cache
    from archive.store import Store

    folder = cache_dir(cached)
    if damage == "missing folder":
        shutil.rmtree(folder)
    elif damage == "missing file":
        (folder / "matrix.bin").unlink()
    elif damage == "cut short":
        with open(folder / "ids.bin", "r+b") as handle:
            handle.truncate(16)
    elif damage == "written into":  # same size: the modification time tells
        data = bytearray((folder / "matrix.bin").read_bytes())
        data[:4096] = bytes(4096)
        stat = (folder / "matrix.bin").stat()
        (folder / "matrix.bin").write_bytes(bytes(data))
        os.utime(folder / "matrix.bin", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    elif damage == "garbage manifest":
        (folder / "manifest.json").write_text("[1, 2", encoding="utf-8")
    elif damage == "fifo manifest":
        (folder / "manifest.json").unlink()
        os.mkfifo(folder / "manifest.json")
    else:  # the cache of another archive's store put in its place
        other = Archive(tmp_path / "other")
        other.ok("import", *map(str, sorted(FIXTURES.glob("*.txt"))[1::2]), "-q")
        shutil.rmtree(folder)
        shutil.copytree(cache_dir(other), folder)
    with Store.open(cached.home / "archive.sqlite3") as store:
        stamp = signature_cache.store_stamp(store)
    try:
        assert signature_cache._open(folder, stamp) is None
    except (OSError, ValueError):
        pass  # unreadable: `load` rebuilds it just the same
    if damage == "fifo manifest":
        # The step replaces the manifest; the copy without a cache must not copy a FIFO.
        step = lambda a: a.ok("import", *map(str, sorted(FIXTURES.glob("*.txt"))[1::2]),
                              "-q") and None  # noqa: E731
        uncached = Archive(tmp_path / "uncached-fifo")
        shutil.copytree(cached.home, uncached.home, ignore=shutil.ignore_patterns("*-signatures"))
        step(cached)
        step(uncached)
        assert signature_rows(cached) == signature_rows(uncached)
    else:
        step_both_ways(cached, tmp_path, lambda a: a.ok(
            "import", *map(str, sorted(FIXTURES.glob("*.txt"))[1::2]), "-q") and None)
    assert_cache_matches_store(cached)


def test_signatures_read_a_few_rows_at_a_time_equal_each_row_decoded(
        cached: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    # The store is read in chunks (bounded memory); rows of another version, damaged or empty
    # rows are left out wherever they fall in a chunk.
    from archive.research import cluster_store
    from archive.research.signatures import Signature
    from archive.store import Store

    with sqlite3.connect(cached.home / "archive.sqlite3") as connection:
        rows = connection.execute("SELECT article_id, minhash FROM signatures "
                                  "ORDER BY article_id").fetchall()
        connection.execute("UPDATE signatures SET minhash=? WHERE article_id=?",
                           (b"\x00" + rows[1][1][1:], rows[1][0]))
        connection.execute("UPDATE signatures SET minhash=? WHERE article_id=?",
                           (rows[5][1][:-1], rows[5][0]))
        connection.execute("UPDATE signatures SET minhash=x'' WHERE article_id=?", (rows[6][0],))
        rows = connection.execute("SELECT article_id, minhash FROM signatures "
                                  "ORDER BY article_id").fetchall()
    decoded = [(article_id, Signature.from_blob(blob)) for article_id, blob in rows]
    expected = [(article_id, sig) for article_id, sig in decoded if sig is not None]
    assert 3 < len(expected) < len(rows) - 2
    monkeypatch.setattr(cluster_store, "_READ_ROWS", 3)
    with Store.open(cached.home / "archive.sqlite3") as store:
        ids, matrix, sizes = cluster_store.read_signatures(store)
    assert ids == [article_id for article_id, _sig in expected]
    assert matrix.dtype == np.uint32
    assert matrix.tolist() == [sig.values.tolist() for _id, sig in expected]
    assert sizes.tolist() == [sig.size for _id, sig in expected]


def test_a_streamed_resort_equals_sorting_in_memory(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A resort through the files, a few rows at a time (chunks that do not divide the rows),
    with dead rows and a tail, writes the same arrays as sorting the live rows in memory, and
    lookups through the maps (whose pages are dropped band by band) equal banding."""
    from archive.research import signature_cache
    from archive.research.clusters import BandIndex
    from archive.research.signatures import NUM_PERM

    monkeypatch.setattr(signature_cache, "_CHUNK_ROWS", 7)
    rng = np.random.default_rng(11)
    matrix = rng.integers(0, 5, (120, NUM_PERM), dtype=np.uint32)
    ids = np.array([f"{number:016x}" for number in range(120)], dtype="S16")
    folder = tmp_path / "signatures"
    stamp = {"store": "test", "generation": 1}
    cache = signature_cache._stream_sorted(folder, stamp, [(ids[:50], matrix[:50]),
                                                           (ids[50:90], matrix[50:90])])
    assert isinstance(cache.matrix, np.memmap) and cache.base == 90

    class Stamped:  # the store's stamp after the write, as `apply` asks for it
        pass

    monkeypatch.setattr(signature_cache, "store_stamp", lambda store: stamp)
    monkeypatch.setattr(signature_cache, "MIN_RESORT", 1)
    monkeypatch.setattr(signature_cache, "RESORT_SHARE", 0.0)
    removed = {ids[row].decode() for row in (0, 6, 7, 55, 89)}
    added = [(ids[row].decode(), matrix[row]) for row in range(90, 120)]
    cache.apply(Stamped(), removed, added)  # type: ignore[arg-type]

    live = [row for row in range(120) if row not in (0, 6, 7, 55, 89)]
    expected = signature_cache._in_memory(ids[live], matrix[live], stamp)
    reopened = signature_cache._open(folder, stamp)
    assert reopened is not None and reopened.base == len(live) and not reopened.dead
    assert np.array_equal(np.asarray(reopened.ids), expected.ids)
    assert np.array_equal(np.asarray(reopened.matrix), expected.matrix)
    assert np.array_equal(np.asarray(reopened.sorted_keys), expected.sorted_keys)
    assert np.array_equal(np.asarray(reopened.order), expected.order)
    queries = rng.integers(0, 5, (25, NUM_PERM), dtype=np.uint32)
    banded = BandIndex(matrix[live]).candidates_of(queries)
    for found, rows in zip(reopened.candidates_of(queries), banded):
        assert found == [ids[live][row].decode() for row in rows.tolist()]
        assert found


def test_a_rebuild_streams_the_store_in_chunks(cached: Archive,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The rebuild from the store writes the cache a chunk of rows at a time: with chunks of
    two rows it still equals the store."""
    from archive.research import cluster_store, signature_cache
    from archive.store import Store

    monkeypatch.setattr(cluster_store, "_READ_ROWS", 2)
    monkeypatch.setattr(signature_cache, "_CHUNK_ROWS", 3)
    shutil.rmtree(cache_dir(cached))
    with Store.open(cached.home / "archive.sqlite3") as store:
        cache = signature_cache.rebuild(store)
    assert cache.folder is not None and cache.base == len(cache.ids) > 3
    assert_cache_matches_store(cached)

"""No unpickling of files the archive did not write: the facet caches are data, and Whoosh's
table of contents (a pickle) is opened only when signed with the user's index key."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

from conftest import SEED_FILES, SEEDS, Archive


class _RunsCode:
    """Unpickled, it creates the file `marker` (what a hostile pickle could do)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (str(self.marker), "w"))


def generation_of(archive: Archive) -> Path:
    root = archive.home / "whoosh"
    return root / (root / "CURRENT").read_text(encoding="ascii").strip()


def one_line(result) -> str:  # type: ignore[no-untyped-def]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def still_works(archive: Archive, total: int = 5) -> None:
    """`reindex` rebuilds from the store; then search and check answer."""
    archive.ok("reindex")
    assert archive.search_json("*", "--limit", "0")["total"] == total
    archive.ok("check", "--no-sources")


def test_a_hostile_facet_cache_is_never_loaded(seeded: Archive, tmp_path: Path) -> None:
    before = seeded.search_json("Musk", "--facets")["facets"]
    marker = tmp_path / "ran"
    generation = generation_of(seeded)
    (segment,) = [path.stem for path in generation.glob("*.seg")]
    for name in (f"facets-{segment}.pickle", f"facets-{segment}.npy"):
        (generation / name).write_bytes(pickle.dumps(_RunsCode(marker)))
    # And a well-formed cache whose numbers do not fit the segment: ignored too.
    (generation / f"facets-{segment}.json").write_text(json.dumps(
        {"version": 4, "tables": {"outlet": {"values": ["", "X"], "first": "AAAAAA==",
                                             "extra": []}}}), encoding="ascii")
    assert seeded.search_json("Musk", "--facets")["facets"] == before
    assert not marker.exists()


def test_facet_caches_are_json(seeded: Archive) -> None:
    caches = [path.name for path in generation_of(seeded).glob("facets-*")]
    assert caches and all(name.endswith(".json") for name in caches)


def hostile_toc(generation: Path, marker: Path) -> None:
    """A newer table of contents whose schema is a pickle that runs code."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import _CURRENT_TOC_VERSION
    from whoosh.system import _FLOAT_SIZE, _INT_SIZE, _LONG_SIZE

    number = max(int(path.stem.split("_")[-1]) for path in generation.glob("_MAIN_*.toc")) + 1
    stream = FileStorage(str(generation)).create_file(f"_MAIN_{number}.toc")
    for size in (_INT_SIZE, _LONG_SIZE, _FLOAT_SIZE):
        stream.write_varint(size)
    stream.write_int(-12345)
    stream.write_int(_CURRENT_TOC_VERSION)
    for part in (2, 7, 4):
        stream.write_varint(part)
    stream.write_string(pickle.dumps(_RunsCode(marker)))
    stream.write_int(number)
    stream.write_int(0)
    stream.write_pickle([])
    stream.close()


@pytest.mark.parametrize("command", [("search", "Taiwan"), ("search", "Musk", "--facets"),
                                     ("export", "Taiwan"), ("stats",), ("check", "--no-sources")])
def test_a_table_of_contents_that_runs_code_is_not_opened(seeded: Archive, tmp_path: Path,
                                                          command: tuple[str, ...]) -> None:
    marker = tmp_path / "ran"
    hostile_toc(generation_of(seeded), marker)
    result = seeded.run(*command)
    assert not marker.exists()
    assert "internal error" not in result.output
    if command[0] in ("search", "export"):
        assert result.exit_code == 4
        line = one_line(result)
        assert "not signed" in line and "archive check --repair" in line
    still_works(seeded)
    assert not marker.exists()


def test_a_generation_from_another_users_archive(seeded: Archive, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Another user (another key) built an index; copied into this home with the state
    rewritten to name this store, it is still refused."""
    other = Archive(tmp_path / "other")
    ours_key = os.environ["ARCHIVE_KEY_FILE"]  # the key the seeded archive was signed with
    monkeypatch.setenv("ARCHIVE_KEY_FILE", str(tmp_path / "their-key"))
    other.ok("import", str(SEED_FILES["000"]), str(SEED_FILES["001"]))
    monkeypatch.setenv("ARCHIVE_KEY_FILE", ours_key)
    ours, theirs = generation_of(seeded), generation_of(other)
    store_id = json.loads((ours / "state.json").read_text(encoding="utf-8"))["store_id"]
    shutil.rmtree(ours)
    shutil.copytree(theirs, ours)
    state = json.loads((ours / "state.json").read_text(encoding="utf-8"))
    (ours / "state.json").write_text(json.dumps({**state, "store_id": store_id, "seq": 99}),
                                     encoding="utf-8")
    result = seeded.run("search", "Taiwan")
    assert result.exit_code == 4 and "not signed" in one_line(result)
    still_works(seeded)


def test_a_whole_home_made_with_another_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--home THAT` where someone else made THAT: the index is not opened; `reindex`
    rebuilds it from the store with this user's key."""
    home = Archive(tmp_path / "theirs")
    monkeypatch.setenv("ARCHIVE_KEY_FILE", str(tmp_path / "their-key"))
    home.ok("import", str(SEEDS))
    monkeypatch.setenv("ARCHIVE_KEY_FILE", str(tmp_path / "my-key"))
    result = home.run("search", "Taiwan")
    assert result.exit_code == 4 and "not signed" in one_line(result)
    assert not (tmp_path / "my-key").exists()  # a reader writes nothing, not even a key
    still_works(home)
    assert home.hit_sources("Taiwan") == ["004"]


def test_an_index_from_before_signatures_is_rebuilt_by_a_writer(seeded: Archive,
                                                                tmp_path: Path) -> None:
    (generation_of(seeded) / "signatures.json").unlink()
    result = seeded.run("search", "Taiwan")
    assert result.exit_code == 4 and "older version" in one_line(result)
    extra = tmp_path / "extra.txt"
    extra.write_text(SEED_FILES["004"].read_text(encoding="utf-8").replace(
        "Spricht Elon Musk", "Telefoniert Elon Musk"), encoding="utf-8")
    imported = seeded.run("import", str(extra))
    assert imported.exit_code == 0, imported.output
    assert seeded.search_json("*", "--limit", "0")["total"] == 6


def test_the_key_is_private_and_outside_the_home(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "config" / "index-key"
    monkeypatch.setenv("ARCHIVE_KEY_FILE", str(key))
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(SEED_FILES["000"]))
    assert key.stat().st_mode & 0o077 == 0
    secret = key.read_text(encoding="ascii").strip()
    assert not any(secret.encode() in path.read_bytes()
                   for path in archive.home.rglob("*") if path.is_file())

"""User mistakes give one line naming the thing and the reason, and a documented exit status."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.locking import write_lock
from archive.paths import ArchivePaths
from conftest import SEED_FILES, SEEDS, Archive


def one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_search_without_an_archive(empty: Archive) -> None:
    result = empty.run("search", "Musk")
    assert result.exit_code == 3
    line = one_error_line(result)
    assert str(empty.home) in line and "archive import" in line
    assert not empty.home.exists()  # a search never creates an archive


@pytest.mark.parametrize("command", [("show", "abc123"), ("stats",), ("export",),
                                     ("reindex",), ("edit", "abcd", "--outlet", "X")])
def test_other_commands_without_an_archive(empty: Archive, command: tuple[str, ...]) -> None:
    result = empty.run(*command)
    assert result.exit_code == 3, result.output
    assert "no archive at" in one_error_line(result)


def test_import_of_a_missing_path_fails_that_path_only(empty: Archive, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    result = empty.run("import", str(missing), str(SEED_FILES["000"]))
    assert result.exit_code == 1
    assert one_error_line(result) == f"failed: {missing}: no such file or folder"
    assert result.stdout.strip() == "1 added, 0 updated, 0 unchanged, 1 failed"


def test_bad_files_in_a_batch(empty: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "good.txt").write_text(SEED_FILES["004"].read_text(encoding="utf-8"),
                                     encoding="utf-8")
    (folder / "bad.meta.json").write_text("{not json", encoding="utf-8")
    (folder / "bad.txt").write_text(SEED_FILES["002"].read_text(encoding="utf-8"),
                                    encoding="utf-8")
    result = empty.run("import", str(folder))
    assert result.exit_code == 1
    failures = result.stderr.strip().splitlines()
    assert len(failures) == 3, result.stderr
    assert all(line.startswith("failed: ") for line in failures)
    assert any("bad.meta.json" in line and "not valid JSON" in line for line in failures)
    assert any("empty.txt" in line for line in failures)
    assert any("image.txt" in line for line in failures)
    assert result.stdout.strip() == "1 added, 0 updated, 0 unchanged, 3 failed"
    assert empty.hit_sources("Taiwan") == ["goo"]


def test_impossible_date_in_a_sidecar(empty: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "dates"
    folder.mkdir()
    for name, date in (("a", "2021-02-30"), ("b", "3021-01-01")):
        (folder / f"{name}.txt").write_text(SEED_FILES["003"].read_text(encoding="utf-8") + name,
                                            encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(f'{{"published": "{date}"}}', encoding="utf-8")
    result = empty.run("import", str(folder))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert "impossible date" in lines[0] and "a.meta.json" in lines[0]
    assert "in the future" in lines[1] and "b.meta.json" in lines[1]


def test_unknown_sidecar_field(empty: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "fields"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED_FILES["003"].read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "a.meta.json").write_text('{"autor": "X"}', encoding="utf-8")
    result = empty.run("import", str(folder))
    assert "unknown field 'autor'" in one_error_line(result)


@pytest.mark.parametrize("query, reason", [
    ('"Elon Musk', "quote is never closed"),
    ("(Putin OR Musk", "'(' is never closed"),
    ("Putin)", "no matching '('"),
    ("Musk AND", "AND needs a term"),
    ("auther:Kleiser", "unknown field 'auther:'"),
    ("date:2021-02..2021-13", "impossible date"),
    ("year:2024..2021", "ends before it starts"),
    ("der die das", "only stop words"),
    ("x" * 10_000, "the limit is 2000"),
])
def test_bad_queries(seeded: Archive, query: str, reason: str) -> None:
    result = seeded.run("search", query)
    assert result.exit_code == 2
    line = one_error_line(result)
    assert line.startswith("archive: bad query") and reason in line
    assert len(line) < 300


def test_a_bad_query_says_where(seeded: Archive) -> None:
    line = one_error_line(seeded.run("search", "Musk (Putin"))
    assert "at position 6" in line


@pytest.mark.parametrize("options, reason", [
    (("--year", "21"), "--year: '21' is not a year"),
    (("--since", "2021-02-30"), "impossible date"),
    (("--since", "2024", "--until", "2021"), "is after --until"),
])
def test_bad_filter_options(seeded: Archive, options: tuple[str, ...], reason: str) -> None:
    result = seeded.run("search", "Musk", *options)
    assert result.exit_code == 2
    assert reason in one_error_line(result)


def test_unknown_id(seeded: Archive) -> None:
    result = seeded.run("show", "ffffffffffff")
    assert result.exit_code == 3
    assert one_error_line(result) == "archive: no article with id 'ffffffffffff'"


def test_busy_archive(seeded: Archive) -> None:
    with write_lock(ArchivePaths(seeded.home).lock_file):
        result = seeded.run("import", str(SEEDS), "--wait", "0.2")
        assert result.exit_code == 75
        assert "archive is busy" in one_error_line(result)
        # Readers are never blocked by a writer.
        assert seeded.run("search", "Musk").exit_code == 0


def test_outdated_index_names_the_fix(seeded: Archive) -> None:
    generation = next(path for path in (seeded.home / "whoosh").iterdir() if path.is_dir())
    state = generation / "state.json"
    state.write_text(state.read_text().replace('"schema_version": "', '"schema_version": "0'))
    result = seeded.run("search", "Musk")
    assert result.exit_code == 4
    assert "run 'archive reindex --full'" in one_error_line(result)
    seeded.ok("reindex", "--full")
    assert seeded.run("search", "Musk").exit_code == 0


def test_missing_index_names_the_fix_and_reindex_rebuilds_it(seeded: Archive) -> None:
    import shutil

    shutil.rmtree(seeded.home / "whoosh")
    result = seeded.run("search", "Taiwan")  # a search never writes: it names the fix
    assert result.exit_code == 4 and "run 'archive reindex'" in one_error_line(result)
    seeded.ok("reindex")
    assert seeded.hit_sources("Taiwan") == ["004"]


def test_edit_needs_something_to_change(seeded: Archive) -> None:
    hit = seeded.search_json("Taiwan")["hits"][0]
    result = seeded.run("edit", hit["id"])
    assert result.exit_code == 2 and "nothing to change" in one_error_line(result)
    result = seeded.run("edit", hit["id"], "--date", "2024-13")
    assert result.exit_code == 1 and "impossible date" in one_error_line(result)

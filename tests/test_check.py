"""`archive check` finds every kind of store/index disagreement and `--repair` fixes it."""

from __future__ import annotations

import json
from pathlib import Path

from archive.index.writer import live_generation, open_index
from archive.paths import ArchivePaths
from archive.store import Store
from conftest import SEEDS, Archive


def check_json(archive: Archive, *args: str) -> tuple[int, dict]:
    result = archive.run("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def test_a_fresh_archive_is_consistent(seeded: Archive) -> None:
    code, report = check_json(seeded)
    assert code == 0 and report["index_consistent"]
    assert report["articles"] == report["indexed"] == 5
    assert report["changed_sources"] == [] and report["missing_sources"] == []


def test_store_write_without_indexing_is_found_and_repaired(seeded: Archive) -> None:
    paths = ArchivePaths(seeded.home)
    with Store.open(paths.store_file) as store:
        article = next(store.iter_articles())
        with store.transaction():  # what a crash right after the store commit leaves behind
            store.put(article.with_values(title="Geänderter Titel"), store.extracted(article.id))
    code, report = check_json(seeded, "--no-sources")
    assert code == 1 and report["outdated_in_index"] == [article.id]
    code, report = check_json(seeded, "--repair", "--no-sources")
    assert code == 0 and report["repaired"] == 1 and report["index_consistent"]
    assert seeded.search_json("title:Geänderter")["hits"][0]["id"] == article.id


def test_index_documents_missing_or_foreign_are_found_and_repaired(seeded: Archive) -> None:
    generation = live_generation(ArchivePaths(seeded.home))
    index = open_index(generation)  # the archive's own writer: it signs what it commits
    victim = seeded.search_json("Taiwan")["hits"][0]["id"]
    writer = index.writer()
    writer.delete_by_term("id", victim)
    writer.add_document(id="ghost00000000000", rev="x", title="Geist", body="Geist")
    writer.commit()
    code, report = check_json(seeded, "--no-sources")
    assert code == 1
    assert report["missing_from_index"] == [victim]
    assert report["not_in_store"] == ["ghost00000000000"]
    code, report = check_json(seeded, "--repair", "--no-sources")
    assert code == 0 and report["index_consistent"]
    assert seeded.hit_sources("Geist") == [] and seeded.hit_sources("Taiwan") == ["004"]


def test_changed_and_missing_source_files_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    files = sorted(SEEDS.glob("00[12]_*.txt"))
    for path in files:
        (folder / path.name).write_bytes(path.read_bytes())
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(folder))
    changed, removed = folder / files[0].name, folder / files[1].name
    changed.write_text(changed.read_text(encoding="utf-8") + " Nachtrag.", encoding="utf-8")
    removed.unlink()
    code, report = check_json(archive)
    assert code == 0  # the index still matches the store: sources are reported, not fatal
    assert report["changed_sources"] == [str(changed.resolve())]
    assert report["missing_sources"] == [str(removed.resolve())]
    text = archive.run("check").stdout
    assert "source files changed since import: 1" in text


def test_an_outdated_index_is_rebuilt_by_repair(seeded: Archive) -> None:
    generation = live_generation(ArchivePaths(seeded.home))
    state = generation / "state.json"
    state.write_text(state.read_text().replace('"schema_version": "', '"schema_version": "0'))
    code, report = check_json(seeded, "--no-sources")
    assert code == 1 and "reindex --full" in report["index_problem"]
    code, report = check_json(seeded, "--repair", "--no-sources")
    assert code == 0 and report["repaired"] == 5

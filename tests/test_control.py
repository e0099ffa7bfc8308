"""`archive delete`, `archive prune` and `archive edit --reset`: against the store read with
plain sqlite3 (the truth), through the real CLI, on real archives on disk; a crash between the
store's commit and the index is a real process killed by SIGKILL."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from archive.paths import ArchivePaths
from conftest import Archive

TOPICS = ("Stromnetz", "Bahnstreik", "Wohnungsbau")
OUTLETS = ("DER SPIEGEL", "ZDF", "Süddeutsche Zeitung")


def write_corpus(folder: Path, count: int = 12) -> None:
    """Articles with a known topic word, outlet and year each (a sidecar gives the last two)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        topic = TOPICS[number % 3]
        stem = f"meldung-{number:02d}"
        (folder / f"{stem}.txt").write_text(
            f"Meldung {number} über {topic} im Land\n\n"
            f"Die Regierung legte am Dienstag Zahlen zu {topic} vor. Der Bericht {number} "
            f"umfasst mehrere Kapitel und Tabellen.\n\nFachleute bewerten die Lage "
            f"unterschiedlich; der Landtag berät in der kommenden Woche.\n", encoding="utf-8")
        (folder / f"{stem}.meta.json").write_text(json.dumps(
            {"outlet": OUTLETS[number % 2 if number < 6 else 2],
             "published": f"{2020 + number % 4}-03-0{1 + number % 5}"}), encoding="utf-8")


@pytest.fixture(scope="module")
def corpus_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("control")
    write_corpus(root / "files")
    Archive(root / "home").ok("import", str(root / "files"))
    return root


@pytest.fixture
def corpus(corpus_template: Path, tmp_path: Path) -> tuple[Archive, Path]:
    """A fresh copy of the archive, and its source folder (the paths the store records are
    the template's, so the copy's files are re-imported to point the store at them)."""
    root = tmp_path / "control"
    shutil.copytree(corpus_template / "files", root / "files")
    archive = Archive(root / "home")
    archive.ok("import", str(root / "files"))
    return archive, root / "files"


def rows(home: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(ArchivePaths(home).store_file) as connection:
        return connection.execute(sql, args).fetchall()


def stored(home: Path) -> dict[str, dict[str, object]]:
    """id -> {outlet, year, body} straight from the articles table."""
    return {article_id: {"outlet": outlet, "year": published[:4] if published else None,
                         "text": f"{title}\n{body}"}
            for article_id, outlet, published, title, body in rows(
                home, "SELECT id, outlet, published, title, body FROM articles")}


def search_ids(archive: Archive, *args: str) -> set[str]:
    document = archive.search_json(*args, "--all-words", "--limit", "10000")
    return {hit["id"] for hit in document["hits"]}


def assert_index_matches_store(archive: Archive) -> None:
    """Totals and facets of a search over everything equal the counts over the store rows."""
    truth = stored(archive.home)
    document = archive.search_json("--facets", "--facet-limit", "all",
                                   "--limit", "10000")
    assert document["total"] == len(truth)
    assert {hit["id"] for hit in document["hits"]} == set(truth)
    for facet, column in (("outlet", "outlet"), ("year", "year")):
        counted = {item["value"]: item["count"] for item in document["facets"][facet]
                   if item["value"] is not None}  # facets may leave out the unknown value
        assert counted == dict(Counter(row[column] for row in truth.values()
                                       if row[column] is not None)), facet
    for topic in TOPICS:
        assert search_ids(archive, topic) == {article_id for article_id, row in truth.items()
                                              if topic in str(row["text"])}


def test_delete_by_id_dry_run_then_yes(corpus: tuple[Archive, Path]) -> None:
    archive, _ = corpus
    before = stored(archive.home)
    victim = sorted(before)[3]
    dry = archive.ok("delete", victim[:8])
    assert victim in dry.stdout and "would be deleted" in dry.stdout
    assert stored(archive.home) == before  # a dry run changes nothing
    # Rows of every kind that name the article (the import already wrote its signature row).
    with sqlite3.connect(ArchivePaths(archive.home).store_file) as connection:
        connection.execute("INSERT INTO tags VALUES (?, 'wichtig', '2026-01-01')", (victim,))
        connection.execute("INSERT INTO notes (article_id, text, set_at) VALUES (?, 'n', 'x')",
                           (victim,))
        connection.execute("INSERT OR REPLACE INTO signatures (article_id, minhash, cluster) "
                           "VALUES (?, x'00', 'c1')", (victim,))
    archive.ok("edit", victim, "--outlet", "Eigene Quelle")
    done = archive.ok("delete", victim, "--yes")
    assert "deleted 1 article" in done.stdout
    assert victim not in stored(archive.home)
    for table, column in (("articles", "id"), ("overrides", "article_id"),
                          ("sources", "article_id"), ("tags", "article_id"),
                          ("notes", "article_id"), ("signatures", "article_id")):
        assert rows(archive.home, f"SELECT count(*) FROM {table} WHERE {column}=?",
                    victim) == [(0,)], table
    assert_index_matches_store(archive)
    assert archive.run("show", victim).exit_code == 3
    check = archive.ok("check", "--format", "json")
    report = json.loads(check.stdout)
    assert report["index_consistent"] and not report["orphan_sources"]


def test_delete_by_query_takes_the_search_filters(corpus: tuple[Archive, Path]) -> None:
    archive, _ = corpus
    chosen = search_ids(archive, "Stromnetz", "--outlet", "ZDF")
    truth = {article_id for article_id, row in stored(archive.home).items()
             if "Stromnetz" in str(row["text"]) and row["outlet"] == "ZDF"}
    assert chosen == truth and chosen
    dry = archive.ok("delete", "Stromnetz", "--outlet", "ZDF")
    assert all(article_id in dry.stdout for article_id in chosen)
    others = set(stored(archive.home)) - chosen
    archive.ok("delete", "Stromnetz", "--outlet", "ZDF", "--yes")
    assert set(stored(archive.home)) == others
    assert_index_matches_store(archive)


def test_ids_do_not_take_filters_and_nothing_is_refused(corpus: tuple[Archive, Path]) -> None:
    archive, _ = corpus
    some_id = sorted(stored(archive.home))[0]
    result = archive.run("delete", some_id, "--outlet", "ZDF", "--yes")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    result = archive.run("delete", "--yes")
    assert result.exit_code == 2 and "give article ids or a query" in result.stderr
    assert len(stored(archive.home)) == 12


def test_deleting_the_latest_write_keeps_later_imports_searchable(
        corpus: tuple[Archive, Path], tmp_path: Path) -> None:
    archive, _ = corpus
    latest = rows(archive.home, "SELECT id FROM articles ORDER BY seq DESC LIMIT 1")[0][0]
    archive.ok("delete", latest, "--yes")
    extra = tmp_path / "neu"
    extra.mkdir()
    (extra / "neu.txt").write_text("Eine Meldung über Windkraftanlagen\n\nDer Ausbau der "
                                   "Windkraftanlagen geht voran, sagt das Ministerium.\n",
                                   encoding="utf-8")
    archive.ok("import", str(extra))
    assert len(search_ids(archive, "Windkraftanlagen")) == 1
    assert_index_matches_store(archive)


def test_deleted_sources_are_removed_shared_ones_kept(corpus: tuple[Archive, Path]) -> None:
    archive, files = corpus
    blobs = ArchivePaths(archive.home).home / "sources"
    victim, sha256 = rows(archive.home, "SELECT id, source_sha256 FROM articles LIMIT 1")[0]
    assert (blobs / sha256[:2] / f"{sha256}.gz").is_file()
    archive.ok("delete", victim, "--yes")
    assert not (blobs / sha256[:2] / f"{sha256}.gz").exists()
    for (remaining,) in rows(archive.home, "SELECT source_sha256 FROM articles"):
        assert (blobs / remaining[:2] / f"{remaining}.gz").is_file()


def test_a_crash_between_store_and_index_is_brought_back(corpus: tuple[Archive, Path]) -> None:
    archive, _ = corpus
    victim = sorted(stored(archive.home))[5]
    environment = dict(os.environ, ARCHIVE_FAULT="delete-commit:1")
    process = subprocess.run([sys.executable, "-m", "archive", "--home", str(archive.home),
                              "delete", victim, "--yes"], env=environment,
                             capture_output=True, text=True)
    assert process.returncode == -9  # killed after the store's commit, before the index
    assert victim not in stored(archive.home)
    # Never shown as a hit, and `check` sees the index hold an article the store has not.
    assert victim not in search_ids(archive, "Regierung")
    report = json.loads(archive.run("check", "--format", "json").stdout)
    assert report["not_in_store"] == [victim]
    archive.ok("reindex")
    assert json.loads(archive.ok("check", "--format", "json").stdout)["index_consistent"]
    assert_index_matches_store(archive)


def test_prune_deletes_only_articles_whose_every_source_is_gone(
        corpus: tuple[Archive, Path]) -> None:
    archive, files = corpus
    # meldung-01 is imported from a second path too: losing one of the two keeps it.
    shutil.copy(files / "meldung-01.txt", files.parent / "kopie.txt")
    archive.ok("import", str(files.parent / "kopie.txt"))
    (files / "meldung-00.txt").unlink()
    (files / "meldung-01.txt").unlink()
    by_path = {Path(path).name: article_id for path, article_id in
               rows(archive.home, "SELECT path, article_id FROM sources")}
    gone, kept = by_path["meldung-00.txt"], by_path["meldung-01.txt"]
    dry = archive.ok("prune")
    assert gone in dry.stdout and kept not in dry.stdout and "would be deleted" in dry.stdout
    assert gone in stored(archive.home)
    done = archive.ok("prune", "--yes")
    assert "deleted 1 article" in done.stdout
    assert gone not in stored(archive.home) and kept in stored(archive.home)
    assert "no article has lost" in archive.ok("prune").stdout
    assert_index_matches_store(archive)


def test_edit_empty_title_is_refused_and_reset_restores_extraction(
        corpus: tuple[Archive, Path]) -> None:
    archive, files = corpus
    article_id = sorted(stored(archive.home))[0]
    before = rows(archive.home, "SELECT seq, title FROM articles WHERE id=?", article_id)
    for option in ("--title", "--outlet", "--author", "--url", "--date"):
        result = archive.run("edit", article_id, option, "")
        assert result.exit_code == 2, option
        assert len(result.stderr.strip().splitlines()) == 1 and "--reset" in result.stderr
    assert rows(archive.home, "SELECT seq, title FROM articles WHERE id=?", article_id) == before
    extracted_title = before[0][1]
    archive.ok("edit", article_id, "--title", "Ganz neuer Titel zu Geothermie")
    assert search_ids(archive, "Geothermie") == {article_id}
    result = archive.ok("edit", article_id, "--reset", "title")
    assert "reset title" in result.stdout
    record = json.loads(archive.ok("show", article_id, "--format", "json").stdout)
    assert record["title"] == extracted_title == record["extracted"]["title"]
    assert "title" not in record["overrides"]
    assert record["origins"]["title"] == record["extracted"]["origins"]["title"]
    assert search_ids(archive, "Geothermie") == set()
    # The override is gone for good: a re-import does not bring the edited title back.
    os.utime(files / "meldung-00.txt")
    archive.ok("reextract")
    assert rows(archive.home, "SELECT title FROM articles WHERE id=?",
                article_id) == [(extracted_title,)]
    assert archive.run("edit", article_id, "--reset", "body").exit_code == 2
    assert archive.run("edit", article_id, "--reset", "title", "--title", "X").exit_code == 2


def test_a_dry_run_needs_no_lock_and_a_deletion_waits_for_the_writer(
        corpus: tuple[Archive, Path]) -> None:
    from archive.locking import try_write_lock

    archive, _ = corpus
    victim = sorted(stored(archive.home))[0]
    with try_write_lock(ArchivePaths(archive.home).lock_file) as held:
        assert held
        assert "would be deleted" in archive.ok("delete", victim).stdout
        busy = archive.run("delete", victim, "--yes", "--wait", "0")
        assert busy.exit_code == 75 and "busy" in busy.stderr
        assert archive.run("prune", "--yes", "--wait", "0").exit_code == 75
    assert victim in stored(archive.home)

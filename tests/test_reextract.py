"""`archive reextract [QUERY]`: the current extraction runs again on the kept bytes of stored
articles, hand-given values win as at import, and the report names what changed.

An extraction upgrade is simulated honestly: the stored body is set to a wrong value through
the store API (as an older rule would have left it); the truth it must come back to is what a
fresh import of the same file into another archive stores.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from archive.locking import try_write_lock
from archive.paths import ArchivePaths
from archive.store import Store
from conftest import SEED_FILES, SEEDS, Archive, write_article

PUTIN = "4f06"  # seed 004, "Spricht Elon Musk regelmäßig mit Wladimir Putin?"


@pytest.fixture
def copied(tmp_path: Path) -> tuple[Archive, Path]:
    """An archive of copies of the seeds (sidecars included), free to delete afterwards."""
    folder = tmp_path / "copies"
    shutil.copytree(SEEDS, folder)
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(folder))
    return archive, folder


def show(archive: Archive, article_id: str) -> dict:
    return json.loads(archive.ok("show", article_id, "--format", "json").stdout)


def set_stored(archive: Archive, article_id: str, **values: object) -> str:
    """Write values into the stored article as an older extraction would have; its full id."""
    with Store.open(ArchivePaths(archive.home).store_file) as store:
        article = store.resolve(article_id)
        with store.transaction():
            store.put(article.with_values(**values), store.extracted(article.id))
        return article.id


def test_nothing_changes_when_extraction_did_not(copied: tuple[Archive, Path]) -> None:
    archive, folder = copied
    before = archive.ok("export").stdout
    shutil.rmtree(folder)  # the kept bytes are enough
    result = archive.ok("reextract")
    assert result.stdout.strip() == "5 articles re-extracted: 0 changed, 5 unchanged, 0 failed"
    assert archive.ok("export").stdout == before


def test_a_wrong_body_is_restored_and_reported(copied: tuple[Archive, Path],
                                               tmp_path: Path) -> None:
    archive, folder = copied
    truth = Archive(tmp_path / "truth")
    truth.ok("import", str(SEED_FILES["004"]))
    expected = show(truth, PUTIN)["body"]
    article_id = set_stored(archive, PUTIN, body="Ein falscher Text über Schiffbau.")
    shutil.rmtree(folder)
    result = archive.ok("reextract")
    assert result.stdout.strip() == \
        "5 articles re-extracted: 1 changed (body 1), 4 unchanged, 0 failed"
    assert show(archive, PUTIN)["body"] == expected
    # The index caught up: the old words are gone, the restored ones are found.
    assert archive.search_json("Schiffbau")["total"] == 0
    assert article_id in [hit["id"] for hit in archive.search_json("Starlink")["hits"]]
    assert archive.ok("reextract").stdout.strip().endswith("0 changed, 5 unchanged, 0 failed")


def test_json_lists_the_changed_fields_old_and_new(copied: tuple[Archive, Path]) -> None:
    archive, _ = copied
    article_id = set_stored(archive, PUTIN, body="Ein falscher Text.", authors=("Max Muster",))
    report = json.loads(archive.ok("reextract", "--format", "json").stdout)
    assert (report["articles"], report["changed"], report["unchanged"], report["failed"]) == \
        (5, 1, 4, 0)
    assert report["fields"] == {"authors": 1, "body": 1}
    [change] = report["changes"]
    assert change["id"] == article_id
    assert set(change["fields"]) == {"authors", "body"}
    assert change["fields"]["authors"] == {"old": "Max Muster", "new": "Anna Kleiser"}
    assert change["fields"]["body"]["old"] == "Ein falscher Text."
    new_body = change["fields"]["body"]["new"]
    assert len(new_body) <= 80 and new_body.endswith("…")  # shortened


def test_dry_run_shows_and_stores_nothing(copied: tuple[Archive, Path]) -> None:
    archive, _ = copied
    set_stored(archive, PUTIN, body="Ein falscher Text über Schiffbau.")
    before = archive.ok("export").stdout
    result = archive.ok("reextract", "--dry-run")
    assert "1 changed (body 1)" in result.stdout
    assert "dry run" in result.stdout
    assert archive.ok("export").stdout == before


def test_hand_given_values_win_and_survive(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    text = SEED_FILES["004"].read_text(encoding="utf-8")
    path = write_article(folder, "musk.txt", text, title="Musk und Putin: ein Bericht",
                         published="2024-10-25")
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(path))
    archive.ok("edit", PUTIN, "--outlet", "Der Tagesspiegel", "--author", "Erika Musterfrau")
    set_stored(archive, PUTIN, body="Ein falscher Text.")
    shutil.rmtree(folder)  # file and sidecar gone
    assert "1 changed (body 1)" in archive.ok("reextract").stdout
    record = show(archive, PUTIN)
    assert record["title"] == "Musk und Putin: ein Bericht"
    assert record["published"] == "2024-10-25"
    assert record["outlet"] == "Der Tagesspiegel"
    assert record["authors"] == ["Erika Musterfrau"]
    assert record["origins"]["title"] == "sidecar"
    assert record["origins"]["outlet"] == "edit"
    assert "Starlink" in record["body"]


def test_a_query_selects_the_articles(copied: tuple[Archive, Path]) -> None:
    archive, _ = copied
    result = archive.ok("reextract", "Starlink", "Taiwan")
    assert result.stdout.strip() == "1 article re-extracted: 0 changed, 1 unchanged, 0 failed"
    result = archive.ok("reextract", "--year", "2021")
    assert result.stdout.startswith("3 articles re-extracted")


def test_without_kept_bytes_the_original_file_is_read(copied: tuple[Archive, Path]) -> None:
    archive, folder = copied
    shutil.rmtree(archive.home / "sources")  # an archive from before sources were kept
    set_stored(archive, PUTIN, body="Ein falscher Text.")
    assert "1 changed (body 1)" in archive.ok("reextract").stdout
    # Read once, kept from now on: the file may go.
    shutil.rmtree(folder)
    assert archive.ok("reextract").stdout.strip().endswith("0 changed, 5 unchanged, 0 failed")


def test_without_kept_bytes_or_the_same_file_it_says_it_cannot(
        copied: tuple[Archive, Path]) -> None:
    archive, folder = copied
    shutil.rmtree(archive.home / "sources")
    seed = folder / SEED_FILES["004"].name
    seed.write_text(seed.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    (folder / SEED_FILES["000"].name).unlink()
    before = archive.ok("export").stdout
    result = archive.run("reextract")
    assert result.exit_code == 1, result.output
    assert result.stdout.strip() == "5 articles re-extracted: 0 changed, 3 unchanged, 2 failed"
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(failures) == 2
    assert any("changed since import" in line for line in failures)
    assert any("no longer there" in line for line in failures)
    assert archive.ok("export").stdout == before


def test_reextract_waits_for_another_writer(copied: tuple[Archive, Path]) -> None:
    archive, _ = copied
    with try_write_lock(ArchivePaths(archive.home).lock_file) as held:
        assert held
        result = archive.run("reextract", "--wait", "0")
    assert result.exit_code == 75
    assert "archive is busy" in result.stderr


def test_no_archive(tmp_path: Path) -> None:
    result = Archive(tmp_path / "nowhere").run("reextract")
    assert result.exit_code == 3


def test_a_damaged_blob_is_never_used(copied: tuple[Archive, Path]) -> None:
    archive, folder = copied
    seed = folder / SEED_FILES["004"].name
    data = seed.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    blob = archive.home / "sources" / digest[:2] / f"{digest}.gz"
    blob.write_bytes(gzip.compress(data.replace(b"Putin", b"Pudin")))  # as after a power cut
    set_stored(archive, PUTIN, body="Ein falscher Text.")
    assert "1 changed (body 1)" in archive.ok("reextract").stdout  # read from the file
    assert gzip.decompress(blob.read_bytes()) == data  # and kept again, whole
    blob.write_bytes(b"\x1f\x8b garbage")
    shutil.rmtree(folder)
    result = archive.run("reextract")
    assert result.exit_code == 1
    assert "1 failed" in result.stdout and "no longer there" in result.stderr

"""The raw bytes of every imported source are kept in the archive home, compressed and
content-addressed (`<home>/sources/ab/abcdef….gz`), written before the article's transaction
commits. Checked against the files' own bytes and hashlib, through the real CLI."""

from __future__ import annotations

import gzip
import hashlib
import inspect
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, Archive, write_article

TEXT = ("Neue Regeln für den Nahverkehr\n\n"
        "Die Stadt hat am Montag neue Regeln für den Nahverkehr beschlossen. Busse sollen "
        "künftig häufiger fahren, vor allem am Abend und am Wochenende. Der Stadtrat stimmte "
        "mit großer Mehrheit zu. Die Verkehrsbetriebe rechnen mit höheren Kosten, die zum Teil "
        "vom Land getragen werden. Fahrgastverbände begrüßten den Beschluss.\n")


LISTING = ("<html><head><title>Nachrichten – Übersicht</title></head><body>"
           "<ul><li><a href='/a'>Wahl in Hessen</a></li><li><a href='/b'>Streik bei der Bahn</a>"
           "</li></ul></body></html>")


def blob_of(home: Path, data: bytes) -> Path:
    """Where the bytes must be kept: named by their SHA-256, under its first two hex digits."""
    digest = hashlib.sha256(data).hexdigest()
    return home / "sources" / digest[:2] / f"{digest}.gz"


def blob_files(home: Path) -> dict[str, int]:
    """Every file under `<home>/sources/`, with its modification time in nanoseconds."""
    root = home / "sources"
    return {str(path.relative_to(root)): path.stat().st_mtime_ns
            for path in root.rglob("*") if path.is_file()} if root.exists() else {}


def stored_digests(home: Path) -> set[str]:
    with sqlite3.connect(home / "archive.sqlite3") as connection:
        return {row[0] for row in connection.execute("SELECT source_sha256 FROM articles")}


def test_an_import_keeps_each_file_s_bytes(empty: Archive) -> None:
    empty.ok("import", str(SEEDS))
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds:
        data = path.read_bytes()
        blob = blob_of(empty.home, data)
        assert blob.is_file(), path.name
        assert gzip.decompress(blob.read_bytes()) == data
        assert blob.stat().st_size < len(data)  # compressed
    assert len(blob_files(empty.home)) == len(seeds)  # sidecars are not sources
    assert stored_digests(empty.home) == {hashlib.sha256(path.read_bytes()).hexdigest()
                                          for path in seeds}


def test_a_re_import_of_unchanged_files_writes_nothing_new(empty: Archive) -> None:
    empty.ok("import", str(SEEDS))
    before = blob_files(empty.home)
    result = empty.ok("import", str(SEEDS))
    assert result.stdout.strip() == "0 added, 0 updated, 5 unchanged, 0 failed"
    assert blob_files(empty.home) == before


def test_a_changed_file_keeps_its_new_bytes_too(empty: Archive, tmp_path: Path) -> None:
    path = write_article(tmp_path / "in", "nahverkehr.txt", TEXT)
    empty.ok("import", str(path))
    old = path.read_bytes()
    path.write_text(TEXT + "\nDer Fahrplan gilt ab Dezember.\n", encoding="utf-8")
    empty.ok("import", str(path))
    assert gzip.decompress(blob_of(empty.home, old).read_bytes()) == old
    assert gzip.decompress(blob_of(empty.home, path.read_bytes()).read_bytes()) == path.read_bytes()
    assert stored_digests(empty.home) == {hashlib.sha256(path.read_bytes()).hexdigest()}


def test_an_archive_from_before_gets_its_blobs_on_the_next_import(empty: Archive) -> None:
    empty.ok("import", str(SEEDS))
    shutil.rmtree(empty.home / "sources")  # as an archive made before sources were kept
    result = empty.ok("import", str(SEEDS))
    assert "5 unchanged" in result.stdout
    for path in SEEDS.glob("*.txt"):
        assert blob_of(empty.home, path.read_bytes()).is_file()


def test_a_failed_file_leaves_no_blob(empty: Archive, tmp_path: Path) -> None:
    path = write_article(tmp_path / "in", "leer.txt", "")
    listing = tmp_path / "in" / "liste.html"
    listing.write_text(LISTING, encoding="utf-8")
    result = empty.run("import", str(tmp_path / "in"))
    assert result.exit_code == 1 and result.stdout.startswith("0 added"), result.output
    assert path.name in result.stderr and listing.name in result.stderr
    assert blob_files(empty.home) == {}


def test_check_lists_blobs_no_article_needs(empty: Archive) -> None:
    empty.ok("import", str(SEEDS))
    stray = empty.home / "sources" / "ff" / ("f" * 64 + ".gz")
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(gzip.compress(b"nothing"))
    report = json.loads(empty.run("check", "--format", "json").stdout)
    assert report["orphan_sources"] == [str(Path("ff") / stray.name)]
    assert report["index_consistent"] is True


# Flags that name the facts of one article ----------------------------------------------------

@pytest.mark.parametrize("flag", [["--title", "Eine Überschrift"],
                                  ["--url", "https://www.example.de/a.html"]])
def test_one_article_flags_are_refused_for_several_files(empty: Archive, tmp_path: Path,
                                                         flag: list[str]) -> None:
    first = write_article(tmp_path / "in", "a.txt", TEXT)
    second = write_article(tmp_path / "in", "b.txt", TEXT.replace("Montag", "Dienstag"))
    for paths in ([str(first), str(second)], [str(tmp_path / "in")]):
        result = empty.run("import", *paths, *flag)
        assert result.exit_code == 2, result.output
        assert len(result.stderr.strip().splitlines()) == 1
        assert flag[0] in result.stderr
        assert not (empty.home / "archive.sqlite3").exists()
    empty.ok("import", str(first), *flag)  # one file: fine
    empty.ok("import", str(tmp_path / "in"), "--outlet", "ZDF")  # a batch fact: fine


# --accept-all ----------------------------------------------------------------------------------

def _extract_accepts_all() -> bool:
    from archive.metadata import extract

    return "accept_all" in inspect.signature(extract).parameters


@pytest.mark.skipif(not _extract_accepts_all(),
                    reason="archive.metadata.extract has no accept_all keyword yet")
def test_accept_all_imports_a_page_that_looks_like_no_article(empty: Archive,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "in" / "liste.html"
    path.parent.mkdir()
    path.write_text(LISTING, encoding="utf-8")
    refused = empty.run("import", str(path))
    assert refused.exit_code == 1 and "failed:" in refused.stderr
    accepted = empty.ok("import", str(path), "--accept-all")
    assert accepted.stdout.startswith("1 added")
    assert blob_of(empty.home, path.read_bytes()).is_file()
    # Stored is stored: reextract does not refuse it, and needs no flag to know.
    path.unlink()
    assert empty.ok("reextract").stdout.strip() == \
        "1 article re-extracted: 0 changed, 1 unchanged, 0 failed"


# A crash never leaves an article without its blob ---------------------------------------------

def _archive_process(home: Path, *args: str, fault: str) -> subprocess.Popen:
    env = dict(os.environ, ARCHIVE_FAULT=fault)
    return subprocess.Popen([sys.executable, "-m", "archive", "--home", str(home), *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("fault", ["source-blob:1", "source-blob:7", "store-commit:7"])
def test_a_kill_leaves_no_article_without_its_blob(tmp_path: Path, fault: str) -> None:
    folder = tmp_path / "in"
    for number in range(12):
        write_article(folder, f"meldung-{number:02d}.txt",
                      TEXT.replace("Montag", f"Montag, dem {number + 1}. Tag,"))
    home = tmp_path / "home"
    process = _archive_process(home, "import", str(folder), fault=fault)
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    stored = stored_digests(home)
    assert len(stored) == (0 if fault == "source-blob:1" else 6)
    for digest in stored:
        blob = home / "sources" / digest[:2] / f"{digest}.gz"
        assert hashlib.sha256(gzip.decompress(blob.read_bytes())).hexdigest() == digest
    # The next import finishes the job; whatever the kill left over is only an orphan.
    archive = Archive(home)
    archive.ok("import", str(folder))
    assert len(stored_digests(home)) == 12
    report = json.loads(archive.run("check", "--format", "json").stdout)
    assert report["index_consistent"] is True
    # A leftover is rewritten under its own name when the same bytes come again.
    assert report["orphan_sources"] == []

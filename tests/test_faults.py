"""Crash safety and concurrent use, with real processes killed by SIGKILL.

Each kill test starts from an archive that already holds BASE committed articles, runs a real
`archive` process that dies at a named point (ARCHIVE_FAULT, see archive/faults.py) or after a
timed delay, then checks: every article committed before survives, SQLite's integrity check
passes, the next search answers at once from the last committed index and says what it lacks,
and `reindex` indexes only what was missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.locking import try_write_lock
from archive.paths import ArchivePaths
from conftest import Archive

FILES = 200
BASE = 40
TOPICS = ["Stromnetz", "Bahnstreik", "Wohnungsbau", "Klimaschutz", "Krankenhausreform"]


def article_text(number: int) -> str:
    topic = TOPICS[number % len(TOPICS)]
    return (f"Meldung {number}: Neue Zahlen zum Thema {topic}\n\n"
            f"Die Landesregierung hat am Dienstag neue Zahlen zum Thema {topic} vorgelegt. "
            f"Der Bericht trägt die Nummer {number} und umfasst mehrere Kapitel.\n\n"
            f"Von Erika Musterfrau\n\n"
            f"Nach Angaben des Ministeriums haben sich die Werte im Vergleich zum Vorjahr "
            f"deutlich verändert. Fachleute aus Verbänden und Hochschulen bewerten die Lage "
            f"unterschiedlich. Der Landtag will sich in der kommenden Sitzungswoche mit dem "
            f"Bericht Nummer {number} befassen.\n\n"
            f"Die Opposition kritisierte, die Zahlen kämen zu spät. Die Regierung verwies auf "
            f"aufwendige Erhebungen in allen Kreisen und kreisfreien Städten des Landes.\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for number in range(1, FILES + 1):
        (folder / f"meldung-{number:03d}.txt").write_text(article_text(number), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def base_template(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive holding the first BASE files, committed and indexed."""
    first = tmp_path_factory.mktemp("first")
    for path in sorted(corpus.iterdir())[:BASE]:
        shutil.copy(path, first)
    home = tmp_path_factory.mktemp("base") / "home"
    Archive(home).ok("import", str(first))
    return home


@pytest.fixture
def base(base_template: Path, tmp_path: Path) -> Archive:
    home = tmp_path / "home"
    shutil.copytree(base_template, home)
    return Archive(home)


def archive_process(home: Path, *args: str, fault: str | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("ARCHIVE_FAULT", None)
    if fault:
        env["ARCHIVE_FAULT"] = fault
    return subprocess.Popen([sys.executable, "-m", "archive", "--home", str(home), *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stored_ids(home: Path) -> set[str]:
    with sqlite3.connect(ArchivePaths(home).store_file) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in connection.execute("SELECT id FROM articles")}


def assert_recovers(archive: Archive, committed: set[str], expect_stored: int,
                    expect_repaired: int | None = None) -> None:
    """The store kept everything; the next search answers at once from the last committed
    index, saying how many stored articles it lacks and that `archive reindex` adds them;
    `reindex` then indexes exactly those."""
    ids = stored_ids(archive.home)
    assert committed <= ids
    assert len(ids) == expect_stored
    result = archive.run("search", "Landesregierung", "--format", "json")
    assert result.exit_code == 0, result.output
    notice = re.search(r"(\d+) stored articles? (?:are|is) not in the index yet; "
                       r"run 'archive reindex' to add", result.stderr)
    lacking = int(notice.group(1)) if notice else 0
    if expect_repaired is None:  # a kill at a random moment: before or after the index commit
        assert lacking in (0, len(ids) - BASE)
    else:
        assert lacking == expect_repaired
    # The committed index: without the articles it lacks, unless Whoosh had committed them
    # before the kill and only the index's own record of them was missing.
    assert json.loads(result.stdout)["total"] in (len(ids) - lacking, len(ids))
    reindexed = archive.ok("reindex")
    assert reindexed.stdout.strip() == \
        f"index up to date: {lacking} article{'s' if lacking != 1 else ''} indexed"
    check = archive.run("check", "--no-sources")
    assert check.exit_code == 0, check.output
    assert f"index: {len(ids)} articles" in check.stdout
    assert archive.search_json("Landesregierung")["total"] == len(ids)


# (fault point, count, articles in the store after the kill)
IMPORT_KILLS = [
    ("file-start", 1, BASE), ("file-start", 2, BASE), ("file-start", BASE + 1, BASE),
    ("file-start", 120, 119), ("file-start", FILES, FILES - 1),
    ("store-commit", 1, BASE), ("store-commit", 2, BASE + 1), ("store-commit", 60, BASE + 59),
    ("store-commit", 150, BASE + 149), ("store-commit", FILES - BASE, FILES - 1),
    ("index-add", 1, FILES), ("index-add", 100, FILES), ("index-add", FILES - BASE, FILES),
    ("index-commit", 1, FILES),
]


@pytest.mark.parametrize("point, count, expect_stored", IMPORT_KILLS,
                         ids=[f"{point}-{count}" for point, count, _ in IMPORT_KILLS])
def test_kill_during_import(base: Archive, corpus: Path, point: str, count: int,
                            expect_stored: int) -> None:
    committed = stored_ids(base.home)
    process = archive_process(base.home, "import", str(corpus), fault=f"{point}:{count}")
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    assert_recovers(base, committed, expect_stored, expect_repaired=expect_stored - BASE)
    rerun = base.ok("import", str(corpus))  # finishing the job afterwards works as usual
    assert f"{FILES - expect_stored} added" in rerun.stdout


@pytest.mark.parametrize("point, count", [("index-add", 50), ("swap-before", 1), ("swap-after", 1)])
def test_kill_during_full_reindex(base: Archive, corpus: Path, point: str, count: int) -> None:
    base.ok("import", str(corpus))
    committed = stored_ids(base.home)
    before = base.search_json("Bahnstreik", "--limit", "1000")
    process = archive_process(base.home, "reindex", "--full", fault=f"{point}:{count}")
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    assert base.search_json("Bahnstreik", "--limit", "1000") == before
    assert_recovers(base, committed, FILES, expect_repaired=0)
    base.ok("reindex", "--full")
    generations = [path for path in (base.home / "whoosh").iterdir() if path.is_dir()]
    assert len(generations) == 1


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9, 1.2, 1.6, 2.2])
def test_kill_at_a_random_moment(base: Archive, corpus: Path, delay: float) -> None:
    committed = stored_ids(base.home)
    process = archive_process(base.home, "import", str(corpus))
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    ids = stored_ids(base.home)
    assert_recovers(base, committed, len(ids))


def wait_until_locked(home: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        with try_write_lock(ArchivePaths(home).lock_file) as held:
            if not held:
                return
        time.sleep(0.05)
    raise AssertionError("the first writer never took the lock")


@pytest.mark.parametrize("second", [("import",), ("reindex",), ("reindex", "--full")])
def test_a_second_writer_waits_then_says_busy(base: Archive, corpus: Path,
                                              second: tuple[str, ...]) -> None:
    first = archive_process(base.home, "import", str(corpus), fault="file-start:50:pause=6")
    try:
        wait_until_locked(base.home, first)
        args = (*second, str(corpus)) if second == ("import",) else second
        started = time.monotonic()
        busy = base.run(*args, "--wait", "0.5")
        assert time.monotonic() - started >= 0.5
        assert busy.exit_code == 75
        assert busy.stderr.startswith("archive: archive is busy")
        assert len(busy.stderr.strip().splitlines()) == 1
        # Readers are never blocked, and see only committed articles.
        reader = base.search_json("Landesregierung", "--limit", "1")
        assert reader["total"] >= BASE
        assert base.ok("show", reader["hits"][0]["id"]).stdout
        assert len(base.ok("export").stdout.splitlines()) >= BASE
    finally:
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert f"{FILES - BASE} added" in out


def test_an_import_after_a_crash_says_it_repaired_the_index(base: Archive, corpus: Path) -> None:
    process = archive_process(base.home, "import", str(corpus), fault="index-add:10")
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    result = base.ok("import", str(corpus))
    # The corpus's first BASE files are copies of the base archive's files, which are still
    # there: duplicates of stored articles.
    assert result.stdout.strip() == (f"{FILES} read: 0 added, 0 updated, {FILES - BASE} "
                                     f"unchanged, {BASE} duplicates of stored articles, 0 failed")
    assert f"the index lacked {FILES - BASE} stored article(s)" in result.stderr
    assert base.ok("check", "--no-sources").exit_code == 0


def test_a_second_writer_that_waits_long_enough_succeeds(base: Archive, corpus: Path) -> None:
    first = archive_process(base.home, "import", str(corpus), fault="file-start:10:pause=2")
    wait_until_locked(base.home, first)
    second = base.run("reindex", "--wait", "60")
    first.communicate(timeout=120)
    assert first.returncode == 0 and second.exit_code == 0, second.output


def test_readers_never_see_a_half_written_index(base: Archive, corpus: Path) -> None:
    base.ok("import", str(corpus))
    before = base.search_json("Stromnetz", "--limit", "1000", "--facets")
    for fault in ("index-add:100:pause=3", "swap-before:1:pause=3"):
        writer = archive_process(base.home, "reindex", "--full", fault=fault)
        try:
            wait_until_locked(base.home, writer)
            time.sleep(0.5)
            assert base.search_json("Stromnetz", "--limit", "1000", "--facets") == before
        finally:
            writer.communicate(timeout=120)
        assert writer.returncode == 0
    assert base.search_json("Stromnetz", "--limit", "1000", "--facets") == before


def test_an_unforeseen_extraction_error_fails_its_file_alone(base: Archive, corpus: Path) -> None:
    """A page no extraction rule foresaw (here: a ValueError raised inside the fifth file's
    extraction, an article the archive already holds) fails alone with one line naming it; the
    batch goes on, says it failed, and the stored copy of that article is kept."""
    process = archive_process(base.home, "import", str(corpus), fault="extract:5:raise")
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr
    failed = [line for line in stderr.splitlines() if "extraction failed (ValueError" in line]
    assert len(failed) == 1 and "meldung-005.txt" in failed[0], stderr
    assert f"{FILES - BASE} added" in stdout and "1 failed" in stdout
    assert len(stored_ids(base.home)) == FILES


def test_a_search_during_an_import_answers_from_the_committed_index(base: Archive,
                                                                     corpus: Path) -> None:
    """While an import holds the write lock and indexes, a search answers at once from the
    last committed index and says how many stored articles it does not cover yet."""
    writer = archive_process(base.home, "import", str(corpus), fault="index-add:50:pause=6")
    try:
        wait_until_locked(base.home, writer)
        while len(stored_ids(base.home)) < FILES:  # the files are stored; indexing is paused
            assert writer.poll() is None
            time.sleep(0.05)
        result = base.run("search", "Landesregierung", "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["total"] == BASE
        assert f"{FILES - BASE} stored articles are not in the index yet; the archive command " \
               "writing now adds them" in result.stderr
        assert "lacked" not in result.stderr
        stats = base.ok("stats").stdout
        assert f"{FILES - BASE} article(s) behind the store" in stats and "--full" not in stats
    finally:
        writer.communicate(timeout=120)
    assert writer.returncode == 0
    assert base.search_json("Landesregierung")["total"] == FILES


def test_a_search_during_a_first_import_answers(tmp_path: Path, corpus: Path) -> None:
    """The first import publishes an empty index before it builds the real one: a search
    meanwhile answers (no hits yet, and says why) instead of "no search index"."""
    archive = Archive(tmp_path / "home")
    writer = archive_process(archive.home, "import", str(corpus), fault="index-add:50:pause=6")
    try:
        wait_until_locked(archive.home, writer)
        while (archive.home / "whoosh" / "CURRENT").exists() is False or \
                len(stored_ids(archive.home)) < FILES:
            assert writer.poll() is None
            time.sleep(0.05)
        result = archive.run("search", "Landesregierung", "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["total"] == 0
        assert f"{FILES} stored articles are not in the index yet" in result.stderr
    finally:
        writer.communicate(timeout=120)
    assert writer.returncode == 0
    assert archive.search_json("Landesregierung")["total"] == FILES


def test_after_an_interrupted_first_import_search_stats_and_reindex(tmp_path: Path,
                                                                    corpus: Path) -> None:
    archive = Archive(tmp_path / "home")
    process = archive_process(archive.home, "import", str(corpus), fault="index-add:10")
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    result = archive.run("search", "Landesregierung", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] == 0
    assert f"{FILES} stored articles are not in the index yet; run 'archive reindex' to add " \
           "them" in result.stderr
    stats = archive.ok("stats").stdout
    assert f"{FILES} article(s) behind the store (run 'archive reindex')" in stats
    assert "--full" not in stats
    assert archive.ok("reindex").stdout.strip() == f"index up to date: {FILES} articles indexed"
    assert archive.search_json("Landesregierung")["total"] == FILES
    assert archive.ok("check", "--no-sources").exit_code == 0

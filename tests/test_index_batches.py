"""The index catch-up commits in batches (bounded memory): an index written four articles per
commit holds the same documents, in the same order, and answers every search as one written
in a single commit; a kill between batches resumes after the last recorded batch. Real
archives through the real CLI, real Whoosh indexes, a real killed process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from archive.index.writer import live_generation, open_index, read_state
from archive.paths import ArchivePaths
from conftest import Archive

TOPICS = ("Stromnetz", "Bahnstreik", "Wohnungsbau", "Impfstoff", "Landtag")
QUERIES = ("Stromnetz", "Bahnstreik OR Impfstoff", "Regierung", "Bericht -Landtag",
           '"legte am Dienstag"', "Fachleute Wohnungsbau")


def write_files(folder: Path, first: int, count: int) -> None:
    """Articles of known topics, each repeated a different number of times (distinct
    scores), with an outlet and a date in a sidecar."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(first, first + count):
        topic = TOPICS[number % len(TOPICS)]
        repeated = " ".join([topic] * (1 + number % 4))
        (folder / f"meldung-{number:03d}.txt").write_text(
            f"Meldung {number} über {topic}\n\nDie Regierung legte am Dienstag Zahlen zu "
            f"{repeated} vor. Der Bericht {number} umfasst Kapitel.\n\nFachleute bewerten "
            f"die Lage; der Landtag berät bald über {TOPICS[(number + 2) % len(TOPICS)]}.\n",
            encoding="utf-8")
        (folder / f"meldung-{number:03d}.meta.json").write_text(json.dumps(
            {"outlet": "ZDF" if number % 2 else "DER SPIEGEL",
             "published": f"{2020 + number % 3}-05-{1 + number % 20:02d}"}), encoding="utf-8")


def documents(home: Path) -> tuple[list[dict], int]:
    """Every stored field of every index document in document-number order, and the number
    of segments."""
    generation = live_generation(ArchivePaths(home))
    assert generation is not None
    with open_index(generation).reader() as reader:
        docs = [dict(fields) for _docnum, fields in reader.iter_docs()]
        segments = sum(1 for segment, _ in reader.leaf_readers() if segment.segment() is not None)
    return docs, segments


def results(archive: Archive) -> list[list[tuple[str, float]]]:
    """The ranked ids and scores of each query, and the facets of a search over all."""
    ranked = []
    for query in QUERIES:
        document = archive.search_json(query, "--limit", "1000")
        ranked.append([(hit["id"], hit.get("score")) for hit in document["hits"]])
    ranked.append(archive.search_json("Regierung", "--facets", "--limit", "1")["facets"])
    return ranked


def test_batched_index_equals_one_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = tmp_path / "files"
    write_files(files, 0, 23)
    single, batched = Archive(tmp_path / "single"), Archive(tmp_path / "batched")
    single.ok("import", str(files))
    monkeypatch.setenv("ARCHIVE_INDEX_BATCH", "4")
    batched.ok("import", str(files))
    monkeypatch.delenv("ARCHIVE_INDEX_BATCH")

    single_docs, single_segments = documents(single.home)
    batched_docs, batched_segments = documents(batched.home)
    assert single_segments == 1 and batched_segments == 6  # 23 articles, 4 per commit
    assert [doc["id"] for doc in batched_docs] == [doc["id"] for doc in single_docs]
    assert batched_docs == single_docs
    assert results(batched) == results(single)

    # A later import catches up in batches too (updates, merges of small segments).
    write_files(files, 23, 11)
    (files / "meldung-002.txt").write_text("Meldung 2 über Stromnetz\n\nGeändert: die "
                                            "Regierung legte am Dienstag neue Zahlen vor.\n",
                                            encoding="utf-8")
    single.ok("import", str(files))
    monkeypatch.setenv("ARCHIVE_INDEX_BATCH", "4")
    batched.ok("import", str(files))
    monkeypatch.delenv("ARCHIVE_INDEX_BATCH")
    assert sorted(documents(batched.home)[0], key=lambda doc: doc["id"]) == \
        sorted(documents(single.home)[0], key=lambda doc: doc["id"])
    # The same matches; not the same scores: the changed article's old document counts in
    # Whoosh's statistics until its segment is merged, and the merges differ with the commits.
    for query in QUERIES:
        assert {hit["id"] for hit in batched.search_json(query, "--limit", "1000")["hits"]} == \
            {hit["id"] for hit in single.search_json(query, "--limit", "1000")["hits"]}
    assert batched.search_json("Regierung", "--facets")["facets"] == \
        single.search_json("Regierung", "--facets")["facets"]
    state = read_state(live_generation(ArchivePaths(batched.home)))  # type: ignore[arg-type]
    assert state is not None and state.seq == 35  # 23 + 11 new + 1 changed


def test_killed_catch_up_resumes_after_the_last_batch(tmp_path: Path) -> None:
    files = tmp_path / "files"
    write_files(files, 0, 5)
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(files))
    write_files(files, 5, 14)
    env = dict(os.environ, ARCHIVE_INDEX_BATCH="4", ARCHIVE_FAULT="index-commit:2")
    process = subprocess.run([sys.executable, "-m", "archive", "--home", str(archive.home),
                              "import", str(files)], env=env, capture_output=True, timeout=300)
    assert process.returncode == -signal.SIGKILL
    state = read_state(live_generation(ArchivePaths(archive.home)))  # type: ignore[arg-type]
    assert state is not None and state.seq == 5 + 4  # the first batch recorded, not the second
    reindexed = archive.ok("reindex")
    assert reindexed.stdout.strip() == "index up to date: 10 articles indexed"
    assert archive.search_json("Regierung", "--limit", "100")["total"] == 19
    check = archive.run("check", "--no-sources")
    assert check.exit_code == 0, check.output


def test_killed_first_import_resumes_after_the_last_batch(tmp_path: Path) -> None:
    """The first import fills the published empty generation batch by batch: killed after
    its second batch's commit, before recording it, the index holds the first batch's seq."""
    files = tmp_path / "files"
    write_files(files, 0, 10)
    archive = Archive(tmp_path / "home")
    env = dict(os.environ, ARCHIVE_INDEX_BATCH="4", ARCHIVE_FAULT="index-commit:2")
    process = subprocess.run([sys.executable, "-m", "archive", "--home", str(archive.home),
                              "import", str(files)], env=env, capture_output=True, timeout=300)
    assert process.returncode == -signal.SIGKILL
    state = read_state(live_generation(ArchivePaths(archive.home)))  # type: ignore[arg-type]
    assert state is not None and state.seq == 4
    again = archive.ok("import", str(files))
    assert "10 unchanged" in again.stdout
    assert "the index lacked 6 stored article(s)" in again.stderr
    assert archive.search_json("Regierung", "--limit", "100")["total"] == 10
    assert archive.run("check", "--no-sources").exit_code == 0

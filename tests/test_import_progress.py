"""The import's one progress measure, heard through the library's callback during a real
import into a real archive: reading, extraction, storing and indexing in one count whose done
part never decreases and ends at its total; a file of many records counts its records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from archive.importer import import_paths
from archive.paths import ArchivePaths
from archive.progress import WEIGHT_RANGE, ProgressEvent
from conftest import SEEDS

RECORDS = 40


def write_records(path: Path, count: int) -> None:
    """A crawler's JSON Lines of `count` distinct articles."""
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            handle.write(json.dumps({
                "title": f"Meldung {number} zum Bahnstreik",
                "maintext": f"Die Gewerkschaft kündigte am Montag den Streik {number} an. "
                            "Pendler müssen mit Ausfällen rechnen. " * 3,
                "url": f"https://example.de/meldung-{number}",
                "date_publish": "2024-03-05 10:00:00"}) + "\n")


def test_events_cover_reading_and_indexing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    write_records(folder / "feed.jsonl", RECORDS)
    events: list[ProgressEvent] = []
    report = import_paths([folder], ArchivePaths(tmp_path / "home"), progress=events.append)
    assert report.failed == 0 and report.added == 5 + RECORDS

    done = [event.done for event in events]
    assert done == sorted(done)  # never backwards
    assert all(event.done <= event.total for event in events)
    last = events[-1]
    assert last.stage == "done" and last.done == last.total
    # Each article once for reading, extraction and storing, once (weighted) for indexing.
    low, high = WEIGHT_RANGE
    articles = 5 + RECORDS
    assert articles * (1 + low) - 1e-9 <= last.total <= articles * (1 + high) + 1e-9
    reading = [event for event in events if event.stage == "reading"]
    indexing = [event for event in events if event.stage == "indexing"]
    assert {event.item for event in reading} >= {str(folder / "feed.jsonl")}
    assert reading[-1].done == 5 + RECORDS - 1 or reading[-1].done == 5 + RECORDS
    assert len(indexing) > 5 + RECORDS  # each article added, then the commit
    assert indexing[0].done > reading[-1].done
    # The records count one by one while the file is read.
    in_feed = [event.done for event in reading if event.item.endswith("feed.jsonl")]
    assert len(in_feed) >= RECORDS


def test_unchanged_reimport_ends_at_its_total(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_records(folder.mkdir() or folder / "feed.jsonl", 12)
    home = ArchivePaths(tmp_path / "home")
    import_paths([folder], home)
    events: list[ProgressEvent] = []
    report = import_paths([folder], home, progress=events.append)
    assert report.unchanged == 12
    assert not [event for event in events if event.stage == "indexing"]  # nothing to index
    assert events[-1].done == events[-1].total == 12
    assert [event.done for event in events] == sorted(event.done for event in events)

"""A damaged index is found, reported with the command that repairs it, and repaired; a search
never exits with an internal error over one, and `reindex` never calls it up to date.

The damage is done to a real seeded archive's files on disk, the way a bad disk or an
interrupted copy would: bytes flipped inside a posting block, 40 bytes of 0xFF in the table of
contents, a segment file truncated or deleted.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

import pytest
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage

from archive.errors import IndexDamagedError
from archive.index.writer import live_generation
from archive.paths import ArchivePaths
from conftest import Archive

QUERIES = [("Putin",), ("Musk", "--sort", "newest"), ("Clubhouse OR Starlink", "--facets")]


def generation_of(archive: Archive) -> Path:
    generation = live_generation(ArchivePaths(archive.home))
    assert generation is not None
    return generation


def segment_file(archive: Archive) -> Path:
    (segment,) = generation_of(archive).glob("*.seg")
    return segment


def flip_posting_block(archive: Archive, fieldname: str, text: bytes) -> None:
    """Invert the last 8 bytes of a term's posting list: the end of its last block's
    zlib-compressed data, where zlib keeps the checksum of the block."""
    generation = generation_of(archive)
    index = FileStorage(str(generation)).open_index()
    with index.reader() as reader:
        offset, length = reader.term_info(fieldname, text).extent()
        (segment,) = index._segments()
    length = length[0] if isinstance(length, tuple) else length  # Whoosh decodes a 1-tuple
    path = segment_file(archive)
    compound = CompoundStorage(FileStorage(str(generation)).open_file(path.name), use_mmap=False)
    postings_start, _ = compound.range(segment.make_filename(".pst"))
    compound.close()
    data = bytearray(path.read_bytes())
    end = postings_start + offset + length
    data[end - 8:end] = bytes(byte ^ 0xFF for byte in data[end - 8:end])
    path.write_bytes(bytes(data))


def damage_toc(archive: Archive) -> None:
    (toc,) = generation_of(archive).glob("*.toc")
    data = bytearray(toc.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 40] = b"\xff" * 40
    toc.write_bytes(bytes(data))


def truncate_segment(archive: Archive) -> None:
    path = segment_file(archive)
    os.truncate(path, path.stat().st_size // 2)


def delete_segment(archive: Archive) -> None:
    segment_file(archive).unlink()


def one_line(result) -> str:  # type: ignore[no-untyped-def]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def check_json(archive: Archive, *args: str) -> tuple[int, dict]:
    result = archive.run("check", "--no-sources", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def test_flipped_bytes_in_a_posting_block_are_found_and_repaired(seeded: Archive) -> None:
    before = [seeded.search_json(*query) for query in QUERIES]
    code, report = check_json(seeded)
    assert code == 0 and report["index_consistent"]
    flip_posting_block(seeded, "body", b"putin")
    code, report = check_json(seeded)
    assert code == 1 and not report["index_consistent"]
    problem = report["index_problem"]
    assert "damaged" in problem and "archive check --repair" in problem
    assert segment_file(seeded).stem in report["index_problem"]  # names the unreadable segment
    code, report = check_json(seeded, "--repair")
    assert code == 0 and report["index_consistent"] and report["repaired"] == 5
    assert [seeded.search_json(*query) for query in QUERIES] == before


def test_a_search_over_a_flipped_posting_block_names_the_repair(seeded: Archive) -> None:
    flip_posting_block(seeded, "body", b"putin")
    result = seeded.run("search", "Putin")
    assert result.exit_code == 4, result.output
    assert "archive check --repair" in one_line(result)


def test_the_reading_guard_turns_a_damaged_block_into_the_index_error(seeded: Archive) -> None:
    """What a search reads through `reading()`: zlib's error on the damaged block becomes
    IndexDamagedError, which names the repair."""
    from archive.index.compile import compile_query
    from archive.index.searcher import search_index
    from archive.index.verify import reading
    from archive.query.parser import parse

    flip_posting_block(seeded, "body", b"putin")
    generation = generation_of(seeded)
    with pytest.raises(IndexDamagedError, match="archive check --repair"):
        with reading(generation):
            search_index(generation, compile_query(parse("Putin"), "Putin").query, None)


def test_the_reading_guard_lets_other_errors_through(seeded: Archive) -> None:
    from archive.index.verify import reading

    with pytest.raises(KeyError):
        with reading(generation_of(seeded)):
            raise KeyError("a bug, not damage")


DAMAGES = pytest.mark.parametrize("damage", [damage_toc, truncate_segment, delete_segment],
                                  ids=["toc-0xff", "truncated-segment", "deleted-segment"])


@DAMAGES
def test_a_damaged_index_is_reported_and_repaired(seeded: Archive, damage: Callable) -> None:
    before = [seeded.search_json(*query) for query in QUERIES]
    damage(seeded)
    for query in QUERIES:
        result = seeded.run("search", *query)
        assert result.exit_code == 4, result.output
        line = one_line(result)
        assert "damaged" in line and "archive check --repair" in line
        assert "internal error" not in line
    stats = seeded.run("stats")
    assert stats.exit_code == 0, stats.output
    assert "damaged" in stats.stdout and "archive check --repair" in stats.stdout
    code, report = check_json(seeded)
    assert code == 1 and "archive check --repair" in report["index_problem"]
    code, report = check_json(seeded, "--repair")
    assert code == 0 and report["index_consistent"] and report["repaired"] == 5
    assert [seeded.search_json(*query) for query in QUERIES] == before


@DAMAGES
def test_reindex_never_calls_a_damaged_index_up_to_date(seeded: Archive, damage: Callable) -> None:
    before = [seeded.search_json(*query) for query in QUERIES]
    damage(seeded)
    result = seeded.run("reindex")
    assert result.exit_code == 0, result.output
    assert "up to date" not in result.stdout
    assert result.stdout.strip() == "rebuilt the index: 5 articles indexed"
    assert "damaged" in result.stderr
    assert [seeded.search_json(*query) for query in QUERIES] == before
    code, report = check_json(seeded)
    assert code == 0 and report["index_consistent"]


def test_no_index_at_all_names_reindex(seeded: Archive) -> None:
    """The index folder gone (the store intact): search says so and names `archive reindex`,
    stats counts the articles not indexed; `reindex` builds it."""
    import shutil

    shutil.rmtree(seeded.home / "whoosh")
    result = seeded.run("search", "Taiwan")
    assert result.exit_code == 4
    line = one_line(result)
    assert "5 stored article(s) are not indexed" in line and "run 'archive reindex'" in line
    assert "--full" not in line
    assert "none, 5 article(s) not indexed (run 'archive reindex')" in seeded.ok("stats").stdout
    assert not (seeded.home / "whoosh").exists()  # neither search nor stats wrote anything
    seeded.ok("reindex")
    assert seeded.hit_sources("Taiwan") == ["004"]


def test_the_quick_check_before_an_import_copies_no_segment_file(
        seeded: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check every import runs first (`live_damage`) opens each segment without reading its
    files into memory: through a memory map, Whoosh's compound files copy each inner file whole
    into a BytesIO (2.2 s of a 10-article import into a 100k archive, growing with the archive),
    while the truncated and deleted segments above are still found."""
    from whoosh.filedb import structfile

    from archive.index.writer import live_damage

    copied: list[str] = []
    original = structfile.BufferFile.__init__

    def copying(self: structfile.BufferFile, buf: bytes, name: str | None = None,
                *args: object, **kwargs: object) -> None:
        copied.append(f"{name}: {len(buf)} bytes")
        original(self, buf, name, *args, **kwargs)

    monkeypatch.setattr(structfile.BufferFile, "__init__", copying)
    assert live_damage(generation_of(seeded)) is None
    # The table of contents (a few kB) is read whole; no file of a segment is.
    assert all(".toc" in name for name in copied), copied
    truncate_segment(seeded)
    assert "unreadable" in (live_damage(generation_of(seeded)) or "")

"""A damaged store file: every command says so in one line, names the file and SQLite's
recovery path, and exits 74 — never an internal error (issue: one zeroed page gave exit 70)."""

from __future__ import annotations

import pytest

from conftest import Archive


@pytest.fixture
def zeroed(seeded: Archive) -> Archive:
    store = seeded.home / "archive.sqlite3"
    with open(store, "r+b") as handle:  # one page of the tables, zeroed
        handle.seek(2 * 4096)
        handle.write(b"\0" * 4096)
    return seeded


@pytest.mark.parametrize("command", [("search", "Musk"), ("stats",), ("check",),
                                     ("export", "Musk"), ("reindex", "--full")])
def test_every_command_names_the_damaged_store(zeroed: Archive, command: tuple[str, ...]) -> None:
    result = zeroed.run(*command)
    assert result.exit_code == 74, (result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "archive.sqlite3 is damaged" in lines[0] and ".recover" in lines[0]
    assert "internal error" not in lines[0]

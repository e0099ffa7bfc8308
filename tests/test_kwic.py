"""`archive kwic`: every line's match is in its article's text at the place its context says,
the lines are the occurrences a plain scan of the stored texts finds, German forms count, the
orders hold, and reading stops early where it can."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from archive.research.kwic import flat_text
from conftest import Archive, exported


def kwic_lines(archive: Archive, *args: str) -> list[dict]:
    output = archive.ok("kwic", *args, "--format", "jsonl").stdout
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def texts(record: dict) -> list[str]:
    """The texts an article's lines come from, flattened as kwic reads them."""
    body = "\n".join(part for part in (record["teaser"], record["body"]) if part)
    return [flat_text(record["title"] or ""), flat_text(body)]


@pytest.mark.parametrize("query", ["Musk", "Flugzeug", "Polizei", "Präsident", "Satellit",
                                   '"Elon Musk"'])
def test_every_line_holds_its_match_in_its_article(research: Archive, query: str) -> None:
    records = {record["id"]: record for record in exported(research, query)}
    lines = kwic_lines(research, query, "--limit", "10000", "--width", "30")
    assert lines
    for line in lines:
        assert line["match"].strip() == line["match"] and line["match"]
        record = records[line["id"]]  # only articles the search counts
        assert line["published"] == record["published"]
        assert line["outlet"] == record["outlet"]
        window = line["left"] + line["match"] + line["right"]
        assert any(window in text for text in texts(record)), line
        assert len(line["left"]) <= 30 and len(line["right"]) <= 30
    # Every matching article gives at least one line (the words that matched are in it).
    assert {line["id"] for line in lines} == set(records)


def test_lines_are_the_occurrences_a_plain_scan_finds(research: Archive) -> None:
    """A name has no inflection but a genitive -s: a regular expression over the stored
    texts finds the same occurrences, in the same order."""
    records = exported(research, "Musk", "--sort", "oldest")
    expected = []
    for record in records:
        for text in texts(record):
            expected += [(record["id"], match.group()) for match in
                         re.finditer(r"\bMusks?\b", text)]
    lines = kwic_lines(research, "Musk", "--limit", "10000")
    assert [(line["id"], line["match"]) for line in lines] == expected


def test_german_forms_are_occurrences(research: Archive) -> None:
    matches = {line["match"] for line in kwic_lines(research, "Flugzeug", "--limit", "1000")}
    assert {"Flugzeug", "Passagierflugzeug", "Kleinflugzeuges", "Flugzeugabsturz"} <= matches
    # ae for ä: a spelling variant finds the umlaut forms.
    variant = {line["match"] for line in kwic_lines(research, "Praesident", "--limit", "1000")}
    assert {"Präsident", "Präsidenten", "Ministerpräsident"} <= variant
    # A word under NOT is no occurrence.
    negated = kwic_lines(research, "Musk", "-Starlink", "--limit", "1000")
    assert negated and all(line["match"].startswith("Musk") for line in negated)


def test_date_order_and_early_stop(research: Archive) -> None:
    every = kwic_lines(research, "Präsident", "--limit", "1000")
    dates = [line["published"] or "9999" for line in every]
    assert dates == sorted(dates)  # undated last
    first = kwic_lines(research, "Präsident", "--limit", "3")
    assert first == every[:3]
    text = research.ok("kwic", "Präsident", "--limit", "1").stdout
    articles = len({line["id"] for line in every})
    assert re.match(rf"1 line from the first \d+ of {articles} matching articles", text)


def test_left_right_and_outlet_orders(research: Archive) -> None:
    every = kwic_lines(research, "Präsident", "--limit", "1000")

    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.casefold())

    left = kwic_lines(research, "Präsident", "--sort", "left", "--limit", "1000")
    assert sorted(map(json.dumps, left)) == sorted(map(json.dumps, every))
    assert [words(l["left"])[::-1] for l in left] == sorted(words(l["left"])[::-1] for l in left)
    right = kwic_lines(research, "Präsident", "--sort", "right", "--limit", "1000")
    assert [words(l["right"]) for l in right] == sorted(words(l["right"]) for l in right)
    by_outlet = kwic_lines(research, "Präsident", "--sort", "outlet", "--limit", "1000")
    keys = [(line["outlet"] is None, (line["outlet"] or "").casefold()) for line in by_outlet]
    assert keys == sorted(keys)
    assert sorted(map(json.dumps, by_outlet)) == sorted(map(json.dumps, every))
    # The first lines by outlet are the first of the full ordering, read early.
    assert kwic_lines(research, "Präsident", "--sort", "outlet", "--limit", "2") == by_outlet[:2]


def test_filters_apply(research: Archive) -> None:
    lines = kwic_lines(research, "Musk", "--outlet", "ZDF", "--limit", "1000")
    assert lines and {line["outlet"] for line in lines} == {"ZDF"}
    dated = kwic_lines(research, "Präsident", "--since", "2021", "--limit", "1000")
    assert dated and all(line["published"] >= "2021" for line in dated)


def test_csv_and_text_formats(research: Archive) -> None:
    lines = kwic_lines(research, "Polizei", "--limit", "1000")
    rows = list(csv.DictReader(io.StringIO(
        research.ok("kwic", "Polizei", "--limit", "1000", "--format", "csv").stdout)))
    assert list(rows[0]) == ["id", "published", "outlet", "left", "match", "right"]
    assert [row["match"] for row in rows] == [line["match"] for line in lines]
    text = research.ok("kwic", "Polizei", "--limit", "1000", "--width", "20").stdout
    body = text.splitlines()[1:]
    assert len(body) == len(lines)
    # The match starts in the same column on every line.
    for shown, line in zip(body, lines):
        assert shown[21:21 + len(line["match"])] == line["match"]


def test_bad_input_is_one_line(research: Archive) -> None:
    # The library's refusals: one line.
    for args in (["--", "-Musk"], ["outlet:ZDF"], ["(Musk"]):
        result = research.run("kwic", *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("archive: ")
    # Option values click refuses: its usage message, never a traceback.
    for args in (["Musk", "--sort", "middle"], ["Musk", "--width", "0"],
                 ["Musk", "--limit", "0"]):
        result = research.run("kwic", *args)
        assert result.exit_code == 2 and "Traceback" not in result.output, args


def test_max_articles_bounds_every_order(research: Archive) -> None:
    every = kwic_lines(research, "Präsident", "--limit", "1000")
    oldest = list(dict.fromkeys(line["id"] for line in every))[:2]
    capped = kwic_lines(research, "Präsident", "--sort", "left", "--max-articles", "2",
                        "--limit", "1000")
    assert {line["id"] for line in capped} == set(oldest)
    assert sorted(map(json.dumps, capped)) == \
        sorted(json.dumps(line) for line in every if line["id"] in oldest)
    text = research.ok("kwic", "Präsident", "--sort", "right", "--max-articles", "2").stdout
    assert f"from the first 2 of {len(set(line['id'] for line in every))} matching" in text
    assert research.run("kwic", "Präsident", "--max-articles", "some").exit_code == 2
    unbounded = kwic_lines(research, "Präsident", "--max-articles", "all", "--limit", "1000")
    assert unbounded == every

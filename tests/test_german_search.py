"""The German search table (issue 3), run against a real archive built by the product.

Every row of tests/data/german/search_table.tsv is (category, query, should match?, German news
sentence). Each distinct sentence becomes one article file with a neutral headline (given in a
sidecar, so the headline cannot be guessed from the text) and neutral filler sentences; all of them are imported once through
`archive import`, and each row runs `archive search QUERY --format json` and checks whether its
own article is among the hits.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import cli

TABLE = Path(__file__).resolve().parent / "data" / "german" / "search_table.tsv"
CATEGORIES = ("inflection", "spelling", "compound-part", "compound-whole", "hyphen", "gender",
              "s-plural", "numbers", "exact", "trap-or", "trap-substring", "trap-oversplit",
              "trap-name", "trap-stem", "family", "trap-family")
NEUTRAL_TITLE = "Eine kurze Notiz aus der Redaktion"
# The importer rejects bodies under 200 characters, so every sentence is followed by these
# neutral ones in the same paragraph (a short first paragraph could be read as a headline). A
# control article holding only neutral text must be found by no query.
FILLER = ("Weitere Einzelheiten nannte die Sprecherin zunächst nicht. Eine ausführliche "
          "Stellungnahme wurde für die kommenden Tage angekündigt. Beobachter rechnen mit einer "
          "längeren Debatte über die Folgen, die sich noch nicht absehen lassen.")
CONTROL = "Diese Notiz enthält keinen der gesuchten Begriffe."


def _unescape(text: str) -> str:
    # The table writes invisible characters as \\uXXXX so they can be read and reviewed.
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match.group(1), 16)), text)


def _rows() -> list[tuple[str, str, bool, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, query, expected, sentence = line.split("\t")
        assert category in CATEGORIES, category
        assert expected in ("yes", "no"), expected
        rows.append((category, query, expected == "yes", _unescape(sentence)))
    return rows


ROWS = _rows()


def _row_id(row: tuple[str, str, bool, str]) -> str:
    category, query, expected, sentence = row
    words = "-".join(sentence.split()[:4])
    return f"{category}:{query}{'=' if expected else '!='}{words}"


def _ids() -> list[str]:
    # Unique, readable ids: category, query, expectation and the sentence's first words.
    seen: Counter[str] = Counter()
    ids = []
    for row in ROWS:
        base = _row_id(row)
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return ids


def test_table_covers_every_category_with_enough_rows() -> None:
    counts = Counter(category for category, *_ in ROWS)
    assert set(counts) == set(CATEGORIES)
    assert len(ROWS) >= 80
    assert all(counts[category] >= 3 for category in CATEGORIES), counts
    # Both outcomes are tested: rows that must match and traps that must not.
    assert sum(1 for row in ROWS if row[2]) >= 40
    assert sum(1 for row in ROWS if not row[2]) >= 30


@pytest.fixture(scope="module")
def table_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """An archive holding one article per distinct sentence of the table."""
    root = tmp_path_factory.mktemp("german-table")
    folder = root / "articles"
    folder.mkdir()
    files: dict[str, Path] = {}
    for number, sentence in enumerate(dict.fromkeys([row[3] for row in ROWS] + [CONTROL])):
        path = folder / f"row{number:03d}.txt"
        path.write_text(f"{NEUTRAL_TITLE}\n\n{sentence} {FILLER}\n", encoding="utf-8")
        (folder / f"row{number:03d}.meta.json").write_text(
            json.dumps({"title": NEUTRAL_TITLE}), encoding="utf-8")
        files[sentence] = path
    home = root / "home"
    result = CliRunner().invoke(cli, ["--home", str(home), "import", str(folder)])
    assert result.exit_code == 0, (result.output, result.exception)
    assert f"{len(files)} added" in result.output, result.output
    return home, files


def _hit_sources(home: Path, query: str) -> set[str]:
    result = CliRunner().invoke(cli, ["--home", str(home), "search", query, "--format", "json",
                                      "--limit", "1000"])
    assert result.exit_code == 0, (result.output, result.exception)
    return {str(Path(hit["source"]).resolve()) for hit in json.loads(result.stdout)["hits"]}


@pytest.mark.parametrize("row", ROWS, ids=_ids())
def test_german_search_table(table_archive: tuple[Path, dict[str, Path]],
                             row: tuple[str, str, bool, str]) -> None:
    home, files = table_archive
    category, query, expected, sentence = row
    found = str(files[sentence].resolve()) in _hit_sources(home, query)
    assert found == expected, (
        f"{category}: {query!r} {'should' if expected else 'must not'} find {sentence!r}")


@pytest.mark.parametrize("query", sorted({row[1] for row in ROWS}))
def test_shared_headline_and_filler_match_no_query(
        table_archive: tuple[Path, dict[str, Path]], query: str) -> None:
    # Guards the table itself: if the shared headline or filler matched a query, "yes" rows
    # would pass for the wrong reason.
    home, files = table_archive
    assert str(files[CONTROL].resolve()) not in _hit_sources(home, query)


def test_control_article_is_searchable(table_archive: tuple[Path, dict[str, Path]]) -> None:
    home, files = table_archive
    assert str(files[CONTROL].resolve()) in _hit_sources(home, "Stellungnahme")

"""Date filters and undated articles, against the dates the articles were given (issue 10).

Each article's publication date is set in its sidecar at day, month or year precision (or not
at all), and every filter's hits are compared with a plain evaluation of the documented overlap
rule: an article matches a range when the period its date may stand for overlaps the range.
These cases failed when an open-ended numeric range in Whoosh matched every dated article.
"""

from __future__ import annotations

import datetime
import json

import pytest

from archive.model import Published
from conftest import Archive, write_article

FILLER = ("Der Stadtrat beriet am Abend lange über den Haushalt und die Sanierung der Schulen. "
          "Eine Entscheidung soll in der kommenden Sitzung fallen, hieß es aus dem Rathaus. ")

# name -> publication date as given (None: undated)
DATES = {
    "a1990": "1990-05-03",
    "a2005day": "2005-08-10",
    "a2005month": "2005-08",
    "a2005sep": "2005-09-30",
    "a2005year": "2005",
    "a2010": "2010-03-01",
    "a2010b": "2010-11",
    "a2021": "2021-02-15",
    "a2024": "2024-12-31",
    "undated1": None,
    "undated2": None,
}


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("dated")
    folder = root / "articles"
    for name, date in DATES.items():
        sidecar = {"title": f"Haushalt {name}", "outlet": "Testblatt"}
        if date:
            sidecar["published"] = date
        write_article(folder, f"{name}.txt", f"Haushalt {name}\n\n{FILLER * 2}\n", **sidecar)
    archive = Archive(root / "home")
    result = archive.ok("import", str(folder))
    assert f"{len(DATES)} added" in result.output, result.output
    return archive


def _period(date: str) -> tuple[datetime.date, datetime.date]:
    published = Published.parse(date)
    return published.date, published.last_day


def _expected(low: str | None, high: str | None) -> set[str]:
    """Brute force: names whose date period overlaps [first day of low, last day of high]."""
    start = _period(low)[0] if low else datetime.date.min
    end = _period(high)[1] if high else datetime.date.max
    found = set()
    for name, date in DATES.items():
        if date is None:
            continue
        first, last = _period(date)
        if first <= end and last >= start:
            found.add(name)
    return found


def _names(archive: Archive, *args: str) -> set[str]:
    document = archive.search_json(*args, "--limit", "1000")
    names = {hit["title"].split()[-1] for hit in document["hits"]}
    assert document["total"] == len(names), document["total"]
    return names


RANGES = [("2005-08", "2005-08"), ("2005", "2005"), (None, "1990"), (None, "2005-08-09"),
          ("2010", None), ("2005-08-11", "2005-09"), ("2010-11-15", "2021"), (None, "2024"),
          ("2025", None), ("1990-05-03", "1990-05-03"), ("2005-09-30", None)]


@pytest.mark.parametrize(("low", "high"), RANGES)
def test_date_query_equals_the_overlap_rule(dated: Archive, low: str | None,
                                            high: str | None) -> None:
    span = f"{low or ''}..{high or ''}" if low != high else low
    assert _names(dated, f"Haushalt date:{span}") == _expected(low, high)


@pytest.mark.parametrize(("low", "high"), RANGES)
def test_since_until_equal_the_overlap_rule(dated: Archive, low: str | None,
                                            high: str | None) -> None:
    options = [*(["--since", low] if low else []), *(["--until", high] if high else [])]
    assert _names(dated, "Haushalt", *options) == _expected(low, high)


@pytest.mark.parametrize("years", ["2005", "..1990", "2010..", "2006..2009", "..2020", "2021..2024"])
def test_year_filter_counts_years(dated: Archive, years: str) -> None:
    low, _, high = years.partition("..") if ".." in years else (years, "", years)
    expected = {name for name, date in DATES.items() if date
                and (not low or int(date[:4]) >= int(low))
                and (not high or int(date[:4]) <= int(high))}
    assert _names(dated, "Haushalt", "--year", years) == expected
    assert _names(dated, f"Haushalt year:{years}") == expected


def test_date_year_equals_year_filter(dated: Archive) -> None:
    assert _names(dated, "Haushalt date:2010") == _names(dated, "Haushalt year:2010")


def test_undated_articles_have_their_own_facet_value(dated: Archive) -> None:
    document = dated.search_json("Haushalt", "--facets")
    years = {item["value"]: item["count"] for item in document["facets"]["year"]}
    assert years.get(None) == 2
    assert all(value is None or 1900 <= int(value) <= 2100 for value in years)


def test_undated_articles_come_last_in_both_date_sorts(dated: Archive) -> None:
    for sort in ("newest", "oldest"):
        hits = dated.search_json("Haushalt", "--sort", sort, "--limit", "100")["hits"]
        dates = [hit["published"] for hit in hits]
        assert dates[-2:] == [None, None], (sort, dates)
        known = dates[:-2]
        assert None not in known
        assert known == sorted(known, reverse=sort == "newest"), (sort, known)


def test_undated_facet_in_text_output(dated: Archive) -> None:
    output = dated.ok("search", "Haushalt", "--facets").output
    assert "4294967295" not in output
    assert "undated" in output


def test_seeds_musk_until_2020_finds_nothing(seeded: Archive) -> None:
    # The five seeds are dated 2021-2024.
    assert seeded.search_json("Musk", "--year", "..2020")["total"] == 0
    assert seeded.search_json("Musk", "--until", "2020-12-31")["total"] == 0
    assert json.loads(seeded.ok("search", "Musk", "--year", "2021..", "--format", "json")
                      .stdout)["total"] > 0

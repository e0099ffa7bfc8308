"""`archive trend`: counts per period against a brute-force count over the stored records, and
against `archive search`'s own total for each period; the rules for undated and coarsely dated
articles; series per outlet; the output formats and the chart.

The archive: the 38 Wikinews fixture articles (one undated, one dated only to its year) and
the five seeds (one dated only to a month), imported in three runs so the index has several
segments.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import Archive, exported, run_python

QUERIES = ["Polizei", "Flugzeug", "Musk", "Präsident", ""]


def period(published: str, precision: str, by: str) -> str | None:
    """The brute-force period of a stored date: None when its precision is too coarse."""
    rank = {"day": 0, "week": 0, "month": 1, "year": 2}
    if {"day": 0, "month": 1, "year": 2}[precision] > rank[by]:
        return None
    date = dt.date.fromisoformat(published + "-01" * (2 - published.count("-")))
    if by == "day":
        return date.isoformat()
    if by == "week":
        year, week, _ = date.isocalendar()
        return f"{year}-W{week:02d}"
    return published[:7] if by == "month" else published[:4]


def brute_force(records: list[dict], by: str) -> tuple[Counter[str], int, int]:
    """Counts per period, undated, dated too coarsely."""
    counts: Counter[str] = Counter()
    undated = coarse = 0
    for record in records:
        if record["published"] is None:
            undated += 1
            continue
        placed = period(record["published"], record["date_precision"], by)
        if placed is None:
            coarse += 1
        else:
            counts[placed] += 1
    return counts, undated, coarse


def trend_json(archive: Archive, *args: str) -> dict:
    return json.loads(archive.ok("trend", *args, "--format", "json").stdout)


@pytest.mark.parametrize("by", ["day", "week", "month", "year"])
@pytest.mark.parametrize("query", QUERIES)
def test_counts_equal_a_brute_force_count_over_the_stored_records(research: Archive, query: str,
                                                                   by: str) -> None:
    words = [query] if query else []
    document = trend_json(research, *words, "--by", by)
    records = exported(research, *words)
    assert records, "the fixture must have matches for every query"
    expected, undated, coarse = brute_force(records, by)
    (series,) = document["series"]
    counted = {point["period"]: point["count"] for point in series["points"]}
    assert {key: value for key, value in counted.items() if value} == dict(expected)
    assert (series["undated"], series["imprecise"]) == (undated, coarse)
    assert document["matches"] == len(records) == sum(expected.values()) + undated + coarse
    # Every period between the first and the last is there, empty ones included.
    periods = [point["period"] for point in series["points"]]
    assert periods == sorted(periods) and periods[0] == min(expected) \
        and periods[-1] == max(expected)
    # Totals: every stored article of the period, whatever it says.
    everything, _, _ = brute_force(exported(research), by)
    assert {point["period"]: point["total"] for point in series["points"] if point["total"]} \
        == {key: everything[key] for key in periods if everything[key]}


def test_the_fixture_has_every_kind_of_date(research: Archive) -> None:
    precisions = Counter(record["date_precision"] for record in exported(research))
    assert precisions["day"] > 30 and precisions["month"] and precisions["year"] \
        and precisions[None]


@pytest.mark.parametrize("query", ["Polizei", "Präsident", "Musk Putin", ""])
def test_each_month_equals_the_search_total_for_that_month(research: Archive,
                                                           query: str) -> None:
    """The search's total over a month's date range also holds articles whose coarser date
    overlaps the month (date ranges match by overlap); those are exactly the ones trend
    reports apart, so count + overlapping coarse articles = search total."""
    words = [query] if query else []
    document = trend_json(research, *words, "--by", "month")
    coarse = [record for record in exported(research, *words)
              if record["date_precision"] == "year"]
    assert coarse or query
    for point in document["series"][0]["points"]:
        year, month = map(int, point["period"].split("-"))
        last = calendar.monthrange(year, month)[1]
        found = research.search_json(*words, "--all-words", "--limit", "0",
                                     "--since", f"{point['period']}-01",
                                     "--until", f"{point['period']}-{last:02d}")
        overlapping = sum(1 for record in coarse if record["published"] == str(year))
        assert point["count"] + overlapping == found["total"], point


def test_the_count_is_the_set_search_counts_in_its_total(research: Archive) -> None:
    """Best match ranks articles with some of the words after the others; trend counts only
    the articles with every word, as search's total does."""
    found = research.search_json("Musk", "Polizei")
    assert found["partial_total"] > 0
    assert trend_json(research, "Musk", "Polizei")["matches"] == found["total"]


def test_filters_narrow_counts_and_totals(research: Archive) -> None:
    document = trend_json(research, "Musk", "--outlet", "ZDF", "--by", "year")
    records = exported(research, "Musk", "--outlet", "ZDF")
    assert document["matches"] == len(records) == 1
    (series,) = document["series"]
    assert [(p["period"], p["count"], p["total"]) for p in series["points"]] == \
        [("2024", 1, sum(1 for r in exported(research, "--outlet", "ZDF")
                         if r["published"].startswith("2024")))]


def test_dates_known_only_to_a_month_or_year_are_reported_apart(research: Archive) -> None:
    # seed 003 is dated 2023-08: a month but no day or week.
    by_day = trend_json(research, "Starlink", "--by", "day")
    by_month = trend_json(research, "Starlink", "--by", "month")
    month_only = [r for r in exported(research, "Starlink") if r["date_precision"] == "month"]
    assert len(month_only) == 1
    assert by_day["imprecise"] == 1
    assert "2023-08-01" not in {p["period"] for p in by_day["series"][0]["points"]}
    assert {p["period"]: p["count"] for p in by_month["series"][0]["points"]}["2023-08"] == 1
    text = research.ok("trend", "Starlink", "--by", "week").stdout
    assert "not in any week: 1 dated too coarsely for a week" in text


def test_per_outlet_top_and_other(research: Archive) -> None:
    records = exported(research)
    document = trend_json(research, "--per", "outlet", "--top", "2", "--by", "year")
    outlets = Counter(record["outlet"] for record in records)
    top = [name for name, _ in sorted(outlets.items(), key=lambda i: (-i[1], i[0].casefold()
                                                                      if i[0] else ""))
           if name][:2]
    assert [s["key"] for s in document["series"]] == [*top, None]
    assert document["series"][-1]["other"] is True
    for series in document["series"]:
        members = [r for r in records if r["outlet"] not in top] if series["other"] \
            else [r for r in records if r["outlet"] == series["key"]]
        expected, undated, coarse = brute_force(members, "year")
        assert series["matches"] == len(members)
        assert {p["period"]: p["count"] for p in series["points"] if p["count"]} == \
            dict(expected)
        # The total of a series' period is that outlet's (or the rest's) articles.
        assert all(p["total"] == p["count"] for p in series["points"])


def test_per_author_counts_each_author(research: Archive) -> None:
    records = exported(research, "Musk")
    document = trend_json(research, "Musk", "--per", "author", "--by", "year", "--top", "50")
    authors = Counter(author for record in records for author in record["authors"])
    named = {s["key"]: s["matches"] for s in document["series"] if not s["other"]}
    assert named == dict(authors)
    other = [s for s in document["series"] if s["other"]]
    assert (other[0]["matches"] if other else 0) == sum(1 for r in records if not r["authors"])


def test_relative_is_count_over_total(research: Archive) -> None:
    document = trend_json(research, "Polizei", "--relative")
    assert document["relative"] is True
    for point in document["series"][0]["points"]:
        expected = round(point["count"] / point["total"], 6) if point["total"] else None
        assert point["share"] == expected
    text = research.ok("trend", "Polizei", "--relative").stdout
    assert " %" in text


def test_week_periods_are_iso_weeks(research: Archive) -> None:
    from archive.research.trend import period_of

    assert period_of(20210103, "week")[0] == "2020-W53"  # a Sunday still in 2020's last week
    assert period_of(20210104, "week")[0] == "2021-W01"
    document = trend_json(research, "--by", "week")
    weeks = [p["period"] for p in document["series"][0]["points"]]
    assert weeks == sorted(weeks) and len(set(weeks)) == len(weeks)


def test_machine_formats_agree(research: Archive) -> None:
    document = trend_json(research, "Polizei", "--per", "outlet")
    lines = [json.loads(line) for line in
             research.ok("trend", "Polizei", "--per", "outlet", "--format",
                         "jsonl").stdout.splitlines()]
    rows = list(csv.DictReader(io.StringIO(
        research.ok("trend", "Polizei", "--per", "outlet", "--format", "csv").stdout)))
    flat = [(s["key"], p["period"], p["count"], p["total"])
            for s in document["series"] for p in s["points"]]
    assert [(line["key"], line["period"], line["count"], line["total"]) for line in lines] == flat
    assert [(None if row["series"] == "other" else row["series"], row["period"],
             int(row["count"]), int(row["total"])) for row in rows] == flat
    assert document["format"] == "archive-trend" and document["version"] == 1


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_draws_a_labelled_chart(research: Archive, tmp_path: Path, suffix: str) -> None:
    chart = tmp_path / f"chart{suffix}"
    result = research.ok("trend", "Polizei", "--per", "outlet", "--plot", str(chart))
    data = chart.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5000
    else:
        svg = data.decode("utf-8")
        for label in ("Artikel zu „Polizei“ pro Monat", "Anzahl der Artikel", "Monat",
                      "Medium", "Wikinews"):
            assert label in svg
    assert f"wrote {chart}" in result.stderr


def test_plot_labels_are_german(research: Archive, tmp_path: Path) -> None:
    from archive.paths import ArchivePaths
    from archive.research.plot import chart_labels
    from archive.research.trend import TrendRequest, trend
    from archive.search import SearchRequest

    result = trend(ArchivePaths.resolve(str(research.home)),
                   TrendRequest(SearchRequest("Polizei"), by="week", relative=True))
    labels = chart_labels(result)
    assert labels.title == "Artikel zu „Polizei“ pro Woche"
    assert labels.x == "Kalenderwoche (ISO)"
    assert labels.y == "Anteil an allen Artikeln des Zeitraums (%)"


def test_plot_errors_are_one_line(research: Archive, tmp_path: Path) -> None:
    wrong = research.run("trend", "Polizei", "--plot", str(tmp_path / "chart.pdf"))
    assert wrong.exit_code == 2 and wrong.stderr.count("\n") == 1
    assert ".png or .svg" in wrong.stderr
    missing = research.run("trend", "Polizei", "--plot", str(tmp_path / "nope" / "c.png"))
    assert missing.exit_code == 74 and missing.stderr.count("\n") == 1
    assert "cannot write" in missing.stderr and "Traceback" not in missing.output


def test_bad_input_is_one_line(research: Archive) -> None:
    for args in (["(Polizei"], ["Polizei", "--since", "2020-13"],
                 ["Polizei", "--since", "2021", "--until", "2020"]):
        result = research.run("trend", *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("archive: ")
    for args in (["Polizei", "--by", "fortnight"], ["Polizei", "--per", "agency"],
                 ["Polizei", "--top", "0"]):
        result = research.run("trend", *args)
        assert result.exit_code == 2 and "Traceback" not in result.output, args


def test_library_refuses_unknown_values() -> None:
    from archive.errors import UsageError
    from archive.paths import ArchivePaths
    from archive.research.trend import TrendRequest, trend

    for request in (TrendRequest(by="fortnight"), TrendRequest(per="agency"),
                    TrendRequest(top=0)):
        with pytest.raises(UsageError):
            trend(ArchivePaths.resolve("unused-home"), request)


def test_no_archive_is_one_line(empty: Archive) -> None:
    result = empty.run("trend", "Polizei")
    assert result.exit_code == 3 and result.stderr.count("\n") == 1


def test_trend_without_plot_does_not_load_matplotlib(research: Archive) -> None:
    program = f"""
import sys
from click.testing import CliRunner
from archive.cli import cli
result = CliRunner().invoke(cli, ["--home", {str(research.home)!r}, "trend", "Polizei"])
assert result.exit_code == 0, result.output
print(sorted(name for name in sys.modules if name.split(".")[0] in ("matplotlib", "bs4")
             or name.startswith(("archive.sources", "archive.importer"))))
"""
    completed = run_python(program)
    assert completed.stdout.strip().splitlines()[-1] == "[]"


def test_the_column_fast_path_reads_what_whoosh_reads(research: Archive) -> None:
    from archive.index.timeline import _column_array
    from archive.index.writer import live_generation, open_index
    from archive.paths import ArchivePaths

    generation = live_generation(ArchivePaths.resolve(str(research.home)))
    with open_index(generation).searcher() as searcher:
        segments = list(searcher.reader().leaf_readers())
        assert len(segments) > 1
        for segment, _offset in segments:
            count = segment.doc_count_all()
            public = [segment.column_reader("published")[n] for n in range(count)]
            assert list(_column_array(segment, "published", count)) == public


def test_counts_hold_after_edits_leave_deleted_documents(research: Archive) -> None:
    """An edit rewrites an article in the index: the old document stays, marked deleted, and
    must count nowhere (neither as a match nor in a period's total)."""
    from archive.index.writer import live_generation, open_index
    from archive.paths import ArchivePaths

    research.ok("edit", exported(research, "Polizei")[0]["id"], "--date", "2006-01-15")
    generation = live_generation(ArchivePaths.resolve(str(research.home)))
    with open_index(generation).searcher() as searcher:
        assert searcher.reader().has_deletions()  # else this test would prove nothing
    document = trend_json(research, "Polizei", "--by", "month")
    expected, undated, coarse = brute_force(exported(research, "Polizei"), "month")
    (series,) = document["series"]
    assert {p["period"]: p["count"] for p in series["points"] if p["count"]} == dict(expected)
    everything = brute_force(exported(research), "month")[0]
    assert {p["period"]: p["total"] for p in series["points"]} == \
        {p["period"]: everything[p["period"]] for p in series["points"]}


def test_saved_queries_and_tags_count_as_in_search(research: Archive) -> None:
    # `query:NAME` and `tag:` are resolved through the store for trend and kwic as for search.
    research.ok("query", "save", "polizei", "Polizei")
    research.ok("tag", "+gelesen", "--", "Polizei")
    expected = research.search_json("Polizei", "--limit", "0")["total"]
    assert expected > 0
    for query in ("query:polizei", "tag:gelesen", "query:polizei tag:gelesen"):
        document = trend_json(research, query, "--by", "year")
        assert document["matches"] == expected, query
    lines = research.ok("kwic", "query:polizei", "--format", "jsonl").stdout.splitlines()
    assert lines and all("polizei" in json.loads(line)["match"].lower() for line in lines)

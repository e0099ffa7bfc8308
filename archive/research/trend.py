"""`archive trend`: how many articles match a query in each day, ISO week, month or year.

What is counted is exactly what `archive search` counts in its total: the articles holding
every word of the query (best match's articles with only some of the words are not counted)
that pass the filters. A period's `total` is the number of articles of that period that pass
the filters alone (with `--per`, of that outlet or author), so `--relative` is the share of
those articles that match.

An article is placed in the period of its publication date. A date known only to a month
cannot be placed in a day or week, and one known only to a year in nothing finer than a year:
such articles are counted apart as `imprecise` (never guessed into the period's first day),
as undated articles are counted apart as `undated`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from archive.errors import UsageError
from archive.live_index import current_generation
from archive.outlet_names import resolve_outlet_nodes
from archive.paths import ArchivePaths
from archive.query.parser import parse
from archive.search import SearchRequest, filter_node, resolve_nodes
from archive.store import Store

if TYPE_CHECKING:
    from archive.index.timeline import HistogramKey

PERIODS = ("day", "week", "month", "year")
PER = ("outlet", "author")
DEFAULT_TOP = 5
MAX_TOP = 50
# The finest period a date of each precision can be placed in, as an index into PERIODS.
_FINEST = {"day": 0, "month": 2, "year": 3}


@dataclass(frozen=True)
class TrendRequest:
    """A query with its filters (a SearchRequest), the period length, the optional split into
    series by outlet or author (the `top` largest, the rest as one "other" series), and whether
    shares rather than counts are asked for."""

    search: SearchRequest = field(default_factory=SearchRequest)
    by: str = "month"
    per: str | None = None
    top: int = DEFAULT_TOP
    relative: bool = False


@dataclass(frozen=True)
class TrendPoint:
    """One period of a series: matching articles and all articles (the filters alone)."""

    period: str
    start: dt.date
    count: int
    total: int

    @property
    def share(self) -> float | None:
        """count / total, None when the period has no articles at all."""
        return self.count / self.total if self.total else None


@dataclass(frozen=True)
class TrendSeries:
    """The points of one series: all matches (`key` None, without --per), one outlet or
    author, or the rest (`other`). `matches` counts every matching article of the series,
    placed or not; `undated` and `imprecise` those that could not be placed."""

    key: str | None
    other: bool
    points: list[TrendPoint]
    matches: int
    undated: int
    imprecise: int


@dataclass(frozen=True)
class TrendResult:
    """A trend: the series in order (largest first, "other" last) and the whole count."""

    query: str
    by: str
    per: str | None
    top: int
    relative: bool
    series: list[TrendSeries]
    matches: int
    undated: int
    imprecise: int
    notices: list[str]


def trend(archive: ArchivePaths, request: TrendRequest) -> TrendResult:
    """Count the articles matching a query per period (see the module's docstring)."""
    from archive.index.compile import compile_filter, compile_query
    from archive.index.timeline import date_histogram

    _validate(request)
    search = request.search
    node = parse(search.query)
    compile_query(node, search.query)  # a bad query fails before the store is opened
    filters = filter_node(search)
    with Store.open(archive.store_file) as store:
        compiled = compile_query(resolve_nodes(store, node, search.query), search.query)
        filter_query = compile_filter(resolve_outlet_nodes(store, filters))
        generation, notices = current_generation(archive, store)
        histogram = date_histogram(generation, compiled.query, filter_query, request.per,
                                   request.by if request.by in ("month", "year") else "day")
    series = _series(histogram.matches, histogram.base, request)
    return TrendResult(search.query, request.by, request.per, request.top, request.relative,
                       series, sum(histogram.matches.values()),
                       sum(n for (_, day, _), n in histogram.matches.items() if not day),
                       sum(n for (_, day, precision), n in histogram.matches.items()
                           if day and not placeable(precision, request.by)), notices)


def _validate(request: TrendRequest) -> None:
    if request.by not in PERIODS:
        raise UsageError(f"unknown period {request.by!r} for --by (choose {', '.join(PERIODS)})")
    if request.per is not None and request.per not in PER:
        raise UsageError(f"unknown series {request.per!r} for --per (choose {', '.join(PER)})")
    if not 1 <= request.top <= MAX_TOP:
        raise UsageError(f"--top must be between 1 and {MAX_TOP}")


def placeable(precision: str, by: str) -> bool:
    """Whether a date of this precision ("day", "month", "year"; "" undated) lies wholly in
    one period of length `by`."""
    return bool(precision) and _FINEST[precision] <= PERIODS.index(by)


def period_of(day: int, by: str) -> tuple[str, dt.date]:
    """The label and first day of the period a day number (YYYYMMDD) falls in. Weeks are ISO
    weeks (Monday to Sunday, numbered within the ISO year).

    >>> period_of(20210103, "week"), period_of(20210215, "month")
    (('2020-W53', datetime.date(2020, 12, 28)), ('2021-02', datetime.date(2021, 2, 1)))
    """
    date = dt.date(day // 10000, day // 100 % 100, day % 100)
    if by == "day":
        return date.isoformat(), date
    if by == "week":
        year, week, weekday = date.isocalendar()
        return f"{year:04d}-W{week:02d}", date - dt.timedelta(days=weekday - 1)
    if by == "month":
        return f"{date.year:04d}-{date.month:02d}", date.replace(day=1)
    return f"{date.year:04d}", date.replace(month=1, day=1)


def _next_start(start: dt.date, by: str) -> dt.date:
    if by == "day":
        return start + dt.timedelta(days=1)
    if by == "week":
        return start + dt.timedelta(days=7)
    if by == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def _periods(first: dt.date, last: dt.date, by: str) -> list[tuple[str, dt.date]]:
    """Every period from the one holding `first` to the one holding `last`, gaps included."""
    periods = []
    start = period_of(_day(first), by)[1]
    while start <= last:
        periods.append((period_of(_day(start), by)[0], start))
        start = _next_start(start, by)
    return periods


def _day(date: dt.date) -> int:
    return date.year * 10000 + date.month * 100 + date.day


def _series(matches: Counter["HistogramKey"], base: Counter["HistogramKey"],
            request: TrendRequest) -> list[TrendSeries]:
    """Group the histograms into series and periods (zero-count periods included, from the
    first to the last period any match is placed in)."""
    by = request.by
    placed = [day for (_, day, precision), n in matches.items()
              if n and placeable(precision, by)]
    periods = _periods(_date(min(placed)), _date(max(placed)), by) if placed else []
    if request.per is None:
        keys: list[str | None] = [None]
        chosen: dict[str, int] = {}
    else:
        sizes: Counter[str] = Counter()
        for (values, _, _), n in matches.items():
            sizes.update({value: n for value in values})
        ranked = sorted(sizes.items(), key=lambda item: (-item[1], item[0].casefold()))
        chosen = {value: position for position, (value, _) in enumerate(ranked[:request.top])}
        # Everything else, articles without an outlet or author included, counts once in
        # "other" (the last series): an article by two authors not chosen is one article.
        keys = [*chosen, None]
    labels: dict[int, str] = {}
    counts, totals = _tally(matches, chosen, len(keys), by, labels), \
        _tally(base, chosen, len(keys), by, labels)
    series = []
    for position, key in enumerate(keys):
        count, total = counts[position], totals[position]
        points = [TrendPoint(label, start, count[label], total[label]) for label, start in periods]
        series.append(TrendSeries(key, request.per is not None and key is None, points,
                                  count["matches"], count["undated"], count["imprecise"]))
    if request.per is not None and not series[-1].matches:
        series.pop()  # no "other" series when the chosen ones hold every match
    return series


def _tally(histogram: Counter["HistogramKey"], chosen: dict[str, int], size: int, by: str,
           labels: dict[int, str]) -> list[Counter[str]]:
    """Per series (the positions of `chosen`, then the rest; one series when `chosen` is
    empty), counts by period label, plus the keys "matches", "undated" and "imprecise".
    `labels` caches each day's period label across calls."""
    tallies: list[Counter[str]] = [Counter() for _ in range(size)]
    # Few distinct value tuples and days recur across many keys: each is resolved once.
    members: dict[tuple[str, ...], tuple[int, ...]] = {}
    finest = PERIODS.index(by)
    for (values, day, precision), n in histogram.items():
        if not n:
            continue
        positions = members.get(values)
        if positions is None:
            held = {chosen[value] for value in values if value in chosen}
            positions = members[values] = tuple(held) if held else (size - 1,)
        if not day:
            slot = "undated"
        elif _FINEST[precision] > finest:
            slot = "imprecise"
        else:
            slot = labels.get(day) or labels.setdefault(day, period_of(day, by)[0])
        for position in positions:
            tally = tallies[position]
            tally["matches"] += n
            tally[slot] += n
    return tallies


def _date(day: int) -> dt.date:
    return dt.date(day // 10000, day // 100 % 100, day % 100)

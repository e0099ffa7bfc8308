"""Output of `archive trend` and `archive kwic`: a table with a terminal bar chart, JSON,
JSON Lines and CSV. Article text and names go through the same inert rules as search output
(archive/output/machine.py, archive/output/safe.py)."""

from __future__ import annotations

import io
import csv
from typing import TYPE_CHECKING, Iterable

from archive.output.machine import dumps, inert_cell
from archive.output.safe import one_line

if TYPE_CHECKING:
    from archive.output.text import Style
    from archive.research.kwic import KwicLine, KwicResult
    from archive.research.trend import TrendPoint, TrendResult, TrendSeries

TREND_FORMAT_VERSION = 1
KWIC_FORMAT_VERSION = 1
TREND_COLUMNS = ("series", "period", "count", "total", "share")
KWIC_COLUMNS = ("id", "published", "outlet", "left", "match", "right")
BAR_WIDTH = 40
OTHER_LABEL = "other"
# Runs of at least this many empty periods take one line in the text table.
EMPTY_RUN = 3


def series_label(series: "TrendSeries") -> str:
    """How a series is named in text and charts: its outlet or author, "other", or "all"."""
    if series.other:
        return OTHER_LABEL
    return "all" if series.key is None else one_line(series.key)


def _share(point: "TrendPoint") -> float | None:
    return round(point.share, 6) if point.share is not None else None


def trend_dict(result: "TrendResult") -> dict[str, object]:
    """The trend as one JSON object (docs/guide.md documents every field)."""
    return {
        "format": "archive-trend", "version": TREND_FORMAT_VERSION, "query": result.query,
        "by": result.by, "per": result.per, "top": result.top if result.per else None,
        "relative": result.relative, "matches": result.matches, "undated": result.undated,
        "imprecise": result.imprecise,
        "series": [{"key": series.key, "other": series.other, "matches": series.matches,
                    "undated": series.undated, "imprecise": series.imprecise,
                    "points": [{"period": point.period, "count": point.count,
                                "total": point.total, "share": _share(point)}
                               for point in series.points]}
                   for series in result.series],
        **({"notices": result.notices} if result.notices else {}),
    }


def trend_json(result: "TrendResult", raw: bool = False) -> str:
    """`--format json`."""
    return dumps(trend_dict(result), raw, indent=2)


def trend_jsonl(result: "TrendResult", raw: bool = False) -> str:
    """`--format jsonl`: one object per series and period."""
    return "\n".join(dumps({"key": series.key, "other": series.other, "period": point.period,
                            "count": point.count, "total": point.total, "share": _share(point)},
                           raw)
                     for series in result.series for point in series.points)


def trend_csv(result: "TrendResult", raw: bool = False) -> str:
    """`--format csv`: series, period, count, total, share (empty when total is 0)."""
    rows = ([series_label(series) if series.key is None else series.key, point.period,
             str(point.count), str(point.total),
             "" if point.share is None else f"{point.share:.6f}"]
            for series in result.series for point in series.points)
    return _csv(TREND_COLUMNS, rows, raw)


def trend_text(result: "TrendResult", style: "Style") -> str:
    """A table per series: period, count, total (and share with --relative), and a bar."""
    query = f" for {one_line(result.query)!r}" if result.query else ""
    lines = [f"{result.matches} article{'s' if result.matches != 1 else ''}{query} "
             f"by {result.by}" + (f", per {result.per}" if result.per else "")]
    apart = []
    if result.undated:
        apart.append(f"{result.undated} undated")
    if result.imprecise:
        apart.append(f"{result.imprecise} dated too coarsely for a {result.by}")
    if apart:
        lines.append(f"not in any {result.by}: " + ", ".join(apart))
    values = [_value(point, result.relative) for series in result.series
              for point in series.points]
    largest = max(values, default=0) or 1
    for series in result.series:
        if result.per:
            lines += ["", style.bold(f"{series_label(series)} ({series.matches})")]
        for point in _runs(series.points):
            if isinstance(point, tuple):
                first, last, number = point
                lines.append(style.dim(f"{first} … {last}: no articles ({number} {result.by}s)"))
                continue
            value = _value(point, result.relative)
            shown = f"{point.count:>7} {style.dim(f'of {point.total:>6}')}"
            if result.relative:
                shown += f" {value * 100:6.2f} %"
            bar = "█" * round(value / largest * BAR_WIDTH)
            if not bar and value:
                bar = "▏"
            lines.append(f"{point.period:<10} {shown}  {bar}")
    if not any(series.points for series in result.series):
        lines.append("(no dated matches)")
    return "\n".join(lines)


def _runs(points: list["TrendPoint"]) -> Iterable["TrendPoint | tuple[str, str, int]"]:
    """The points, each run of EMPTY_RUN or more periods without any article (count and
    total 0) as one (first, last, number) tuple: long gaps take one line."""
    run: list["TrendPoint"] = []
    for point in [*points, None]:
        if point is not None and not point.count and not point.total:
            run.append(point)
            continue
        if len(run) >= EMPTY_RUN:
            yield run[0].period, run[-1].period, len(run)
        else:
            yield from run
        run = []
        if point is not None:
            yield point


def _value(point: "TrendPoint", relative: bool) -> float:
    return (point.share or 0.0) if relative else float(point.count)


def kwic_dict(line: "KwicLine") -> dict[str, object]:
    """One concordance line as a JSON object."""
    return {"id": line.id, "published": line.published, "outlet": line.outlet,
            "left": line.left, "match": line.match, "right": line.right}


def kwic_jsonl(result: "KwicResult", raw: bool = False) -> str:
    """`--format jsonl`: one object per line: id, published, outlet, left, match, right."""
    return "\n".join(dumps(kwic_dict(line), raw) for line in result.lines)


def kwic_csv(result: "KwicResult", raw: bool = False) -> str:
    """`--format csv`: id, published, outlet, left, match, right."""
    return _csv(KWIC_COLUMNS, ([line.id, line.published or "", line.outlet or "", line.left,
                                line.match, line.right] for line in result.lines), raw)


def kwic_text(result: "KwicResult", style: "Style") -> str:
    """One line per occurrence: the left context right-aligned, the match, the right context,
    then id, date and outlet; a count line first."""
    width = result.width
    read = "" if result.complete else f"the first {result.articles_read} of "
    lines = [f"{len(result.lines)} line{'s' if len(result.lines) != 1 else ''} from {read}"
             f"{result.articles} matching article{'s' if result.articles != 1 else ''}"]
    # Matches differ in length: the right context is padded so the sources line up too.
    longest = max((len(one_line(line.match)) for line in result.lines), default=0)
    for line in result.lines:
        left = one_line(line.left)[-width:].rjust(width)
        right = one_line(line.right)[:width].ljust(width + longest - len(one_line(line.match)))
        source = f"{line.id[:8]} {line.published or 'undated':<10} {one_line(line.outlet or '–')}"
        lines.append(f"{left} {style.match(one_line(line.match))} {right}  {style.dim(source)}")
    return "\n".join(lines)


def _csv(columns: tuple[str, ...], rows: Iterable[list[str]], raw: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(row if raw else [inert_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().rstrip("\r\n")

"""`archive trend --plot`: the series drawn with matplotlib into a PNG or SVG file.

The only module that imports matplotlib, and only `archive trend --plot` imports it (it takes
about a second to load). The "Agg" backend draws without a display. Labels are German, as the
archive's articles are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archive.errors import UsageError

if TYPE_CHECKING:
    from archive.research.trend import TrendResult

SUFFIXES = (".png", ".svg")
PERIOD_NAMES = {"day": ("Tag", "pro Tag"), "week": ("Kalenderwoche (ISO)", "pro Woche"),
                "month": ("Monat", "pro Monat"), "year": ("Jahr", "pro Jahr")}
OTHER_NAME = "andere"
ALL_NAME = "alle Treffer"


def check_plot_path(path: Path) -> None:
    """Refuse a file name that is neither .png nor .svg (before any work is done)."""
    if path.suffix.lower() not in SUFFIXES:
        raise UsageError(f"--plot {path}: the file name must end in .png or .svg")


@dataclass(frozen=True)
class ChartLabels:
    """The German title and axis labels of a trend chart."""

    title: str
    x: str
    y: str
    legend: str | None


def chart_labels(result: "TrendResult") -> ChartLabels:
    """Title, axes and legend title for a trend (without loading matplotlib)."""
    axis_name, per_period = PERIOD_NAMES[result.by]
    title = f"Artikel zu „{result.query}“ {per_period}" if result.query \
        else f"Alle Artikel {per_period}"
    y = "Anteil an allen Artikeln des Zeitraums (%)" if result.relative \
        else "Anzahl der Artikel"
    legend = {"outlet": "Medium", "author": "Autor/in"}.get(result.per or "")
    return ChartLabels(title, axis_name, y, legend)


def draw_trend(result: "TrendResult", path: Path) -> None:
    """Draw each series as a line over the period starts and write the chart to `path`
    (through a temporary file beside it, renamed into place: never a half-written chart).
    SVG keeps its text as text, so the labels stay searchable and editable."""
    check_plot_path(path)
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    labels = chart_labels(result)
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure = Figure(figsize=(10, 5), dpi=100)
        axes = figure.add_subplot()
        for series in result.series:
            starts = [point.start for point in series.points]
            # A period without any article has no share: a gap in the line, not a zero.
            values = [(point.share * 100 if point.share is not None else float("nan"))
                      if result.relative else point.count for point in series.points]
            name = OTHER_NAME if series.other else ALL_NAME if series.key is None \
                else series.key
            axes.plot(starts, values, marker="o" if len(starts) < 40 else None, linewidth=1.5,
                      label=f"{name} ({series.matches})")
        _date_axis(axes, result.by, max((len(series.points) for series in result.series),
                                        default=0))
        if not result.relative:
            from matplotlib.ticker import MaxNLocator

            axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts are whole
        axes.set_title(labels.title)
        axes.set_xlabel(labels.x)
        axes.set_ylabel(labels.y)
        axes.set_ylim(bottom=0)
        axes.grid(True, alpha=0.3)
        if result.per:
            axes.legend(title=labels.legend)
        apart = result.undated + result.imprecise
        if apart:
            figure.text(0.01, 0.01, f"{apart} Artikel ohne passendes Datum nicht eingezeichnet",
                        fontsize=8, alpha=0.7)
        figure.autofmt_xdate()
        _save(figure, path)


def _date_axis(axes: object, by: str, periods: int) -> None:
    """Ticks on period starts, labelled as the periods are (2021-02, 2021), at most about
    a dozen of them."""
    from matplotlib import dates

    step = max(1, -(-periods // 12))
    if by == "year":
        locator, label = dates.YearLocator(base=step), "%Y"
    elif by == "month":
        locator, label = dates.MonthLocator(interval=step), "%Y-%m"
    else:
        locator, label = dates.AutoDateLocator(maxticks=12), "%Y-%m-%d"
    axes.xaxis.set_major_locator(locator)  # type: ignore[attr-defined]
    axes.xaxis.set_major_formatter(dates.DateFormatter(label))  # type: ignore[attr-defined]


def _save(figure: object, path: Path) -> None:
    from archive.output.files import replacing

    with replacing(path) as temporary:
        figure.savefig(temporary, format=path.suffix.lower()[1:])  # type: ignore[attr-defined]

"""The researcher's commands that only read: trend and kwic. Like search, they never take the
write lock."""

from __future__ import annotations

from pathlib import Path

import click

from archive.cli.app import (QueryCommand, archive_paths, cli, colour_enabled, query_text,
                              number_or_all,
                              raw_option)
from archive.cli.reading import narrowing_options


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1)
@narrowing_options
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month",
              show_default=True, help="Period length (weeks are ISO weeks, Monday to Sunday).")
@click.option("--per", type=click.Choice(["outlet", "author"]),
              help="One series per outlet or author (the --top largest, then 'other').")
@click.option("--top", type=click.IntRange(1, 50), default=5, show_default=True,
              help="Series shown with --per; the rest are summed as 'other'.")
@click.option("--relative", is_flag=True,
              help="Share of all articles of the period (with the same filters).")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also draw the series into FILE.png or FILE.svg.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "jsonl", "csv"]),
              default="text", show_default=True)
@raw_option
@click.pass_context
def trend(ctx: click.Context, query: tuple[str, ...], outlets: tuple[str, ...],
          years: str | None, authors: tuple[str, ...], since: str | None, until: str | None,
          by: str, per: str | None, top: int, relative: bool, plot: Path | None,
          output_format: str, raw: bool) -> None:
    """Count the articles matching a query per day, week, month or year.

    Counts are the articles `archive search` counts in its total (every word). Undated
    articles, and articles dated too coarsely for the period (only a month or a year), are
    reported apart.

    \b
    archive trend Impfstoff --by month
    archive trend Lockdown --by week --per outlet --relative
    archive trend Maske --since 2020-03 --until 2020-12 --plot maske.png
    """
    from archive.output import research, text
    from archive.research.trend import TrendRequest, trend as run_trend
    from archive.search import SearchRequest

    search = SearchRequest(query_text(query), outlets, years, authors, since, until)
    if plot is not None:
        from archive.research.plot import check_plot_path

        check_plot_path(plot)  # a wrong suffix fails before the search runs
    result = run_trend(archive_paths(ctx), TrendRequest(search, by, per, top, relative))
    for notice in result.notices:
        click.echo(f"archive: note: {notice}", err=True)
    if plot is not None:
        from archive.research.plot import draw_trend

        draw_trend(result, plot)
        click.echo(f"wrote {plot}", err=True)
    if output_format == "json":
        click.echo(research.trend_json(result, raw))
    elif output_format == "jsonl":
        if any(series.points for series in result.series):
            click.echo(research.trend_jsonl(result, raw))
    elif output_format == "csv":
        click.echo(research.trend_csv(result, raw))
    else:
        click.echo(research.trend_text(result, text.Style(colour_enabled())),
                   color=colour_enabled())


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@narrowing_options
@click.option("--width", type=click.IntRange(1, 500), default=40, show_default=True,
              help="Characters of context on each side.")
@click.option("--sort", type=click.Choice(["date", "left", "right", "outlet"]), default="date",
              show_default=True, help="Order of the lines.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=100, show_default=True,
              help="Lines at most.")
@click.option("--max-articles", default="2000", show_default=True, metavar="N|all",
              help="Matching articles read at most (oldest first; every one for 'all').")
@click.option("--format", "output_format", type=click.Choice(["text", "jsonl", "csv"]),
              default="text", show_default=True)
@raw_option
@click.pass_context
def kwic(ctx: click.Context, query: tuple[str, ...], outlets: tuple[str, ...],
         years: str | None, authors: tuple[str, ...], since: str | None, until: str | None,
         width: int, sort: str, limit: int, max_articles: str, output_format: str,
         raw: bool) -> None:
    """Keyword in context: every occurrence of the query's words, the match in the middle.

    Occurrences are found through the German analysis, as search highlights them (inflected
    forms, compound parts, spelling variants), in the articles search counts in its total.

    \b
    archive kwic Impfstoff --limit 20
    archive kwic Maske --sort left --outlet zeit.de
    archive kwic Lockdown --format csv > lockdown.csv
    """
    from archive.output import research, text
    from archive.research.kwic import KwicRequest, kwic as run_kwic
    from archive.search import SearchRequest

    search = SearchRequest(query_text(query), outlets, years, authors, since, until)
    cap = number_or_all(max_articles, "--max-articles")
    result = run_kwic(archive_paths(ctx), KwicRequest(search, width, sort, limit, cap))
    for notice in result.notices:
        click.echo(f"archive: note: {notice}", err=True)
    if output_format == "jsonl":
        if result.lines:
            click.echo(research.kwic_jsonl(result, raw))
    elif output_format == "csv":
        click.echo(research.kwic_csv(result, raw))
    else:
        click.echo(research.kwic_text(result, text.Style(colour_enabled())),
                   color=colour_enabled())

"""`archive duplicates`: syndication clusters (copies of one report across outlets)."""

from __future__ import annotations

import click

from archive.cli.app import (QueryCommand, archive_paths, cli, colour_enabled, query_text,
                              raw_option)
from archive.cli.reading import filter_options
from archive.errors import UsageError


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1)
@filter_options
@click.option("--format", "output_format", type=click.Choice(["text", "json", "jsonl", "csv"]),
              default="text", show_default=True)
@raw_option
@click.pass_context
def duplicates(ctx: click.Context, query: tuple[str, ...], outlets: tuple[str, ...],
               years: str | None, authors: tuple[str, ...], since: str | None,
               until: str | None, sort: str, output_format: str, raw: bool) -> None:
    """List clusters of copies: the same report in several outlets (or twice in one).

    With a query or filters, the clusters holding a matching article, listed whole.

    \b
    archive duplicates
    archive duplicates Impfstoff --format json
    archive duplicates --outlet Zeit --since 2021-01
    """
    from archive.output import duplicates as render
    from archive.output import text
    from archive.research.duplicates import duplicates as run_duplicates
    from archive.search import SearchRequest

    if raw and output_format == "text":
        raise UsageError("--raw is for --format json, jsonl or csv; text is always made inert")
    request = SearchRequest(query_text(query), outlets, years, authors, since, until, sort)
    clusters = run_duplicates(archive_paths(ctx), request)
    if output_format == "json":
        click.echo(render.duplicates_json(clusters, raw))
    elif output_format == "jsonl":
        if clusters:
            click.echo(render.duplicates_jsonl(clusters, raw))
    elif output_format == "csv":
        click.echo(render.duplicates_csv(clusters, raw))
    else:
        style = text.Style(colour_enabled())
        click.echo(render.duplicates_text(clusters, style), color=style.colour)

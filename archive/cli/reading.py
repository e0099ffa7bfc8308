"""Commands that only read: search, export, show, stats, explain. They never take the write
lock and never wait for a writer."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from archive.cli.app import (QueryCommand, archive_paths, cli, colour_enabled, query_text,
                              number_or_all,
                              raw_option)
from archive.errors import UsageError


def narrowing_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that narrow a query (--outlet, --year, --author, --since, --until)."""
    options = [
        click.option("--outlet", "outlets", multiple=True,
                     help="Only this outlet (repeatable: any of them)."),
        click.option("--year", "years", metavar="YEAR|A..B", help="Only these years."),
        click.option("--author", "authors", multiple=True,
                     help="Only this author (repeatable: any of them)."),
        click.option("--since", metavar="DATE", help="Published on or after (YYYY[-MM[-DD]])."),
        click.option("--until", metavar="DATE", help="Published on or before (YYYY[-MM[-DD]])."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that narrow and order a query, shared by search and export."""
    command = click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]),
                           default="relevance", show_default=True,
                           help="Order of the hits.")(command)
    return narrowing_options(command)


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1)
@filter_options
@click.option("--limit", type=click.IntRange(0, 10_000), default=10, show_default=True,
              help="Hits per page (0: only the count, and facets with --facets).")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Hits to skip.")
@click.option("--facets", is_flag=True, help="Count all hits by outlet, year and author.")
@click.option("--facet-limit", default="20", show_default=True, metavar="N|all",
              help="Values shown per facet.")
@click.option("--all-words", is_flag=True,
              help="Only articles with every word (no best-match hits after them).")
@click.option("--collapse", is_flag=True,
              help="One hit per cluster of copies (the best-ranked), with '+N copies: outlets'.")
@click.option("--count", "count", type=click.Choice(["articles", "clusters"]),
              default="articles", show_default=True,
              help="What facets count: articles, or distinct clusters of copies.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "jsonl", "csv"]),
              default="text", show_default=True)
@raw_option
@click.pass_context
def search(ctx: click.Context, query: tuple[str, ...], outlets: tuple[str, ...],
           years: str | None, authors: tuple[str, ...], since: str | None, until: str | None,
           sort: str, limit: int, offset: int, facets: bool, facet_limit: str, all_words: bool,
           collapse: bool, count: str, output_format: str, raw: bool) -> None:
    """Search the archive: ranked hits with highlighted snippets.

    \b
    archive search Starlink Taiwan
    archive search '"Elon Musk" -Tesla' --sort newest
    archive search 'Musk date:2023..2024' --outlet ZDF --facets
    """
    from archive.output import machine, text
    from archive.search import SearchRequest, search as run_search

    if raw and output_format == "text":
        raise UsageError("--raw is for --format json, jsonl or csv; text is always made inert")
    request = SearchRequest(query_text(query), outlets, years, authors, since, until, sort, limit,
                            offset, facets, number_or_all(facet_limit, "--facet-limit"),
                            all_words, collapse, count)
    result = run_search(archive_paths(ctx), request)
    for notice in result.notices:
        click.echo(f"archive: note: {notice}", err=True)
    if output_format == "json":
        click.echo(machine.search_json(result, raw))
    elif output_format == "jsonl":
        if result.hits or result.facets is not None:
            click.echo(machine.search_jsonl(result, raw))
    elif output_format == "csv":
        click.echo(machine.search_csv(result, raw))
    else:
        click.echo(text.search_text(result, text.Style(colour_enabled())), color=colour_enabled())


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1)
@filter_options
@click.option("--format", "output_format", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@raw_option
@click.option("--manifest", "manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the export's manifest here (default with -o: FILE.manifest.json; "
                   "to standard output: only with this option).")
@click.pass_context
def export(ctx: click.Context, query: tuple[str, ...], outlets: tuple[str, ...],
           years: str | None, authors: tuple[str, ...], since: str | None, until: str | None,
           sort: str, output_format: str, output: Path | None, raw: bool,
           manifest: Path | None) -> None:
    """Export every matching article with all fields, body and provenance included.

    Without a query or filters, the whole archive. With -o FILE, a manifest of what was
    exported (query, versions, each article's id and content hash) is written beside it as
    FILE.manifest.json; 'archive verify FILE.manifest.json' checks it later.
    """
    from archive.output import machine
    from archive.output.files import write_text_atomically
    from archive.records import export_records
    from archive.research.manifest import (Recorder, build_manifest, manifest_path_for,
                                           write_manifest)
    from archive.search import SearchRequest

    archive = archive_paths(ctx)
    request = SearchRequest(query_text(query), outlets, years, authors, since, until, sort)
    if manifest is None and output is not None:
        manifest = manifest_path_for(output)
    articles = Recorder(export_records(archive, request))
    chunks = machine.export_jsonl(articles, raw) if output_format == "jsonl" \
        else machine.export_csv(articles, raw)
    if output is None:
        for chunk in chunks:
            click.echo(chunk, nl=False)
    else:
        count = write_text_atomically(output, chunks)
        click.echo(f"wrote {output} ({count} bytes)", err=True)
    if manifest is not None:
        write_manifest(manifest, build_manifest(archive, request, output_format, raw, output,
                                                articles.entries))
        click.echo(f"wrote {manifest} ({len(articles.entries)} articles)", err=True)


@cli.command()
@click.argument("article_id")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--explain", is_flag=True, help="Show where each field's value came from.")
@click.pass_context
def show(ctx: click.Context, article_id: str, output_format: str, explain: bool) -> None:
    """Show one article in full. ID may be the first characters of an id."""
    from archive.output import machine, text
    from archive.records import show as run_show

    record = run_show(archive_paths(ctx), article_id)
    style = text.Style(colour_enabled())
    if output_format == "json":
        click.echo(machine.record_json(record))
    elif explain:
        click.echo(text.explain_record_text(record, style), color=style.colour)
    else:
        click.echo(text.article_text(record, style), color=style.colour)


@cli.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def stats(ctx: click.Context, output_format: str) -> None:
    """Articles, outlets, years, index size and state, last import."""
    import dataclasses

    from archive.maintenance import stats as run_stats
    from archive.output import machine, text

    result = run_stats(archive_paths(ctx))
    if output_format == "json":
        click.echo(machine.dumps(dataclasses.asdict(result), indent=2))
    else:
        click.echo(text.stats_text(result, text.Style(colour_enabled())))


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def explain(ctx: click.Context, query: tuple[str, ...], output_format: str) -> None:
    """Show how a query is understood: each word's analysis and the query that runs."""
    import dataclasses

    from archive.output import machine, text
    from archive.search import explain as run_explain

    explanation = run_explain(query_text(query), archive_paths(ctx))
    if output_format == "json":
        click.echo(machine.dumps(dataclasses.asdict(explanation), indent=2))
    else:
        click.echo(text.explanation_text(explanation, text.Style(colour_enabled())))

"""Commands that curate and cite: delete, prune (they write and hold the write lock), cite and
verify (they only read)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from archive.cli.app import QueryCommand, archive_paths, cli, query_text
from archive.cli.writing import wait_option


def _selection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The filters a QUERY may carry (as `archive search`); they do not go with ids."""
    options = [
        click.option("--outlet", "outlets", multiple=True, help="Only this outlet (repeatable)."),
        click.option("--year", "years", metavar="YEAR|A..B", help="Only these years."),
        click.option("--author", "authors", multiple=True, help="Only this author (repeatable)."),
        click.option("--since", metavar="DATE", help="Published on or after (YYYY[-MM[-DD]])."),
        click.option("--until", metavar="DATE", help="Published on or before (YYYY[-MM[-DD]])."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command(cls=QueryCommand)
@click.argument("words", nargs=-1)
@_selection_options
@click.option("--yes", is_flag=True, help="Delete; without it, only show what would go.")
@wait_option
@click.pass_context
def delete(ctx: click.Context, words: tuple[str, ...], outlets: tuple[str, ...],
           years: str | None, authors: tuple[str, ...], since: str | None, until: str | None,
           yes: bool, wait: float) -> None:
    """Delete articles: ID... (ids or their first characters) or a QUERY with filters.

    A QUERY deletes the articles 'archive search' counts for it (those with every word).
    Without --yes nothing is deleted: the articles that would go are listed.

    \b
    archive delete 4f06297c 28e5d3c0
    archive delete Starlink --outlet ZDF          (a dry run)
    archive delete Starlink --outlet ZDF --yes
    """
    from archive.curation import delete as run_delete
    from archive.output.removal import removal_text
    from archive.search import SearchRequest

    request = SearchRequest(query_text(words), outlets, years, authors, since, until)
    removal = run_delete(archive_paths(ctx), words, request, yes=yes, wait=wait)
    if removal.note:
        click.echo(f"archive: note: {removal.note}", err=True)
    click.echo(removal_text(removal))


@cli.command()
@click.option("--yes", is_flag=True, help="Delete; without it, only show what would go.")
@wait_option
@click.pass_context
def prune(ctx: click.Context, yes: bool, wait: float) -> None:
    """Delete the articles whose every imported source file is gone from disk.

    Without --yes nothing is deleted: the articles and their missing files are listed.
    """
    from archive.curation import prune as run_prune
    from archive.output.removal import removal_text

    removal = run_prune(archive_paths(ctx), yes=yes, wait=wait)
    click.echo(removal_text(removal))


@cli.command(cls=QueryCommand)
@click.argument("words", nargs=-1)
@_selection_options
@click.option("--format", "citation_format", type=click.Choice(["bibtex", "ris", "csl-json"]),
              default="bibtex", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.pass_context
def cite(ctx: click.Context, words: tuple[str, ...], outlets: tuple[str, ...],
         years: str | None, authors: tuple[str, ...], since: str | None, until: str | None,
         citation_format: str, output: Path | None) -> None:
    """Cite articles as newspaper-article entries: ID... or a QUERY with filters.

    BibTeX (biblatex, UTF-8), RIS or CSL-JSON, each importable into Zotero.

    \b
    archive cite 4f06297c --format ris
    archive cite Starlink --outlet ZDF --format csl-json -o starlink.json
    """
    from archive.output.files import write_text_atomically
    from archive.research.cite import citations
    from archive.search import SearchRequest

    request = SearchRequest(query_text(words), outlets, years, authors, since, until)
    text, selection = citations(archive_paths(ctx), words, request, citation_format)
    if selection.note:
        click.echo(f"archive: note: {selection.note}", err=True)
    if not selection.articles:
        click.echo("archive: note: no article matches: nothing to cite", err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_atomically(output, [text])
        click.echo(f"wrote {output} ({len(selection.articles)} citations)", err=True)


@cli.command()
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def verify(ctx: click.Context, manifest: Path, output_format: str) -> None:
    """Check an export's manifest against the archive: each article missing, changed or
    unchanged.

    Exit status 0 when every article is stored unchanged, 1 otherwise, 2 when MANIFEST is not
    a manifest.
    """
    from archive.output import machine
    from archive.output.removal import verification_text
    from archive.research.manifest import verify as run_verify

    report = run_verify(archive_paths(ctx), manifest)
    if output_format == "json":
        click.echo(machine.dumps({"manifest": report.manifest, "matched": report.matched,
                                  "counts": report.counts, "same_store": report.same_store,
                                  "export_file": report.export_file,
                                  "export_status": report.export_status,
                                  "articles": report.statuses}, indent=2))
    else:
        click.echo(verification_text(report))
    if not report.matched:
        ctx.exit(1)

"""Commands that curate and cite: delete, prune (they write and hold the write lock), cite and
verify (they only read)."""

from __future__ import annotations

import click

from archive.cli.app import QueryCommand, archive_paths, cli, query_text
from archive.cli.writing import wait_option


def _selection_options(command):  # type: ignore[no-untyped-def]
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

"""The researcher's own data: `tag`, `tags`, `note`, `notes`, and `query save|list|delete`.
Writing commands hold the archive's write lock; listing commands never wait for a writer."""

from __future__ import annotations

from typing import Any

import click

from archive.cli.app import QueryCommand, archive_paths, cli, query_text, raw_option
from archive.cli.reading import narrowing_options
from archive.cli.writing import wait_option
from archive.errors import UsageError
from archive.output.tables import FORMATS

format_option = click.option("--format", "output_format", type=click.Choice(FORMATS),
                             default="text", show_default=True)
# Marks an argument click must not read as an option (`-todo`); stripped again below.
_WORD_MARK = "\0"


class TagCommand(click.Command):
    """`archive tag +a -b ID… [options] [-- QUERY…]`: words after `--` are the query; before
    it, `-name` is a tag to remove unless it is one of the command's options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options = {name for param in self.get_params(ctx) if isinstance(param, click.Option)
                   for name in (*param.opts, *param.secondary_opts)}
        kept: list[str] = []
        for position, arg in enumerate(args):
            if arg == "--":
                ctx.meta["tag_query"] = args[position + 1:]
                break
            if arg.startswith("-") and len(arg) > 1 and arg.partition("=")[0] not in options:
                arg = _WORD_MARK + arg
            kept.append(arg)
        return super().parse_args(ctx, kept)


@cli.command(cls=TagCommand)
@click.argument("words", nargs=-1)
@narrowing_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@wait_option
@click.pass_context
def tag(ctx: click.Context, words: tuple[str, ...], outlets: tuple[str, ...],
        years: str | None, authors: tuple[str, ...], since: str | None, until: str | None,
        output_format: str, wait: float) -> None:
    """Add (+TAG) and remove (-TAG) tags on articles given by id and/or a query.

    \b
    archive tag +relevant -todo 4f06 28e5
    archive tag +wahl --year 2021 -- Wahl Bundestag
    archive tag -todo -- tag:todo outlet:ZDF

    The query after `--` and the filters select articles as `archive search` would (every
    matching article, not one page). Tag names: letters, digits and - _ . / : inside,
    case-folded. Reports how many articles changed.
    """
    from archive.output.machine import dumps
    from archive.research.tags import parse_changes, tag_articles
    from archive.search import SearchRequest

    words = tuple(word.removeprefix(_WORD_MARK) for word in words)
    changes = parse_changes(word for word in words if word[:1] in "+-")
    ids = [word for word in words if word[:1] not in "+-"]
    query_words = ctx.meta.get("tag_query")
    filtered = any((outlets, years, authors, since, until))
    request = None
    if query_words is not None or filtered:
        request = SearchRequest(query_text(tuple(query_words or ())), outlets, years, authors,
                                since, until)
        if not query_text(tuple(query_words or ())) and not filtered:
            raise UsageError("the query after -- is empty (write -- '*' for every article)")
    if request is None and not ids:
        raise UsageError("name the articles: ids, and/or a query after --")
    report = tag_articles(archive_paths(ctx), changes, ids, request, wait)
    if output_format == "json":
        click.echo(dumps({"format": "archive-tag", "format_version": 1,
                          "selected": report.selected, "changed": report.changed,
                          "added": report.added, "removed": report.removed}, indent=2))
        return
    parts = [f"+{name} on {count}" for name, count in report.added.items()] \
        + [f"-{name} on {count}" for name, count in report.removed.items()]
    click.echo(f"{report.changed} of {report.selected} article(s) changed: " + ", ".join(parts))


@cli.command()
@format_option
@raw_option
@click.pass_context
def tags(ctx: click.Context, output_format: str, raw: bool) -> None:
    """List the tags in use, with how many articles carry each (most used first)."""
    from archive.output.tables import render_table
    from archive.research.tags import list_tags

    rows = [{"tag": item.tag, "count": item.count} for item in list_tags(archive_paths(ctx))]
    _echo(render_table("tags", ("tag", "count"), rows, output_format, raw, "No tags yet."))


@cli.command()
@click.argument("article_id", required=False)
@click.argument("text", nargs=-1)
@click.option("--delete", "delete", type=int, metavar="NUMBER",
              help="Remove the note with this number (see 'archive notes').")
@wait_option
@click.pass_context
def note(ctx: click.Context, article_id: str | None, text: tuple[str, ...], delete: int | None,
         wait: float) -> None:
    """Write a note on an article (found with note:WORD in queries).

    \b
    archive note 4f06 "Zitat prüfen: zweite Quelle?"
    archive note --delete 3
    """
    from archive.output.safe import one_line
    from archive.research.notes import add_note, delete_note

    archive = archive_paths(ctx)
    if delete is not None:
        if article_id or text:
            raise UsageError("--delete takes only the note's number")
        removed = delete_note(archive, delete, wait)
        click.echo(f"deleted note {removed.id} on {removed.article_id}")
        return
    if not article_id or not text:
        raise UsageError("give an article id and the note's text")
    written = add_note(archive, article_id, " ".join(text), wait)
    click.echo(f"note {written.id} on {written.article_id}: {one_line(written.text)}")


@cli.command()
@click.argument("article_id", required=False)
@format_option
@raw_option
@click.pass_context
def notes(ctx: click.Context, article_id: str | None, output_format: str, raw: bool) -> None:
    """List the notes on one article, or every note."""
    from archive.output.tables import render_table
    from archive.research.notes import list_notes

    rows = [{"id": item.id, "article_id": item.article_id, "set_at": item.set_at,
             "text": item.text} for item in list_notes(archive_paths(ctx), article_id)]
    _echo(render_table("notes", ("id", "article_id", "set_at", "text"), rows, output_format,
                       raw, "No notes."))


@cli.group("query")
def query_group() -> None:
    """Saved queries: `archive query save NAME 'QUERY'`, then query:NAME in any query."""


@query_group.command("save", cls=QueryCommand)
@click.argument("name")
@click.argument("query", nargs=-1)
@narrowing_options
@wait_option
@click.pass_context
def query_save(ctx: click.Context, name: str, query: tuple[str, ...], outlets: tuple[str, ...],
               years: str | None, authors: tuple[str, ...], since: str | None,
               until: str | None, wait: float) -> None:
    """Save a query and its filters under NAME (replacing one of that name).

    \b
    archive query save wahl 'Bundestagswahl OR Wahlkampf' --year 2021
    archive search 'query:wahl Laschet'
    """
    from archive.research.saved_queries import clean_filters, save_query

    filters = clean_filters(outlets, years, authors, since, until)
    saved, replaced = save_query(archive_paths(ctx), name, query_text(query), filters, wait)
    click.echo(f"{'replaced' if replaced else 'saved'} query:{saved.name}")


@query_group.command("list")
@format_option
@raw_option
@click.pass_context
def query_list(ctx: click.Context, output_format: str, raw: bool) -> None:
    """List the saved queries."""
    from archive.output.tables import render_table
    from archive.research.saved_queries import list_queries

    rows = [{"name": item.name, "query": item.query, "filters": item.filters,
             "saved_at": item.saved_at} for item in list_queries(archive_paths(ctx))]
    _echo(render_table("queries", ("name", "query", "filters", "saved_at"), rows,
                       output_format, raw, "No saved queries."))


@query_group.command("delete")
@click.argument("name")
@wait_option
@click.pass_context
def query_delete(ctx: click.Context, name: str, wait: float) -> None:
    """Remove a saved query."""
    from archive.research.saved_queries import delete_query

    delete_query(archive_paths(ctx), name, wait)
    click.echo(f"deleted query:{name.strip().casefold()}")


def _echo(text: Any) -> None:
    if text:
        click.echo(text)

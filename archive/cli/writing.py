"""Commands that write: import, reextract, reindex, edit. Each holds the archive's write
lock."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from archive.cli.app import QueryCommand, archive_paths, cli, fail, query_text
from archive.locking import DEFAULT_WAIT_SECONDS

if TYPE_CHECKING:
    from archive.progress import ProgressEvent

wait_option = click.option(
    "--wait", type=click.FloatRange(min=0), default=DEFAULT_WAIT_SECONDS, show_default=True,
    help="Seconds to wait for another archive command that is writing.")


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--outlet", help="Outlet of every imported article (overrides extraction).")
@click.option("--date", "published", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--author", "authors", multiple=True, help="An author (repeatable).")
@click.option("--agency", "agencies", multiple=True, help="An agency credit (repeatable).")
@click.option("--url", help="The article's URL (its domain also names the outlet).")
@click.option("--title", help="The headline.")
@click.option("--max-size", type=click.FloatRange(min=0.001), default=10.0, show_default=True,
              help="Largest file to import, in MB.")
@click.option("--accept-all", is_flag=True,
              help="Import HTML pages that look like no article (a listing, a form, an error "
                   "page) too.")
@click.option("--format", "input_format",
              type=click.Choice(["jsonl", "json", "csv", "tsv", "warc"]),
              help="What standard input ('-') holds.")
@click.option("--map", "column_map", multiple=True, metavar="FIELD=COLUMN",
              help="Read FIELD (title, teaser, body, published, modified, outlet, authors, "
                   "agencies, url, language, id, html) from the spreadsheet column COLUMN "
                   "(repeatable).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="the number of cores",
              help="Worker processes for extraction and the index's text analysis; 1 does "
                   "all the work in one process.")
@wait_option
@click.pass_context
def import_(ctx: click.Context, paths: tuple[Path, ...], outlet: str | None,
            published: str | None, authors: tuple[str, ...], agencies: tuple[str, ...],
            url: str | None, title: str | None, max_size: float, accept_all: bool,
            input_format: str | None, column_map: tuple[str, ...], quiet: bool, jobs: int,
            wait: float) -> None:
    """Import article files and folders (recursively): saved pages (.txt, .html), crawler
    output and spreadsheets (.jsonl, .ndjson, .json, .csv, .tsv, also gzipped) and web
    archives (.warc, .warc.gz, .arc.gz, .wacz); '-' reads standard input (give --format).

    New and changed articles are stored and indexed; unchanged ones are skipped. Values given
    as options win over what extraction finds and are kept across re-imports. --title and
    --url name one article, so they go with a single article's file only. --max-size bounds
    a file, and in a file of many articles each record.
    """
    from archive.handgiven import validate
    from archive.importer import ImportOptions, import_paths, parse_column_map

    flags = validate({"outlet": outlet, "published": published, "authors": list(authors),
                      "agencies": list(agencies), "url": url, "title": title}, "flag",
                     "command line")
    stdin = sys.stdin.buffer if any(str(path) == "-" for path in paths) else None
    options = ImportOptions(flags=flags, max_bytes=int(max_size * 1024 * 1024), wait=wait,
                            accept_all=accept_all, column_map=parse_column_map(column_map),
                            stdin=stdin, stdin_format=input_format, jobs=jobs)
    archive = archive_paths(ctx)
    show_bar = not quiet and sys.stderr.isatty()
    with _ImportBar(show_bar) as bar:
        report = import_paths(list(paths), archive, options, bar)
    for path, reason in report.failures:
        click.echo(f"failed: {path}: {reason}", err=True)
    click.echo(report.summary())
    if report.repaired:
        click.echo(f"archive: note: the index lacked {report.repaired} stored article(s) "
                   "(an earlier command stopped early); indexed them now", err=True)
    if report.index_problem:
        fail(f"stored, but not indexed: {report.index_problem}", 4)
    if report.failures:
        ctx.exit(1)


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1)
@click.option("--outlet", "outlets", multiple=True, help="Only this outlet (repeatable).")
@click.option("--year", "years", metavar="YEAR|A..B", help="Only these years.")
@click.option("--author", "authors", multiple=True, help="Only this author (repeatable).")
@click.option("--since", metavar="DATE", help="Published on or after (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Published on or before (YYYY[-MM[-DD]]).")
@click.option("--dry-run", is_flag=True, help="Show what would change; store nothing.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json lists each changed article's fields, old and new.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@wait_option
@click.pass_context
def reextract(ctx: click.Context, query: tuple[str, ...], outlets: tuple[str, ...],
              years: str | None, authors: tuple[str, ...], since: str | None,
              until: str | None, dry_run: bool, output_format: str, quiet: bool,
              wait: float) -> None:
    """Run the current extraction again on stored articles (all, or those matching QUERY).

    Reads the source bytes kept at import, keeps hand-given values (sidecar, manifest, flags,
    edits), stores the articles that changed and reports which fields changed.
    """
    from archive.output import machine
    from archive.reextract import reextract as run_reextract
    from archive.search import SearchRequest

    request = SearchRequest(query_text(query), outlets, years, authors, since, until)
    show_bar = not quiet and sys.stderr.isatty()
    with _Progress(show_bar, "Re-extracting") as progress:
        report = run_reextract(archive_paths(ctx), request, dry_run=dry_run, wait=wait,
                               progress=progress, index_progress=progress.indexed)
    for article_id, source, reason in report.failures:
        click.echo(f"failed: {article_id} ({source}): {reason}", err=True)
    if output_format == "json":
        click.echo(machine.dumps(report.as_dict(), indent=2))
    else:
        click.echo(report.summary())
        if dry_run:
            click.echo("dry run: nothing was stored")
    if report.index_problem:
        fail(f"stored, but not indexed: {report.index_problem}", 4)
    if report.failures:
        ctx.exit(1)


class _Progress:
    """A progress bar on stderr for long imports and indexing on a terminal; silent otherwise."""

    def __init__(self, enabled: bool, label: str = "Importing") -> None:
        self.enabled = enabled
        self.label = label
        self.bar = None
        self.index_bar = None

    def __enter__(self) -> "_Progress":
        return self

    def __call__(self, number: int, total: int, path: str) -> None:
        if not self.enabled or total < 20:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label,
                                         file=click.get_text_stream("stderr"))
            self.bar.__enter__()
        self.bar.update(1)

    def indexed(self, done: int, total: int) -> None:
        """Progress of indexing (a catch-up or a rebuild): articles indexed of `total`."""
        if not self.enabled or total < 20:
            return
        if self.index_bar is None:
            if self.bar is not None:  # reading is done: one bar at a time
                self.bar.__exit__(None, None, None)
                self.bar = None
            self.index_bar = click.progressbar(length=total, label="Indexing",
                                               file=click.get_text_stream("stderr"))
            self.index_bar.__enter__()
        self.index_bar.update(done - self.index_bar.pos)

    def __exit__(self, *exc_info: object) -> None:
        for bar in (self.bar, self.index_bar):
            if bar is not None:
                bar.__exit__(None, None, None)


class _ImportBar:
    """The import's one bar on stderr: reading, extraction, storing and indexing together,
    with the ETA from the rate so far (work done per second since the start)."""

    WIDTH = 30
    # Redraw at most this often: an import of small records hears of thousands per second.
    EVERY_SECONDS = 0.2

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.shown = False

    def __enter__(self) -> "_ImportBar":
        return self

    def __call__(self, event: "ProgressEvent") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.drawn_at < self.EVERY_SECONDS and event.stage != "done":
            return
        if event.stage == "done" and not self.shown:
            return  # a short import that never drew its bar needs no last line either
        self.drawn_at, self.shown = now, True
        share = event.done / event.total if event.total else 1.0
        filled = int(self.WIDTH * share)
        elapsed = now - self.started
        eta = ""
        if 0 < share < 1 and elapsed > 1:
            eta = f"  ETA {_clock(elapsed * (1 - share) / share)}"
        stage = {"reading": "Importing", "indexing": "Indexing"}.get(event.stage, "Done")
        line = f"\r{stage:<9} [{'#' * filled}{'-' * (self.WIDTH - filled)}] {share:4.0%}" \
               f"  {_clock(elapsed)}{eta}"
        click.echo(line.ljust(72), nl=False, err=True)

    def __exit__(self, *exc_info: object) -> None:
        if self.shown:
            click.echo(err=True)


def _clock(seconds: float) -> str:
    """Seconds as m:ss (h:mm:ss from an hour)."""
    minutes, second = divmod(int(seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}" if hours else f"{minute}:{second:02d}"


@cli.command()
@click.option("--full", is_flag=True,
              help="Rebuild the whole index from the store (needed after an analysis change).")
@wait_option
@click.pass_context
def reindex(ctx: click.Context, full: bool, wait: float) -> None:
    """Bring the search index up to date with the store.

    Without --full only what the index lacks is indexed. With --full a new index is built
    beside the old one and swapped in when complete, so searches keep working meanwhile.
    """
    from archive.maintenance import reindex as run_reindex

    with _Progress(sys.stderr.isatty(), "Indexing") as progress:
        result = run_reindex(archive_paths(ctx), full=full, wait=wait, progress=progress.indexed)
    for notice in result.notices:
        click.echo(f"archive: note: {notice}", err=True)
    if result.rebuilt_because:
        click.echo(f"archive: note: {result.rebuilt_because}; rebuilt it from the store", err=True)
    for article_id, reason in result.skipped:
        click.echo(f"failed: {article_id}: stored, but could not be indexed ({reason}); please "
                   "report this article ('archive check' lists it)", err=True)
    what = "rebuilt the index" if full or result.rebuilt_because else "index up to date"
    indexed = result.indexed
    click.echo(f"{what}: {indexed} article{'s' if indexed != 1 else ''} indexed")
    if result.skipped:
        ctx.exit(1)


@cli.command()
@click.argument("article_id")
@click.option("--title", help="The headline.")
@click.option("--outlet", help="The outlet.")
@click.option("--author", "authors", multiple=True, help="An author (repeatable; replaces all).")
@click.option("--agency", "agencies", multiple=True, help="An agency (repeatable; replaces all).")
@click.option("--date", "published", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--url", help="The article's URL.")
@click.option("--reset", "reset", multiple=True, metavar="FIELD",
              help="Back to the value extraction found (title, outlet, authors, agencies, "
                   "date, url, ...; repeatable).")
@wait_option
@click.pass_context
def edit(ctx: click.Context, article_id: str, title: str | None, outlet: str | None,
         authors: tuple[str, ...], agencies: tuple[str, ...], published: str | None,
         url: str | None, reset: tuple[str, ...], wait: float) -> None:
    """Correct an article's metadata by hand. The correction is kept across re-import and
    reindex; --reset FIELD forgets it and restores what extraction found."""
    from archive.records import edit as run_edit, reset_field

    values = {"title": title, "outlet": outlet, "authors": list(authors) or None,
              "agencies": list(agencies) or None, "published": published, "url": url}
    article, _ = run_edit(archive_paths(ctx), article_id, values, wait=wait, reset=reset)
    done = []
    changed = ", ".join(name for name, value in values.items() if value)
    if changed:
        done.append(f"set {changed}")
    if reset:
        done.append("reset " + ", ".join(dict.fromkeys(reset_field(name) for name in reset)))
    click.echo(f"{article.id}: {'; '.join(done)}")


@cli.command()
@click.option("--repair", is_flag=True, help="Fix the index from the store (never the store).")
@click.option("--no-sources", is_flag=True, help="Skip re-hashing the imported files.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@wait_option
@click.pass_context
def check(ctx: click.Context, repair: bool, no_sources: bool, output_format: str,
          wait: float) -> None:
    """Verify that the index matches the store and that source files are unchanged.

    Exit status 0 when the index is consistent (after --repair, if given), 1 otherwise.
    """
    import dataclasses

    from archive.check import check as run_check
    from archive.output import machine
    from archive.output.text import check_text

    report = run_check(archive_paths(ctx), repair=repair, verify_sources=not no_sources, wait=wait)
    if output_format == "json":
        click.echo(machine.dumps(dataclasses.asdict(report)
                                 | {"index_consistent": report.index_consistent}, indent=2))
    else:
        click.echo(check_text(report))
    if not report.index_consistent:
        ctx.exit(1)

"""The click group, the global options, and the one place where library errors become a
one-line message and an exit status (see docs/guide.md, "Exit status")."""

from __future__ import annotations

import importlib
import os
import sqlite3
import sys
from typing import Any

import click

from archive import __version__
from archive.errors import ArchiveError
from archive.paths import ArchivePaths, printable_path

EXIT_INTERRUPTED = 130
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug, not the user's mistake
EXIT_STORE_DAMAGED = 74  # EX_IOERR: the store file cannot be read as a database
WRITING_COMMANDS = frozenset({"import", "edit", "reindex", "reextract", "check", "tag", "note",
                              "query", "delete", "prune"})


# Which module defines each command. A new process imports only the module of the command it
# runs (a search skips the import, curation and research commands and what they import); help
# and the list of commands import them all. tests/test_cold_start.py checks this table against
# the commands the modules register.
COMMAND_MODULES = {
    "annotating": ("note", "notes", "query", "tag", "tags"),
    "curating": ("cite", "delete", "prune", "verify"),
    "duplicates": ("duplicates",),
    "reading": ("explain", "export", "search", "show", "stats"),
    "research": ("kwic", "trend"),
    "writing": ("check", "edit", "import", "reextract", "reindex"),
}
_MODULE_OF = {name: module for module, names in COMMAND_MODULES.items() for name in names}


# The one option every machine format shares (search, export, trend, tags, …).
raw_option = click.option("--raw", is_flag=True,
                          help="Machine formats as stored: no escapes, no ' before "
                               "formula-like CSV cells.")


def number_or_all(text: str, option: str) -> int | None:
    """An option's value that is a number or 'all' (None): `--facet-limit`, `--max-articles`."""
    if text.strip().lower() == "all":
        return None
    try:
        return int(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a number or 'all'",
                                 param_hint=option) from None


class ArchiveGroup(click.Group):
    """A click group that reports ArchiveError as one line with the error's exit status, and
    whose commands are registered by their modules when first asked for (COMMAND_MODULES)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, including those whose module is not imported yet."""
        return sorted(set(_MODULE_OF) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, importing the module that registers it on first use."""
        if cmd_name not in self.commands and cmd_name in _MODULE_OF:
            importlib.import_module(f"archive.cli.{_MODULE_OF[cmd_name]}")
        return super().get_command(ctx, cmd_name)

    def load_all(self) -> dict[str, click.Command]:
        """Import every command module (for code that walks all commands); the commands."""
        for module in COMMAND_MODULES:
            importlib.import_module(f"archive.cli.{module}")
        return self.commands

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArchiveError as error:
            fail(str(error), error.exit_code)
        except KeyboardInterrupt:
            # Only a writing command has something stored to reassure about.
            writing = ctx.invoked_subcommand in WRITING_COMMANDS
            fail("interrupted; everything stored before the interruption is kept" if writing
                 else "interrupted", EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader of our output went away (e.g. `| head`): not an error worth a line.
            _silence_stdout()
            sys.exit(0)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except sqlite3.DatabaseError as error:
            if type(error) is not sqlite3.DatabaseError:  # locked, I/O: not damage in the file
                raise
            store = ctx.obj.store_file if isinstance(ctx.obj, ArchivePaths) else "the store"
            fail(f"the store {printable_path(store)} is damaged ({error}); nothing was changed. "
                 f"Recover what SQLite can still read: sqlite3 {printable_path(store)} .recover "
                 "| sqlite3 recovered.sqlite3, then put recovered.sqlite3 in its place (or "
                 "restore a backup) and run 'archive reindex --full'", EXIT_STORE_DAMAGED)
        except Exception as error:  # noqa: BLE001 — the last guard against a traceback
            if os.environ.get("ARCHIVE_DEBUG"):
                raise
            fail(f"internal error: {type(error).__name__}: {error} "
                 "(set ARCHIVE_DEBUG=1 to see the traceback)", EXIT_INTERNAL)


class QueryCommand(click.Command):
    """A command whose arguments are query words. After the first query word, a word starting
    with '-' is a query word (`archive search Musk -Tesla` means NOT Tesla), unless it is one of
    the command's own options; before it, an unknown option is still an error."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options = {name: not (param.is_flag or param.count)
                   for param in self.get_params(ctx) if isinstance(param, click.Option)
                   for name in (*param.opts, *param.secondary_opts)}
        kept: list[str] = []
        seen_word = expects_value = False
        for position, arg in enumerate(args):
            if expects_value:
                expects_value = False
            elif arg == "--":
                kept.extend(args[position:])
                break
            elif arg.startswith("-") and len(arg) > 1:
                name, has_value, _ = arg.partition("=")
                if name in options:
                    expects_value = options[name] and not has_value
                elif seen_word and not arg.startswith("--"):
                    # A leading space keeps click from reading it as an option; the query
                    # parser skips the space and reads '-word' as NOT word.
                    arg = " " + arg
            else:
                seen_word = True
            kept.append(arg)
        return super().parse_args(ctx, kept)


def query_text(words: tuple[str, ...]) -> str:
    """The query words of a QueryCommand as one query string."""
    return " ".join(word.strip() for word in words)


def fail(message: str, code: int) -> None:
    """Print one error line to stderr and exit with `code`."""
    click.echo(f"archive: {' '.join(message.split())}", err=True)
    sys.exit(code)


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def archive_paths(ctx: click.Context) -> ArchivePaths:
    """The archive home chosen by --home, ARCHIVE_HOME or the default ./index."""
    return ctx.find_root().obj


def colour_enabled() -> bool:
    """Emphasis only for a terminal, and never when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@click.group(cls=ArchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(file_okay=False), default=None,
              help="The archive folder (default: $ARCHIVE_HOME, else ./index).")
@click.version_option(__version__, prog_name="archive")
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """A searchable archive of German news articles.

    \b
    archive import seeds/                 import files and folders
    archive search "Starlink Taiwan"      ranked search with snippets
    archive search Putin --year 2021 --facets
    archive show ID                       one article, in full
    archive export Musk --format csv -o musk.csv
    """
    ctx.obj = ArchivePaths.resolve(home)

"""The command line: the only code that imports click. Commands parse options, call one library
function and render its result; see archive/cli/app.py for errors and exit statuses."""

from __future__ import annotations

from archive.cli import (annotating, curating, duplicates, reading, research,  # noqa: F401
                         writing)  # (importing them registers the commands)
from archive.cli.app import cli


def main() -> None:
    """Entry point of the `archive` console script."""
    cli(prog_name="archive")


__all__ = ["cli", "main"]

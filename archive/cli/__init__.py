"""The command line: the only code that imports click. Commands parse options, call one library
function and render its result; see archive/cli/app.py for errors and exit statuses."""

from __future__ import annotations

# The command modules register their commands when the group first asks for one (see
# ArchiveGroup in archive/cli/app.py), so a new process imports only the one it runs.
from archive.cli.app import cli


def main() -> None:
    """Entry point of the `archive` console script."""
    cli(prog_name="archive")


__all__ = ["cli", "main"]

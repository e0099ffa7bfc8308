"""Every command is documented in the user guide and has help text."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from archive.cli import cli
from conftest import REPO

GUIDE = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.load_all()))
def test_command_is_documented_and_has_help(name: str) -> None:
    assert f"### `archive {name}" in GUIDE
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) > 3

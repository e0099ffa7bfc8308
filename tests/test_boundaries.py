"""Who may import what, and the light search path."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, Archive, heavy_modules_loaded

PACKAGE = REPO / "archive"
# A third-party package and the only part of `archive` allowed to import it.
OWNERS = {"bs4": "archive/sources", "whoosh": "archive/index", "click": "archive/cli",
          "matplotlib": "archive/research/plot.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package, owner", sorted(OWNERS.items()))
def test_only_the_owner_imports(package: str, owner: str) -> None:
    offenders = [str(path.relative_to(REPO)) for path in sorted(PACKAGE.rglob("*.py"))
                 if package in imported_modules(path)
                 and not str(path.relative_to(REPO)).startswith(owner)]
    assert offenders == []


def test_search_does_not_load_bs4_or_the_parsers(seeded: Archive) -> None:
    assert heavy_modules_loaded(seeded.home, "search", "Musk", "--facets") == []


def test_the_console_script_runs(seeded: Archive) -> None:
    completed = subprocess.run([sys.executable, "-m", "archive", "--home", str(seeded.home),
                                "search", "Starlink", "Taiwan", "--format", "jsonl"],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout.splitlines()[0])["outlet"] == "ZDF"


def test_the_german_chain_is_engine_independent() -> None:
    """archive/german is the analysis chain alone: it imports no index code, no Whoosh and no
    other part of the archive, so it can serve another engine (or a test) unchanged."""
    offenders: list[str] = []
    for path in sorted((PACKAGE / "german").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                       else [node.module] if isinstance(node, ast.ImportFrom) and node.module
                       else [])
            offenders.extend(f"{path.relative_to(REPO)}: {module}" for module in modules
                             if module.split(".")[0] == "whoosh"
                             or (module.startswith("archive") and not module.startswith("archive.german")))
    assert offenders == []

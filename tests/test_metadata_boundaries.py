"""Who may import what: bs4 only in archive.sources; archive.metadata stays pure (no bs4, whoosh,
click); plain-text import never loads bs4."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

ARCHIVE = pathlib.Path(__file__).resolve().parent.parent / "archive"
_IMPORT = re.compile(r"^\s*(?:from|import)\s+(bs4|whoosh|click)\b", re.MULTILINE)


def test_metadata_imports_no_parser_index_or_cli() -> None:
    for module in (ARCHIVE / "metadata").glob("*.py"):
        assert not _IMPORT.findall(module.read_text("utf-8")), module.name


def test_only_sources_imports_bs4() -> None:
    for module in ARCHIVE.rglob("*.py"):
        if "bs4" in _IMPORT.findall(module.read_text("utf-8")):
            assert module.parent.name == "sources", module


def test_reading_and_extracting_plain_text_does_not_load_bs4() -> None:
    code = ("import pathlib, sys; from archive.sources import read_source; from archive.metadata import extract; "
            "d = read_source(pathlib.Path('a.txt'), ('Titel\\n\\n' + 'Ein Satz im Text. ' * 20).encode()); "
            "extract(d); print('bs4' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

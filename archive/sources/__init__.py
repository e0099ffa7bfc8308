"""Readers, one per input format: bytes of a source file -> a SourceDocument.

This package is the only code that imports bs4 (and only archive.sources.html does, lazily, so
importing plain text never pays for it). Contract used by the importer:

    SUPPORTED_SUFFIXES: frozenset[str]
    read_source(path: Path, data: bytes) -> SourceDocument   # raises archive.errors.InputError
"""

from __future__ import annotations

import pathlib

from archive.errors import InputError
from archive.sources.document import HtmlHints, SourceDocument, TextBlock, TimeElement

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".html", ".htm"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})

__all__ = ["SUPPORTED_SUFFIXES", "HtmlHints", "SourceDocument", "TextBlock", "TimeElement",
           "read_source"]


def read_source(path: pathlib.Path, data: bytes) -> SourceDocument:
    """Decode `data` (the bytes of `path`) with the reader its suffix names.

    Raises InputError with a short reason for an unsupported suffix, an empty, binary or
    undecodable file.

    >>> read_source(pathlib.Path("a.txt"), "Titel\\n\\nText.".encode()).format
    'text'
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type {suffix or '(no suffix)'!r}; "
                         f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")
    if suffix in _HTML_SUFFIXES:
        from archive.sources.html import read_html

        return read_html(path, data)
    from archive.sources.text import read_text

    return read_text(path, data)

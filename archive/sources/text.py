"""The plain-text reader: a copy of a news page saved as text."""

from __future__ import annotations

import pathlib
import re

from archive.sources.decode import decode_bytes
from archive.sources.document import SourceDocument

# Copies from browsers carry no-break and zero-width spaces that break line matching later.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")


def read_text(path: pathlib.Path, data: bytes) -> SourceDocument:
    """Decode a plain-text copy and normalise its whitespace (line ends, odd spaces).

    >>> read_text(pathlib.Path("a.txt"), b"Titel\\r\\n\\r\\nText\\xa0eins.").text
    'Titel\\n\\nText eins.'
    """
    text, encoding = decode_bytes(path, data)
    text = _ODD_SPACE.sub(" ", _INVISIBLE.sub("", text))
    return SourceDocument(path=path, format="text", text=text, encoding=encoding)

"""Bytes of a source file -> text, or one clear reason why not.

Order: byte-order marks, then strict UTF-8 (valid UTF-8 with non-ASCII bytes is practically never
anything else, so it beats a page's own, often wrong, charset declaration), then the declared
charset, then cp1252 (the usual German legacy encoding), then latin-1 (decodes any byte).
"""

from __future__ import annotations

import codecs
import pathlib
import re

from archive.errors import InputError

# Magic numbers of formats people drop into a folder by mistake.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "zip archive (or an office document)"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf", "7-zip archive"),
    (b"Rar!", "RAR archive"),
    (b"\xd0\xcf\x11\xe0", "old office document"),
    (b"RIFF", "RIFF media file"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3", "SQLite database"),
)

_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.-]+)""",
    re.IGNORECASE,
)
# C0 controls other than tab, line feed, form feed and carriage return: text files do not have them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes, as a Python codec name, or None.

    >>> declared_charset(b'<meta charset="ISO-8859-1">')
    'cp1252'
    """
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii", "replace").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # Browsers read latin-1 declarations as windows-1252; so do we (curly quotes, euro sign).
    return "cp1252" if codec in ("iso8859-1", "latin-1", "ascii") else codec


def decode_bytes(path: pathlib.Path, data: bytes, *, markup: bool = False) -> tuple[str, str]:
    """Decode a source file; return (text, encoding name). Raise InputError for empty, binary
    or undecodable content.

    >>> decode_bytes(pathlib.Path("a.txt"), "Grüße".encode("cp1252"))
    ('Grüße', 'cp1252')
    """
    if not data.strip():
        raise InputError(path, "empty file")
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise InputError(path, f"binary content ({kind}), not text")

    text, encoding = _decode(data, markup)
    if encoding == "binary":
        raise InputError(path, "binary content (NUL bytes), not text")
    if text is None:
        raise InputError(path, "undecodable: not UTF-8, UTF-16 or a Western European encoding")
    sample = text[:20000]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 200):
        raise InputError(path, "binary content (control bytes), not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(path, "empty file")
    return text, encoding


def _decode(data: bytes, markup: bool) -> tuple[str | None, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8"
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _strict(data, codec), codec
    if b"\x00" in data[:4096]:
        # NUL bytes without a BOM: UTF-16 text is possible but rare; binary is the usual case.
        return None, "binary"
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    text = _mostly_utf8(data)
    if text is not None:
        return text, "utf-8"
    if markup:
        declared = declared_charset(data)
        if declared and declared not in ("utf-8", "cp1252"):
            text = _strict(data, declared)
            if text is not None:
                return text, declared
    text = _strict(data, "cp1252")
    if text is not None:
        return text, "cp1252"
    return data.decode("latin-1"), "latin-1"


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a truncated download, a stray byte) stays UTF-8:
    reading it as cp1252 would garble every umlaut to repair a handful of bytes."""
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    # the characters past ASCII, counted without a Python step per character
    good = len(text) - len(text.encode("ascii", "ignore")) - broken
    return text if good >= 3 and good > 2 * broken else None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None

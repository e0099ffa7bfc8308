"""Decoding source bytes: encodings, byte-order marks, wrong charset declarations, bad input."""

from __future__ import annotations

import codecs
import pathlib

import pytest

from archive.errors import InputError
from archive.sources import SUPPORTED_SUFFIXES, read_source

TEXT = "Grüße aus Köln – „Anführung“ für 5 €.\n\nZweiter Absatz mit ß."


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),  # with BOM
    TEXT.encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]),
    TEXT.encode("cp1252"),
], ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1252"])
def test_text_decodes_to_the_same_string(data: bytes) -> None:
    assert read_source(pathlib.Path("a.txt"), data).text == TEXT


def test_latin1_only_bytes_fall_back() -> None:
    # 0x81 is undefined in cp1252; latin-1 still reads it, the umlauts stay right
    data = "Müller".encode("latin-1") + b"\x81"
    assert read_source(pathlib.Path("a.txt"), data).text.startswith("Müller")


def test_utf8_with_a_few_broken_bytes_stays_utf8() -> None:
    data = TEXT.encode("utf-8") + b"\xff\xfe\xc3("
    assert read_source(pathlib.Path("a.txt"), data).text.startswith(TEXT)


def test_crlf_and_nbsp_are_normalised() -> None:
    doc = read_source(pathlib.Path("a.txt"), "Titel\r\n\r\nText\u00a0eins.".encode())
    assert doc.text == "Titel\n\nText eins."


def test_html_declaring_latin1_but_holding_utf8_is_read_as_utf8() -> None:
    page = ('<html><head><meta charset="iso-8859-1"><title>Grüße</title></head>'
            '<body><p>Schöne Grüße</p></body></html>').encode("utf-8")
    doc = read_source(pathlib.Path("a.html"), page)
    assert doc.format == "html" and "Schöne Grüße" in doc.text and doc.encoding == "utf-8"


def test_html_declaring_utf8_but_holding_cp1252_is_read_as_cp1252() -> None:
    page = ('<html><head><meta charset="utf-8"></head><body><p>Schöne Grüße für 5 €</p></body></html>'
            ).encode("cp1252")
    assert "Schöne Grüße für 5 €" in read_source(pathlib.Path("a.htm"), page).text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \n\t \n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "zip"),
    (b"some text\x00\x00\x00 with NUL bytes", "NUL"),
    (bytes(range(1, 32)) * 40, "control"),
])
def test_bad_input_gets_one_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        read_source(pathlib.Path("bad.txt"), data)
    assert reason in caught.value.reason
    assert caught.value.path == "bad.txt"


def test_unsupported_suffix_is_an_input_error() -> None:
    assert SUPPORTED_SUFFIXES == frozenset({".txt", ".html", ".htm"})
    with pytest.raises(InputError, match="unsupported"):
        read_source(pathlib.Path("a.docx"), b"text")

"""CSV and TSV files of articles: spreadsheet exports (Nexis, AmCAT, a project's own coding).

The layout is read from the file: encoding (a BOM, else UTF-8, else cp1252 as German
spreadsheets write it, decided line by line), separator (`;`, `,`, tab or `|`, whichever the
header line holds most of outside quotes), quote character, and which column holds which
field, by common names in German and English (`archive.metadata.recordfields.FIELD_NAMES`:
Titel/title/Überschrift, Text/body/Inhalt/article, Datum/date/published, Medium/Quelle/outlet,
Autor/author, Link/URL, …). `--map FIELD=COLUMN` names the rest (a column by its header or,
for a file without a header row, by its number). A layout without a text column is refused
with one line naming the columns found and the `--map` that would import it.

The file is streamed line by line; each row becomes a record whose payload holds the fields
its columns name.
"""

from __future__ import annotations

import csv
import pathlib
import zlib
from typing import BinaryIO, Iterator, Mapping

from archive.errors import InputError
from archive.sources.records import (RawRecord, RecordLimits, RecordProblem, envelope,
                                     fields_payload)

MAPPABLE_FIELDS = ("title", "teaser", "body", "html", "published", "modified", "outlet",
                   "domain", "authors", "agencies", "url", "language", "id")
_SEPARATORS = (";", ",", "\t", "|")
# A header cell is a name: short. A first row with a long cell is data (a file without header).
_LONGEST_NAME = 60


def read_table(path: pathlib.Path, stream: BinaryIO, limits: RecordLimits,
               tab: bool = False) -> Iterator[RawRecord | RecordProblem]:
    """The rows of a CSV/TSV file as records, each row one article.

    >>> import io
    >>> data = "Titel;Datum;Inhalt\\nStreik;12.09.2024;Die Bahn steht.\\n".encode("cp1252")
    >>> [r.where for r in read_table(pathlib.Path("a.csv"), io.BytesIO(data), RecordLimits())]
    ['line 2']
    """
    lines = _decoded_lines(path, stream, limits.max_record_bytes)
    first = next(lines, None)
    if first is None:
        raise InputError(path, "an empty file")
    number, header_line = first
    declared = _declared_separator(header_line)
    if declared:
        # Excel's "sep=;" line names the separator; the header follows it.
        first = next(lines, None)
        if first is None:
            raise InputError(path, "only a 'sep=' line")
        number, header_line = first
    separator = declared or ("\t" if tab else _separator(header_line))
    quote = "'" if header_line.lstrip().startswith("'") else '"'
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_record_bytes))
    header = next(csv.reader([header_line], delimiter=separator, quotechar=quote), [])
    has_header = bool(header) and all(len(cell) <= _LONGEST_NAME for cell in header) and \
        any(cell.strip() for cell in header)
    names = header if has_header else [str(index) for index in range(1, len(header) + 1)]
    sample = header
    if has_header:
        second = next(lines, None)
        if second is not None:
            sample = next(csv.reader([second[1]], delimiter=separator, quotechar=quote), [])
            lines = _chain(second, lines)
    else:
        lines = _chain(first, lines)
    columns = _columns(path, names, sample, has_header, limits.column_map)
    consumed = [number if has_header else 0]  # the last line the reader has taken
    reader = csv.reader(_tracking(lines, consumed), delimiter=separator, quotechar=quote,
                        strict=False)
    while True:
        start = consumed[0] + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield RecordProblem(f"line {start}", f"not a valid row ({error})")
            continue
        if not any(cell.strip() for cell in row):
            continue
        fields = {name: row[index].strip() for name, index in columns.items()
                  if index < len(row) and row[index].strip()}
        if "body" not in fields and "html" not in fields:
            yield RecordProblem(f"line {start}", "the text column is empty")
            continue
        identity = fields.get("id") or fields.get("url")
        yield RawRecord(f"line={start}", f"line {start}", identity,
                        envelope({"format": "csv", "kind": "fields", "id": identity},
                                 fields_payload(fields)))


def _tracking(lines: Iterator[tuple[int, str]], consumed: list[int]) -> Iterator[str]:
    for number, text in lines:
        consumed[0] = number
        yield text


def _chain(first: tuple[int, str], rest: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    yield first
    yield from rest


def _decoded_lines(path: pathlib.Path, stream: BinaryIO,
                   max_bytes: int) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line: BOM-marked UTF-8/UTF-16 as marked; else UTF-8, and a
    line that is not UTF-8 read as cp1252 (Excel's German default)."""
    number = 0
    encoding = "utf-8"
    while True:
        number += 1
        try:
            line = stream.readline(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(path, f"line {number}: cannot read on ({error or 'data ends early'});"
                                   " the rows before it were read") from None
        if not line:
            return
        if len(line) > max_bytes:
            raise InputError(path, f"line {number} is over {max_bytes / 1048576:g} MB "
                                   "(raise it with --max-size)")
        if number == 1:
            if line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            elif line.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise InputError(path, "UTF-16 text; save the spreadsheet as CSV UTF-8")
        try:
            text = line.decode(encoding)
        except UnicodeDecodeError:
            text = line.decode("cp1252", errors="replace")
        yield number, text


def _declared_separator(line: str) -> str | None:
    """The separator an Excel `sep=;` first line names, else None.

    >>> _declared_separator("sep=;"), _declared_separator("Titel;Text")
    (';', None)
    """
    text = line.strip()
    return text[4] if len(text) == 5 and text.lower().startswith("sep=") else None


def _separator(line: str) -> str:
    """The separator the header line uses most, outside quotes.

    >>> _separator('Titel;Text;"a,b"'), _separator("title,text")
    (';', ',')
    """
    counts = {separator: 0 for separator in _SEPARATORS}
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def _columns(path: pathlib.Path, names: list[str], first_row: list[str], has_header: bool,
             column_map: Mapping[str, str]) -> dict[str, int]:
    """field -> column index: `--map` first, then the recognised names."""
    from archive.metadata.recordfields import canonical_field

    columns: dict[str, int] = {}
    folded = [name.strip().casefold() for name in names]
    for name, column in column_map.items():
        wanted = column.strip().casefold()
        if wanted in folded:
            columns[name] = folded.index(wanted)
        elif wanted.isdigit() and 1 <= int(wanted) <= len(names):
            columns[name] = int(wanted) - 1
        else:
            raise InputError(path, f"--map {name}={column}: no such column (columns: "
                                   f"{_listed(names)})")
    if has_header:
        for index, name in enumerate(names):
            field = canonical_field(name)
            if field and field not in columns and index not in columns.values():
                columns[field] = index
    if "body" not in columns and "html" not in columns:
        raise InputError(path, _unknown_layout(path, names, first_row, has_header))
    return columns


def _unknown_layout(path: pathlib.Path, names: list[str], first_row: list[str],
                    has_header: bool) -> str:
    """The one line for a layout without a text column: what was found, and the --map that
    would import it (the longest cell of the first row is likely the text)."""
    lengths = [len(cell) for cell in first_row]
    guess = lengths.index(max(lengths)) if lengths else 0
    suggestion = f"--map body={names[guess] if names else 1}"
    shorter = [index for index in range(len(names)) if index != guess]
    if shorter and has_header:
        suggestion += f" --map title={names[shorter[0]]}"
    found = f"columns {_listed(names)}" if has_header else \
        f"no header row, {len(names)} columns"
    return (f"no column with the article text ({found}); import it with "
            f"'archive import {path.name} {suggestion}'")


def _listed(names: list[str]) -> str:
    shown = ", ".join(repr(name) for name in names[:20])
    return shown + (f", … ({len(names)} in all)" if len(names) > 20 else "")

"""Files that hold many articles: JSON Lines, JSON, CSV/TSV and web archives (WARC, ARC, WACZ).

A reader streams a file and yields one `RawRecord` per article (or a `RecordProblem` for one
record it cannot read: the rest goes on). Each record's bytes are an envelope, kept in the
archive home like an imported file's bytes, so `archive reextract` can read it again alone:

    {"archive-record": 1, "format": "jsonl", "kind": "fields", ...}\\n<payload>

`kind` "fields" has a JSON object as payload (the record's own fields; a CSV row as the fields
its columns name), "html" has a page's raw bytes (a web archive's response), with the address
and capture time in the header.

Contract used by the importer:

    record_format(path) -> str | None       # "jsonl", "json", "csv", "tsv", "warc", "wacz"
    iter_records(path, stream, fmt, limits) -> Iterator[RawRecord | RecordProblem]
    read_envelope(path, data) -> tuple[dict, bytes]
"""

from __future__ import annotations

import gzip
import json
import pathlib
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator, Mapping

from archive.errors import InputError

ENVELOPE_MARK = b'{"archive-record": 1'
RECORD_FORMATS = ("jsonl", "json", "csv", "tsv", "warc", "wacz")
# name endings -> format; ".gz" alone is sniffed from the content
_ENDINGS: tuple[tuple[str, str], ...] = (
    (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".jsonl.gz", "jsonl"), (".ndjson.gz", "jsonl"),
    (".json", "json"), (".json.gz", "json"), (".csv", "csv"), (".csv.gz", "csv"),
    (".tsv", "tsv"), (".tsv.gz", "tsv"), (".tab", "tsv"), (".warc", "warc"),
    (".warc.gz", "warc"), (".arc", "warc"), (".arc.gz", "warc"), (".wacz", "wacz"),
)
_LONGEST_FIRST = tuple(sorted(_ENDINGS, key=lambda item: -len(item[0])))
RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".tab", ".warc",
                             ".arc", ".wacz", ".gz"})


@dataclass(frozen=True)
class RecordLimits:
    """Bounds per record: the bytes of one record, and for CSV the hand-given column map."""

    max_record_bytes: int = 10 * 1024 * 1024
    column_map: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RawRecord:
    """One article's record in a multi-record file.

    `anchor` locates it for a machine (`line=12`, `offset=3456`), `where` for a reader
    (`line 12`); `record_id` is the record's own id or address when it has one.
    """

    anchor: str
    where: str
    record_id: str | None
    payload: bytes


@dataclass(frozen=True)
class RecordProblem:
    """A record that cannot be read: where it is and why; the file's other records go on."""

    where: str
    reason: str


@dataclass
class RecordCounts:
    """What a reader passed over: records that are no article (images, redirects, revisits)."""

    skipped: int = 0


def record_format(path: pathlib.Path) -> str | None:
    """The multi-record format a file name says, "gz" for a bare `.gz` (sniffed later), else
    None.

    >>> record_format(pathlib.Path("a.jsonl.gz")), record_format(pathlib.Path("B.CSV"))
    ('jsonl', 'csv')
    >>> record_format(pathlib.Path("x.gz")), record_format(pathlib.Path("a.txt"))
    ('gz', None)
    """
    name = path.name.lower()
    for ending, fmt in _LONGEST_FIRST:
        if name.endswith(ending):
            return fmt
    return "gz" if name.endswith(".gz") else None


def file_of_source(source: str) -> str:
    """A stored source path without its record anchor (the file the record is in).

    >>> file_of_source("/d/feed.jsonl#line=3"), file_of_source("/d/a#b.txt")
    ('/d/feed.jsonl', '/d/a#b.txt')
    """
    head, mark, anchor = source.rpartition("#")
    return head if mark and "=" in anchor else source


def envelope(header: Mapping[str, object], payload: bytes) -> bytes:
    """A record's kept bytes: its header as one JSON line, then the payload.

    >>> envelope({"format": "jsonl", "kind": "fields"}, b'{"title": "T"}')
    b'{"archive-record": 1, "format": "jsonl", "kind": "fields"}\\n{"title": "T"}'
    """
    head = json.dumps({"archive-record": 1, **{key: value for key, value in sorted(header.items())
                                              if value is not None}}, ensure_ascii=False)
    return head.encode("utf-8") + b"\n" + payload


def is_envelope(data: bytes) -> bool:
    """True for bytes written by `envelope`."""
    return data.startswith(ENVELOPE_MARK)


def read_envelope(path: pathlib.Path, data: bytes) -> tuple[dict[str, object], bytes]:
    """The header and payload of a record's kept bytes; InputError when they are no envelope."""
    head, _, payload = data.partition(b"\n")
    try:
        header = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InputError(path, "the kept record is damaged (no record header)") from None
    if not isinstance(header, dict) or header.get("archive-record") != 1:
        raise InputError(path, "the kept record is damaged (no record header)")
    return header, payload


def fields_payload(fields: Mapping[str, object]) -> bytes:
    """A record's fields as the envelope's payload: canonical JSON (same fields, same bytes)."""
    return json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")


def open_stream(path: pathlib.Path, raw: BinaryIO) -> BinaryIO:
    """The file's content stream: gunzipped on the fly when it starts with gzip's magic bytes,
    so a 2 GB `.jsonl.gz` is read in bounded memory. Web archives decompress themselves."""
    head = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
    if head == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def sniff_format(path: pathlib.Path, stream: BinaryIO) -> str:
    """The format of a bare `.gz` (or stdin without --format) from its first bytes."""
    try:
        head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(path, f"cannot read the compressed data: {error}") from None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"WARC/"):
        return "warc"
    if text.startswith(b"{"):
        return "jsonl" if b"\n{" in text or text.count(b"\n") <= 1 and len(head) < 4096 else "json"
    if text.startswith(b"["):
        return "json"
    if text[:1].isalpha() and (b";" in text or b"," in text or b"\t" in text):
        return "csv"
    raise InputError(path, "cannot tell what the compressed file holds (JSON Lines, JSON, CSV or "
                           "WARC); name it .jsonl.gz, .csv.gz or .warc.gz")


def iter_records(path: pathlib.Path, stream: BinaryIO, fmt: str, limits: RecordLimits,
                 counts: RecordCounts) -> Iterator[RawRecord | RecordProblem]:
    """The records of `stream` (the content of `path`) in the format `fmt`.

    Raises InputError for a file that cannot be read at all (a CSV of unknown layout, a
    broken archive); a single bad record is yielded as a RecordProblem.

    >>> import io
    >>> data = io.BufferedReader(io.BytesIO(b'{"title": "T", "text": "B"}\\nnot json\\n'))
    >>> [type(item).__name__ for item in iter_records(pathlib.Path("a.jsonl"), data, "jsonl",
    ...                                               RecordLimits(), RecordCounts())]
    ['RawRecord', 'RecordProblem']
    """
    if fmt == "wacz":
        from archive.sources.webarchive import read_wacz

        yield from read_wacz(path, stream, limits, counts)
        return
    if fmt == "warc":
        from archive.sources.webarchive import read_warc

        yield from read_warc(path, stream, limits, counts)
        return
    content = open_stream(path, stream)
    if fmt == "gz":
        fmt = sniff_format(path, content)
        if fmt == "warc":
            from archive.sources.webarchive import read_warc

            yield from read_warc(path, content, limits, counts)
            return
    if fmt in ("jsonl", "json"):
        from archive.sources.jsonrecords import read_json, read_jsonl

        reader = read_jsonl if fmt == "jsonl" else read_json
        yield from reader(path, content, limits)
        return
    if fmt in ("csv", "tsv"):
        from archive.sources.csvrecords import read_table

        yield from read_table(path, content, limits, tab=fmt == "tsv")
        return
    raise InputError(path, f"unknown record format {fmt!r} (known: {', '.join(RECORD_FORMATS)})")

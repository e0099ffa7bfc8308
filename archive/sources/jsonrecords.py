"""JSON Lines (NDJSON) and JSON files of article records: a crawler's output (news-please,
trafilatura, fundus scripts), one object per line, one object per file, or an array.

JSON Lines are streamed line by line, each line read with a bound (`max_record_bytes`), so a
file of any size is read in bounded memory; a whole JSON document is read at once, within the
same bound. Every object becomes one `RawRecord` whose payload is the object itself.
"""

from __future__ import annotations

import json
import pathlib
import zlib
from typing import BinaryIO, Iterator, Mapping

from archive.errors import InputError
from archive.sources.records import (RawRecord, RecordLimits, RecordProblem, envelope,
                                     fields_payload)

# Keys whose value identifies a record (its own id, else its address), in order of preference.
_ID_KEYS = ("id", "_id", "guid", "uuid", "record_id", "article_id", "doc_id")
_URL_KEYS = ("url", "link", "source_url", "source", "uri", "permalink")
# Nesting a record may have (news-please and trafilatura are flat; a few levels of lists of
# author objects are fine); deeper is refused before Python's parser recurses into it.
MAX_DEPTH = 64


def record_id(record: Mapping[str, object]) -> str | None:
    """The record's own id, else its web address, else None.

    >>> record_id({"id": 7, "url": "https://a.de/x"}), record_id({"url": "https://a.de/x"})
    ('7', 'https://a.de/x')
    """
    for key in _ID_KEYS:
        value = record.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()[:200]
    for key in _URL_KEYS:
        value = record.get(key)
        if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
            return value.strip()[:2000]
    return None


def read_jsonl(path: pathlib.Path, stream: BinaryIO,
               limits: RecordLimits) -> Iterator[RawRecord | RecordProblem]:
    """One record per non-empty line; a line that is not a JSON object is one problem.

    >>> import io
    >>> lines = io.BytesIO(b'{"title": "A", "text": "x"}\\n\\n[1]\\n')
    >>> [(getattr(r, "where")) for r in read_jsonl(pathlib.Path("a.jsonl"), lines, RecordLimits())]
    ['line 1', 'line 3']
    """
    number = 0
    while True:
        number += 1
        try:
            line = stream.readline(limits.max_record_bytes + 1)
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(path, f"line {number}: cannot read on ({_stream_reason(error)}); "
                                   "the lines before it were read") from None
        if not line:
            return
        if len(line) > limits.max_record_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(path, stream, number)
            yield RecordProblem(f"line {number}", f"a line over {_mb(limits.max_record_bytes)} "
                                                  "(raise it with --max-size)")
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        yield _record(path, line, f"line {number}", f"line={number}", "jsonl", limits)


def read_json(path: pathlib.Path, stream: BinaryIO,
              limits: RecordLimits) -> Iterator[RawRecord | RecordProblem]:
    """A JSON document: one object (one article, as news-please writes a file per article) or
    an array of objects (each one record, `record N` counted from 1).

    >>> import io
    >>> doc = io.BytesIO(b'[{"title": "A", "text": "x"}, {"title": "B", "text": "y"}]')
    >>> [r.anchor for r in read_json(pathlib.Path("a.json"), doc, RecordLimits())]
    ['record=1', 'record=2']
    """
    try:
        data = stream.read(limits.max_record_bytes + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(path, f"cannot read: {_stream_reason(error)}") from None
    if len(data) > limits.max_record_bytes:
        raise InputError(path, f"a JSON document over {_mb(limits.max_record_bytes)}; write it "
                               "as JSON Lines (one object per line) or raise --max-size")
    value = _parse(path, data.removeprefix(b"\xef\xbb\xbf"), "the file")
    if isinstance(value, dict):
        yield _checked(path, value, "", "", "json", limits.column_map)
        return
    if not isinstance(value, list):
        raise InputError(path, "the JSON is neither an object nor an array of objects")
    for number, item in enumerate(value, start=1):
        if isinstance(item, dict):
            yield _checked(path, item, f"record {number}", f"record={number}", "json",
                           limits.column_map)
        else:
            yield RecordProblem(f"record {number}", f"not a JSON object but {_kind(item)}")


def _record(path: pathlib.Path, line: bytes, where: str, anchor: str, fmt: str,
            limits: RecordLimits) -> RawRecord | RecordProblem:
    try:
        value = _parse(path, line, where)
    except InputError as error:
        return RecordProblem(where, error.reason.removeprefix(f"{where}: "))
    if not isinstance(value, dict):
        return RecordProblem(where, f"not a JSON object but {_kind(value)}")
    return _checked(path, value, where, anchor, fmt, limits.column_map)


def _checked(path: pathlib.Path, value: dict, where: str, anchor: str, fmt: str,
             column_map: Mapping[str, str]) -> RawRecord | RecordProblem:
    if column_map:
        # `--map body=Volltext`: the field named by hand is given under the archive's name,
        # which ranks first; the original key stays (the record is kept as it was, plus this).
        value = {**value, **{name: value[key] for name, key in column_map.items() if key in value}}
    try:
        payload = fields_payload(value)
    except (ValueError, UnicodeEncodeError):
        return RecordProblem(where or "the file", "holds text that is not Unicode (a lone "
                                                  "surrogate escape)")
    identity = record_id(value)
    return RawRecord(anchor, where, identity,
                     envelope({"format": fmt, "kind": "fields", "id": identity}, payload))


def _parse(path: pathlib.Path, data: bytes, where: str) -> object:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"{where}: not UTF-8 (byte {error.start + 1})") from None
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        raise InputError(path, f"{where}: nested deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise InputError(path, f"{where}: not valid JSON ({error})") from None


def _depth(text: str) -> int:
    from archive.handgiven import _json_depth

    return _json_depth(text)


def _skip_rest_of_line(path: pathlib.Path, stream: BinaryIO, number: int) -> None:
    while True:
        try:
            chunk = stream.readline(1024 * 1024)
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(path, f"line {number}: cannot read on ({_stream_reason(error)})") \
                from None
        if not chunk or chunk.endswith(b"\n"):
            return


def _kind(value: object) -> str:
    return {list: "an array", str: "a string", bool: "true/false", type(None): "null"} \
        .get(type(value), "a number")


def _mb(size: int) -> str:
    return f"{size / 1048576:g} MB"


def _stream_reason(error: BaseException) -> str:
    """Why a (possibly compressed) stream stopped: "the compressed data ends early", …"""
    if isinstance(error, EOFError):
        return "the compressed data ends early"
    if isinstance(error, zlib.error) or "gzip" in str(error).lower():
        return f"damaged compressed data: {error}"
    return getattr(error, "strerror", None) or str(error)

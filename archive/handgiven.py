"""Metadata given by hand: a sidecar per file, a manifest per folder, command-line flags, and
`archive edit`. Hand-given values always win over extraction.

Sidecar: next to `article.txt`, a file `article.meta.json`:

    {"outlet": "DER SPIEGEL", "published": "2021-02-15", "url": "https://www.spiegel.de/..."}

Manifest: a file `manifest.csv` in an imported folder, one row per file, paths relative to it:

    path,url,outlet,published,authors
    000.txt,,DER SPIEGEL,2021-02-15,
    sub/004.txt,https://www.zdf.de/...,,2024-10-25,Anna Kleiser

Precedence, strongest first: `archive edit` and import flags (the latest given wins and is kept
across re-imports), then the sidecar, then the manifest, then extraction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from archive.errors import MetadataError
from archive.model import Published

SIDECAR_SUFFIX = ".meta.json"
MANIFEST_NAME = "manifest.csv"
# Fields a person may give by hand, and their kinds.
HAND_FIELDS = {"title": "text", "teaser": "text", "outlet": "text", "url": "text",
               "language": "text", "published": "date", "modified": "date",
               "authors": "names", "agencies": "names"}
_FIELD_ALIASES = {"date": "published", "author": "authors", "agency": "agencies",
                  "source": "outlet"}
# The origins of values given by hand; they always win over extraction.
HAND_ORIGINS = ("flag", "edit", "sidecar", "manifest")
# Kept only on the stored article (flags and edits are also kept as overrides in the store).
_FILE_ORIGINS = ("sidecar", "manifest")
# A sidecar or manifest is a few hundred bytes of typed metadata; a manifest of 10,000 rows is
# about 1 MB. Anything far beyond is not metadata, and reading it whole would cost memory.
MAX_METADATA_BYTES = 4 * 1024 * 1024
# Hand-given values are flat (text, or a list of names): depth 3 is all a valid sidecar needs.
# Deeper JSON is refused before parsing, which would otherwise recurse once per level.
MAX_JSON_DEPTH = 20
# A lone surrogate written as a JSON escape decodes to text that is not Unicode (it cannot be
# stored or printed as UTF-8).
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class HandGiven:
    """Validated hand-given values (Published for dates, tuples for names) with their origin."""

    values: dict[str, object] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)

    def over(self, weaker: "HandGiven") -> "HandGiven":
        """These values, falling back to `weaker` for fields not given here."""
        return HandGiven({**weaker.values, **self.values}, {**weaker.origins, **self.origins})


def validate(raw: Mapping[str, object], origin: str, where: object,
             today: dt.date | None = None) -> HandGiven:
    """Check hand-given values; raise MetadataError naming `where` and the problem.

    >>> validate({"date": "2021-02", "author": "Anna Kleiser"}, "flag", "--date").values
    {'published': Published(date=datetime.date(2021, 2, 1), precision='month'), 'authors': ('Anna Kleiser',)}
    """
    today = today or dt.date.today()
    values: dict[str, object] = {}
    for key, value in raw.items():
        name = _FIELD_ALIASES.get(key, key)
        kind = HAND_FIELDS.get(name)
        if kind is None:
            known = ", ".join(sorted(HAND_FIELDS))
            raise MetadataError(where, f"unknown field {key!r} (known fields: {known})")
        if value is None or value == "" or value == []:
            continue
        if kind == "date":
            values[name] = _date(value, key, where, today)
        elif kind == "names":
            values[name] = _names(value, key, where)
        elif isinstance(value, str):
            values[name] = " ".join(value.split())
        else:
            raise MetadataError(where, f"{key} must be text, not {type(value).__name__}")
    return HandGiven(values, {name: origin for name in values})


def from_stored(values: Mapping[str, object], origins: Mapping[str, str]) -> HandGiven:
    """The sidecar and manifest values a stored article carries: its fields whose origin is
    `sidecar` or `manifest`. `archive reextract` re-applies them, as the files that gave them
    may be gone; flags and edits come back from the store's overrides.

    >>> from_stored({"title": "T", "body": "B"}, {"title": "sidecar", "body": "text"}).values
    {'title': 'T'}
    """
    given = {name: values[name] for name, origin in origins.items()
             if origin in _FILE_ORIGINS and name in HAND_FIELDS and name in values}
    return HandGiven(given, {name: origins[name] for name in given})


def _date(value: object, key: str, where: object, today: dt.date) -> Published:
    if not isinstance(value, str):
        raise MetadataError(where, f"{key} must be a date like 2021-02-15, 2021-02 or 2021")
    try:
        published = Published.parse(value)
    except ValueError as error:
        raise MetadataError(where, f"{key}: {error}") from None
    if published.date > today:
        raise MetadataError(where, f"{key}: {value} is in the future")
    return published


def _names(value: object, key: str, where: object) -> tuple[str, ...]:
    if isinstance(value, str):
        items = value.split(";")
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = value
    else:
        raise MetadataError(where, f"{key} must be a list of names or a text with names "
                                   "separated by ';'")
    return tuple(name for name in (" ".join(item.split()) for item in items) if name)


def sidecar_path(article_path: Path) -> Path:
    """The sidecar of an article file: `a/b.txt` -> `a/b.meta.json`."""
    return article_path.with_name(article_path.stem + SIDECAR_SUFFIX)


def is_metadata_file(path: Path) -> bool:
    """Sidecars and manifests are read with their articles, never imported themselves."""
    return path.name.endswith(SIDECAR_SUFFIX) or path.name == MANIFEST_NAME


def read_sidecar(article_path: Path, today: dt.date | None = None) -> tuple[HandGiven, bytes]:
    """The sidecar's values (empty if there is none) and its raw bytes (for change detection)."""
    path = sidecar_path(article_path)
    data = read_metadata_file(path, "sidecar")
    if data is None:
        return HandGiven(), b""
    text = _strict_text(data, path, "sidecar")
    if _json_depth(text) > MAX_JSON_DEPTH:
        raise MetadataError(path, f"the sidecar is nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as error:  # ValueError: also a number of 5,000 digits
        raise MetadataError(path, f"the sidecar is not valid JSON: {error}") from None
    if not isinstance(raw, dict):
        raise MetadataError(path, "the sidecar must be a JSON object of field: value")
    if _SURROGATE.search(json.dumps(raw, ensure_ascii=False)):
        raise MetadataError(path, "the sidecar has a lone surrogate escape (\\udXXX), "
                                  "which is not a character")
    return validate(raw, "sidecar", path, today), data


def read_metadata_file(path: Path, kind: str) -> bytes | None:
    """The bytes of a sidecar or manifest, None if there is none; MetadataError naming `path`
    if it is not a regular file (a FIFO would block the import, a device never end) or is over
    MAX_METADATA_BYTES. The file is opened without blocking and checked after opening, so
    what is read is what was checked."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if path.is_symlink():
            raise MetadataError(path, f"the {kind} is a dangling symbolic link") from None
        return None
    except OSError as error:
        raise MetadataError(path, f"cannot read the {kind}: {_os_reason(error)}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise MetadataError(path, f"the {kind} is not a regular file")
        if info.st_size > MAX_METADATA_BYTES:
            raise MetadataError(path, f"the {kind} is {info.st_size / 1048576:.1f} MB, over the "
                                      f"limit of {MAX_METADATA_BYTES // 1048576} MB")
        # One byte more than the limit: a file that grew since fstat is caught, not read on.
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(MAX_METADATA_BYTES + 1)
    except OSError as error:
        raise MetadataError(path, f"cannot read the {kind}: {_os_reason(error)}") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_METADATA_BYTES:
        raise MetadataError(path, f"the {kind} is over the limit of "
                                  f"{MAX_METADATA_BYTES // 1048576} MB")
    return data


def _os_reason(error: OSError) -> str:
    if error.errno == 40:  # ELOOP
        return "symbolic link loop"
    return error.strerror or str(error)


def _strict_text(data: bytes, path: Path, kind: str) -> str:
    """Strict UTF-8 (a BOM allowed): encoded surrogates and stray bytes are refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MetadataError(path, f"the {kind} is not UTF-8 (byte {error.start + 1})") from None


def _json_depth(text: str) -> int:
    """How deeply brackets nest, counted outside strings (a linear scan, no recursion).

    >>> _json_depth('{"a": ' + '[' * 30 + '"]]"' + ']' * 30 + '}')
    31
    """
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return 0  # cannot nest deeper than the limit: the character loop below is not needed
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


@dataclass
class Manifest:
    """A folder's manifest: hand-given values per file (resolved paths) and per-row bytes."""

    rows: dict[Path, tuple[HandGiven, bytes]] = field(default_factory=dict)

    def for_file(self, path: Path) -> tuple[HandGiven, bytes]:
        """The manifest values of one file, or empty."""
        return self.rows.get(path.resolve(), (HandGiven(), b""))


def read_manifest(folder: Path, today: dt.date | None = None) -> Manifest:
    """Read `folder/manifest.csv` if present; raise MetadataError on a malformed one."""
    path = folder / MANIFEST_NAME
    data = read_metadata_file(path, "manifest")
    if data is None:
        return Manifest()
    text = _strict_text(data, path, "manifest")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "path" not in reader.fieldnames:
        raise MetadataError(path, "the manifest needs a header row with a 'path' column")
    manifest = Manifest()
    try:
        for line_number, row in enumerate(reader, start=2):
            if None in row:
                raise MetadataError(path, f"line {line_number}: more cells than header columns")
            where = f"{path}:{line_number}"
            file_name = (row.pop("path") or "").strip()
            if not file_name:
                raise MetadataError(where, "the path cell is empty")
            given = validate(row, "manifest", where, today)
            manifest.rows[(folder / file_name).resolve()] = (given, repr(sorted(row.items())).encode())
    except csv.Error as error:
        raise MetadataError(path, f"the manifest is not valid CSV: {error}") from None
    return manifest

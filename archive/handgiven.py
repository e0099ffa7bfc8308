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
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return HandGiven(), b""
    except OSError as error:
        raise MetadataError(path, f"cannot read the sidecar: {error.strerror}") from None
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MetadataError(path, f"the sidecar is not valid JSON: {error}") from None
    if not isinstance(raw, dict):
        raise MetadataError(path, "the sidecar must be a JSON object of field: value")
    return validate(raw, "sidecar", path, today), data


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
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return Manifest()
    except (OSError, UnicodeDecodeError) as error:
        raise MetadataError(path, f"cannot read the manifest: {error}") from None
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

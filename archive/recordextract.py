"""A record of a multi-record file (its kept envelope bytes) -> the article it describes.

Used by the importer for each record and by `archive reextract` (through
`derive.run_extraction`), so both read a record the same way. A page from a web archive goes
through the same HTML extraction as a saved page; a crawler's fields go through
`archive.metadata.recordfields`; a line of the archive's own export comes back with what
extraction had found, its hand-given values with their origins, its id, tags and notes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from archive.errors import InputError
from archive.handgiven import HAND_ORIGINS, HandGiven
from archive.model import FIELDS, Extracted, Published

# Origins kept on the article (sidecar, manifest) and those kept as store overrides.
_FILE_ORIGINS = ("sidecar", "manifest")
_OVERRIDE_ORIGINS = ("flag", "edit")


class NoTextError(InputError):
    """A record without a text field; `fields` names the fields it has (for the message that
    says which `--map` would import a file whose records all lack one)."""

    def __init__(self, path: object, reason: str, fields: str) -> None:
        super().__init__(path, reason)
        self.fields = fields


@dataclass(frozen=True)
class RecordArticle:
    """What a record gives: the extraction, and for the archive's own export the hand-given
    values, overrides (field -> (value, origin)), id, import time, tags and notes it carried."""

    extracted: Extracted
    hand: HandGiven = field(default_factory=HandGiven)
    overrides: dict[str, tuple[object, str]] = field(default_factory=dict)
    article_id: str | None = None
    imported_at: str | None = None
    tags: tuple[str, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()


def extract_record_bytes(path: Path, data: bytes, today: dt.date | None,
                         accept_all: bool = False) -> RecordArticle:
    """The article in a record's envelope bytes (see `archive.sources.records`); `path` names
    the record in messages. Raises InputError for a record that holds no article.

    >>> from archive.sources.records import envelope
    >>> data = envelope({"format": "jsonl", "kind": "fields"},
    ...                 b'{"title": "Streik", "text": "Die Bahn steht still.", "date": "2024-03-07"}')
    >>> found = extract_record_bytes(Path("a.jsonl#line=1"), data, dt.date(2025, 1, 1)).extracted
    >>> found.title, found.body, str(found.published), found.provenance["format"]
    ('Streik', 'Die Bahn steht still.', '2024-03-07', 'jsonl')
    """
    from archive.sources.records import read_envelope

    today = today or dt.date.today()
    header, payload = read_envelope(path, data)
    provenance = {key: str(value) for key, value in header.items()
                  if key != "archive-record" and key != "kind" and value is not None}
    if header.get("kind") == "html":
        found = _extract_html(path, payload, today, accept_all)
        return RecordArticle(_with_page_address(found, header, provenance))
    try:
        record = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InputError(path, "the kept record is damaged (its fields are not JSON)") from None
    if not isinstance(record, dict):
        raise InputError(path, "the kept record is damaged (its fields are not an object)")
    from archive.metadata.recordfields import extract_record, is_archive_export, pick_fields

    if is_archive_export(record):
        return _from_export(path, record, provenance)
    base = None
    fields = pick_fields(record)
    if "html" in fields and "body" not in fields and isinstance(fields["html"], str):
        base = _extract_html(path, fields["html"].encode("utf-8"), today, accept_all)
    found = extract_record(record, today, base)
    if not found.body.strip():
        names = ", ".join(sorted(str(key) for key in record)[:12])
        raise NoTextError(path, f"no article text: no text, body or html field (fields: {names})",
                          names)
    return RecordArticle(_replace(found, provenance=provenance))


def _extract_html(path: Path, data: bytes, today: dt.date, accept_all: bool) -> Extracted:
    from archive.metadata import extract
    from archive.sources.html import read_html

    document = read_html(path, data)
    return extract(document, today=today, accept_all=accept_all)


def _with_page_address(found: Extracted, header: dict[str, object],
                       provenance: dict[str, str]) -> Extracted:
    """A web archive's page: its address is the one the page names for itself on the site it
    was captured from (as for the same page saved as a file: no session ids or tracking
    parameters of the capture), else its WARC-Target-URI; the provenance keeps the captured
    address, and the page's own when another was taken. The outlet from the address when the
    page named none."""
    from archive.metadata.outlets import outlet_for_page

    url = header.get("url")
    origins = dict(found.origins)
    values: dict[str, object] = {}
    if isinstance(url, str) and url:
        if found.url and _own_address_on_site(found.url, url):
            url = found.url
        else:
            if found.url and found.url != url:
                provenance = {**provenance, "page_url": found.url}
            values["url"], origins["url"] = url, "warc"
        if not found.outlet:
            outlet = outlet_for_page(url, None)
            if outlet:
                values["outlet"], origins["outlet"] = outlet, "domain"
    return _replace(found, **values, origins=origins, provenance=provenance)


def _own_address_on_site(page_url: str, captured: str) -> bool:
    """True when the address a page names for itself is on the site it was captured from
    (subdomains and "www." aside) and names more than the site's root.

    >>> _own_address_on_site("https://www.bafa.de/a.html", "https://bafa.de/a.html;jsessionid=1")
    True
    >>> _own_address_on_site("https://www.piratenpartei.at/", "https://www.piratenpartei.at/bge/")
    False
    >>> _own_address_on_site("https://www.dealdoktor.de/d/x", "https://www.monsterdealz.de/d/x")
    False
    >>> _own_address_on_site("https://www.bmi.gv.at/a", "https://www.bka.gv.at/a")
    False
    """
    from urllib.parse import urlsplit

    from archive.metadata.outlets import site_host

    page_host, captured_host = site_host(page_url), site_host(captured)
    if not page_host or not captured_host:
        return False
    page_site, captured_site = _site(page_host), _site(captured_host)
    try:
        path = urlsplit(page_url).path
    except ValueError:
        return False
    return page_site == captured_site and path.strip("/") != ""


# Second-level names under a country's domain that many sites share (bmi.gv.at, x.co.uk).
_SHARED_SECOND_LEVEL = {"co", "or", "gv", "ac", "com", "net", "org", "gov", "edu"}


def _site(host: str) -> list[str]:
    """The labels naming a host's site: "blog.taz.de" → ["taz", "de"], "bmi.gv.at" →
    ["bmi", "gv", "at"]."""
    labels = host.split(".")
    shared = len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SHARED_SECOND_LEVEL
    return labels[-3:] if shared else labels[-2:]


def _replace(found: Extracted, **values: object) -> Extracted:
    from dataclasses import replace

    return replace(found, **values)  # type: ignore[arg-type]


def _from_export(path: Path, record: dict, provenance: dict[str, str]) -> RecordArticle:
    """A line of `archive export --format jsonl`: the article exactly as it was stored."""
    final = {name: _value(name, record.get(name)) for name in FIELDS}
    origins = record.get("origins") if isinstance(record.get("origins"), dict) else {}
    found = record.get("extracted") if isinstance(record.get("extracted"), dict) else None
    extracted_values = dict(final)
    extracted_origins = {name: str(origin) for name, origin in origins.items()
                         if origin not in HAND_ORIGINS}
    if found is not None:
        for name in FIELDS:
            if name in found:
                extracted_values[name] = _value(name, found[name])
        if isinstance(found.get("origins"), dict):
            extracted_origins = {str(k): str(v) for k, v in found["origins"].items()}
    if not isinstance(final["body"], str) or not isinstance(final["title"], str):
        raise InputError(path, "an exported article without title or body")
    hand_values = {name: final[name] for name, origin in origins.items()
                   if origin in _FILE_ORIGINS and name in final and final[name] not in (None, "")}
    hand = HandGiven(hand_values, {name: str(origins[name]) for name in hand_values})
    overrides: dict[str, tuple[object, str]] = {}
    given = record.get("overrides")
    if isinstance(given, dict):
        for name, item in given.items():
            if name in FIELDS and isinstance(item, dict) and "value" in item:
                overrides[name] = (item["value"], str(item.get("origin") or "edit"))
    else:
        for name, origin in origins.items():
            if origin in _OVERRIDE_ORIGINS and name in final:
                value = final[name]
                overrides[name] = (list(value) if isinstance(value, tuple) else
                                   str(value) if isinstance(value, Published) else value, origin)
    extracted = Extracted(
        title=str(extracted_values["title"] or ""), body=str(final["body"]),
        teaser=str(extracted_values["teaser"] or ""),
        published=extracted_values["published"],  # type: ignore[arg-type]
        modified=extracted_values["modified"],  # type: ignore[arg-type]
        outlet=extracted_values["outlet"],  # type: ignore[arg-type]
        authors=tuple(extracted_values["authors"] or ()),  # type: ignore[arg-type]
        agencies=tuple(extracted_values["agencies"] or ()),  # type: ignore[arg-type]
        url=extracted_values["url"],  # type: ignore[arg-type]
        language=str(extracted_values["language"] or "de"), origins=extracted_origins,
        provenance={**provenance, "exported_from": str(record.get("source") or "")})
    tags = tuple(str(tag) for tag in record.get("tags") or () if isinstance(tag, str))
    notes = tuple(_note(note) for note in record.get("notes") or () if _note(note)[0])
    imported_at = record.get("imported_at")
    from archive.metadata.recordfields import export_article_id

    return RecordArticle(extracted, hand, overrides, export_article_id(record),
                         imported_at if isinstance(imported_at, str) else None, tags, notes)


def _note(note: object) -> tuple[str, str]:
    if isinstance(note, dict):
        return str(note.get("text") or ""), str(note.get("set_at") or "")
    return (note, "") if isinstance(note, str) else ("", "")


def _value(name: str, value: object) -> object:
    if name in ("published", "modified"):
        try:
            return Published.parse(str(value)) if value else None
        except ValueError:
            return None
    if name in ("authors", "agencies"):
        return tuple(str(item) for item in value) if isinstance(value, list) else ()
    return value if value is None or isinstance(value, str) else str(value)

"""From a source's bytes to the stored record: run the extraction (an unforeseen error fails the
file alone), overlay the hand-given values, and make the article's id. Shared by `import` and
`reextract`, so both derive an article the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from archive.errors import ArchiveError, InputError
from archive.faults import checkpoint
from archive.handgiven import HAND_ORIGINS, HandGiven
from archive.model import FIELDS, Article, Extracted, Published, count_words
from archive.store import Store, now_iso


def run_extraction(path: Path, data: bytes, today: dt.date | None,
                   accept_all: bool = False) -> Extracted:
    """Decode `data` (the bytes of `path`) and extract its article.

    `accept_all` keeps a page that looks like no article (a listing, a form, an error page).
    Raises InputError naming the file: for bad bytes, a refused page, or an extraction error
    no rule foresaw ("please report this file").
    """
    # The parsers load here, inside the writing commands, so the search path never pays.
    from archive.metadata import extract
    from archive.sources import read_source

    try:
        checkpoint("extract")
        if is_record_source(path, data):
            from archive.recordextract import extract_record_bytes

            return extract_record_bytes(path, data, today, accept_all).extracted
        document = read_source(path, data)
        if accept_all and extraction_accepts_all():
            return extract(document, today=today, accept_all=True)  # type: ignore[call-arg]
        return extract(document, today=today)
    except ArchiveError:
        raise
    except (ValueError, LookupError, TypeError, AttributeError, RecursionError) as error:
        # A page no rule foresaw must not stop the batch: it fails alone, named, and the
        # message says what to report. (Broken parsing code still shows in the tests.)
        raise InputError(path, f"extraction failed ({type(error).__name__}: {error}); "
                               "please report this file") from None


def is_record_source(path: Path, data: bytes) -> bool:
    """True for the kept bytes of one record of a multi-record file (JSON Lines, JSON, CSV, web
    archive): an envelope (`archive.sources.records`) under a path naming such a file, with
    its record after '#' ("feed.jsonl#line=12")."""
    from archive.sources.records import file_of_source, is_envelope, record_format

    return is_envelope(data) and record_format(Path(file_of_source(str(path)))) is not None


@lru_cache(maxsize=1)
def extraction_accepts_all() -> bool:
    """True when this version's extraction knows the `accept_all` keyword."""
    from archive.metadata import extract

    return "accept_all" in inspect.signature(extract).parameters


def build_article(article_id: str, extracted: Extracted, hand: HandGiven, store: Store,
                  source_path: str, source_sha256: str) -> Article:
    """The stored record: extraction, overlaid by hand-given values (overrides strongest)."""
    values: dict[str, object] = {
        "title": extracted.title, "teaser": extracted.teaser, "body": extracted.body,
        "published": extracted.published, "modified": extracted.modified,
        "outlet": extracted.outlet, "authors": extracted.authors,
        "agencies": extracted.agencies, "url": extracted.url, "language": extracted.language,
    }
    origins = dict(extracted.origins)
    for name, value in hand.values.items():
        values[name] = value
        origins[name] = hand.origins[name]
    for name, override in store.overrides(article_id).items():
        values[name] = from_json(name, override.value)
        origins[name] = override.origin
    if "url" in hand.values and "outlet" not in hand.values and values["url"]:
        outlet = _outlet_from_url(str(values["url"]))
        if outlet and origins.get("outlet") not in HAND_ORIGINS:
            values["outlet"], origins["outlet"] = outlet, "domain"
    # A sidecar, manifest or flag spelling becomes the registry's; an edit keeps what the user
    # typed (`archive edit --outlet ZDFheute` is a deliberate choice), also on re-import.
    if values["outlet"] and origins.get("outlet") in HAND_ORIGINS and origins["outlet"] != "edit":
        values["outlet"] = _canonical_outlet(str(values["outlet"]))
    return Article(
        id=article_id, title=str(values["title"]), teaser=str(values["teaser"] or ""),
        body=str(values["body"]), published=values["published"],  # type: ignore[arg-type]
        modified=values["modified"], outlet=values["outlet"],  # type: ignore[arg-type]
        authors=tuple(values["authors"]), agencies=tuple(values["agencies"]),  # type: ignore[arg-type]
        url=values["url"], language=str(values["language"] or "de"),  # type: ignore[arg-type]
        source_path=source_path, source_sha256=source_sha256, imported_at=now_iso(),
        word_count=count_words(f"{values['title']}\n{values['teaser']}\n{values['body']}"),
        origins=origins)


def _outlet_from_url(url: str) -> str | None:
    from archive.metadata.outlets import outlet_from_url

    return outlet_from_url(url)


def _canonical_outlet(name: str) -> str:
    from archive.metadata.outlets import canonical_outlet

    return canonical_outlet(name)


def same_record(old: Article, new: Article) -> bool:
    """True when storing `new` would change nothing a reader sees."""
    # A copy of a stored article found at another path is the same article: its first
    # source stays its provenance (with that source's hash), and the `sources` table records
    # the new path with its own. The copy's bytes may differ where no field comes from (a
    # crawler's own record id); at the same path, changed bytes are a new version, as before.
    ignore = {"imported_at", "source_path"}
    if old.source_path != new.source_path:
        ignore.add("source_sha256")
    return all(getattr(old, name) == getattr(new, name)
               for name in old.__dataclass_fields__ if name not in ignore)


def changed_fields(old: Article, new: Article) -> list[str]:
    """The article fields (title, body, authors, …) whose values differ, in field order."""
    return [name for name in FIELDS if getattr(old, name) != getattr(new, name)]


def json_value(value: object) -> object:
    """A field value as JSON-ready data (dates as text, name tuples as lists)."""
    if isinstance(value, Published):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def from_json(name: str, value: object) -> object:
    """A field value read back from JSON (the inverse of `json_value`)."""
    if name in ("published", "modified"):
        return Published.parse(str(value)) if value else None
    if name in ("authors", "agencies"):
        return tuple(value or ())  # type: ignore[arg-type]
    return value


def extracted_json(extracted: Extracted) -> dict[str, object]:
    """What extraction found, as JSON-ready values (kept to explain and to re-apply edits)."""
    return {name: json_value(getattr(extracted, name))
            for name in ("title", "teaser", "published", "modified", "outlet", "authors",
                         "agencies", "url", "language")} | {"origins": dict(extracted.origins)} \
        | ({"provenance": dict(extracted.provenance)} if extracted.provenance else {})


_URL_TRACKING = re.compile(r"^(utm_|wt_|at_|fbclid|gclid)")


def normalise_url(url: str) -> str:
    """A URL in the form used for ids: lower-case host without www, no fragment, no tracking.

    >>> normalise_url("HTTPS://www.Spiegel.de/netzwelt/a-123.html?utm_source=x#comments")
    'https://spiegel.de/netzwelt/a-123.html'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = "&".join(pair for pair in parts.query.split("&")
                     if pair and not _URL_TRACKING.match(pair))
    return urlunsplit((parts.scheme.lower() or "https", host, parts.path.rstrip("/") or "/",
                       query, ""))


def article_id_for(extracted: Extracted, hand: HandGiven) -> str:
    """A stable id: from the URL when one is known, else from the title and text.

    Same URL, same id, whatever else changed; without a URL, identical text gives the same id.
    """
    url = hand.values.get("url") or extracted.url
    if url:
        key = "url:" + normalise_url(str(url))
    else:
        text = unicodedata.normalize("NFC", f"{extracted.title}\n{extracted.body}")
        key = "text:" + " ".join(text.split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

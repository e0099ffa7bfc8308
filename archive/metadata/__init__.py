"""Pure functions per metadata field, run as a cascade in order of trust.

Contract used by the importer:

    extract(document: SourceDocument, today: datetime.date | None = None) -> archive.model.Extracted
    outlets.outlet_from_url(url: str) -> str | None
    outlets.canonical_outlet(name: str) -> str
    outlets.load_registry(extra: Path | None = None) -> OutletRegistry

The order of trust and the origin labels are documented in docs/metadata.md.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from archive.errors import InputError
from archive.model import Extracted

if TYPE_CHECKING:
    from archive.sources.document import SourceDocument

# A page whose main text is shorter than this is a listing, a form or an error page.
_MIN_BODY_CHARS = 200


def extract(document: "SourceDocument", today: dt.date | None = None) -> Extracted:
    """Run the cascade for the document's format and return the extracted fields.

    Raises InputError(path, "no article text found") when there is no article body.

    >>> import pathlib
    >>> from archive.sources import read_source
    >>> text = "Titel der Meldung\\n\\nVon Anna Kleiser\\n\\n" + "Ein Satz der Meldung. " * 12
    >>> extract(read_source(pathlib.Path("a.txt"), text.encode())).authors
    ('Anna Kleiser',)
    """
    today = today or dt.date.today()
    if document.format == "html":
        from archive.metadata.htmlcascade import extract_html

        found = extract_html(document, today)
    else:
        from archive.metadata.plaintext import analyse_text

        found = analyse_text(document.text, today)
    body = found.body.strip()
    if len(body) < _MIN_BODY_CHARS and len(found.teaser) + len(body) < _MIN_BODY_CHARS:
        raise InputError(document.path, "no article text found")
    if not body:
        body, found.teaser = found.teaser, ""
    title = found.title.strip() or _title_from_body(body)
    origins = dict(found.origins)
    if not found.title.strip():
        origins["title"] = "text"
    if found.modified and found.published and found.modified < found.published:
        found.modified = None
        origins.pop("modified", None)
    return Extracted(
        title=title,
        body=body,
        teaser=found.teaser.strip(),
        published=found.published,
        modified=found.modified,
        outlet=found.outlet,
        authors=tuple(found.authors),
        agencies=tuple(found.agencies),
        url=found.url,
        language="de",
        origins={key: value for key, value in origins.items() if getattr(found, key, None)},
    )


def _title_from_body(body: str) -> str:
    first = body.split("\n", 1)[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + " …"

"""Pure functions per metadata field, run as a cascade in order of trust.

Contract used by the importer:

    extract(document: SourceDocument, today: datetime.date | None = None, *, accept_all: bool = False)
        -> archive.model.Extracted
    outlets.outlet_from_url(url: str) -> str | None
    outlets.canonical_outlet(name: str) -> str
    outlets.load_registry(extra: Path | None = None) -> OutletRegistry

The order of trust and the origin labels are documented in docs/metadata.md.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from archive.errors import InputError
from archive.metadata.language import detect_language
from archive.metadata.refusal import refusal, text_of_markup
from archive.model import Extracted

if TYPE_CHECKING:
    from archive.metadata.findings import TextFindings
    from archive.sources.document import SourceDocument


def extract(document: "SourceDocument", today: dt.date | None = None, *, accept_all: bool = False) -> Extracted:
    """Run the cascade for the document's format and return the extracted fields.

    Raises InputError(path, reason) when the file is not an article: a text file without a line
    of text ("empty text"); an HTML page that is clearly something else ("no article text found:
    a listing of 14 teasers", "… a form", "… an error page (404 …)", "… no main text"). With
    `accept_all` such a page is imported anyway: its <title> and whatever text it has.

    >>> import pathlib
    >>> from archive.sources import read_source
    >>> text = "Titel der Meldung\\n\\nVon Anna Kleiser\\n\\n" + "Ein Satz der Meldung. " * 12
    >>> extract(read_source(pathlib.Path("a.txt"), text.encode())).authors
    ('Anna Kleiser',)
    >>> extract(read_source(pathlib.Path("b.txt"), b"Kurz gemeldet.")).body
    'Kurz gemeldet.'
    """
    today = today or dt.date.today()
    if document.format == "html":
        from archive.metadata.htmlcascade import extract_html

        found = extract_html(document, today)
    else:
        from archive.metadata.plaintext import analyse_text

        found = analyse_text(document.text, today)
    reason = refusal(document, found)
    if reason and not accept_all:
        raise InputError(document.path, reason)
    if reason:
        _whatever_there_is(document, found)
    body = found.body.strip()
    if not body:
        body, found.teaser = found.teaser, ""
    if not body and document.format == "text":
        # one line of text is a whole (short) article: its title and its text
        body = "\n\n".join(line.strip() for line in document.text.splitlines() if line.strip())
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
        language=detect_language("\n\n".join((title, found.teaser, body))),
        origins={key: value for key, value in origins.items() if getattr(found, key, None)},
    )


def _whatever_there_is(document: "SourceDocument", found: "TextFindings") -> None:
    """What --accept-all imports of a page that is no article: the title from <title> and the
    text the page shows (the main text when there is one, else all of it)."""
    hints = document.html
    if hints is not None and not found.title.strip():
        found.title = hints.title_tag
        found.origins["title"] = "title-tag"
    if not (found.body.strip() or found.teaser.strip()):
        found.body = text_of_markup(document.text) if document.format == "html" else document.text.strip()
        found.origins["body"] = "text"


def _title_from_body(body: str) -> str:
    first = body.split("\n", 1)[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + " …"

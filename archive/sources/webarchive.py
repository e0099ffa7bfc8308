"""Web archives: WARC (.warc, .warc.gz), ARC (.arc, .arc.gz) and WACZ (.wacz), read with warcio.

Every HTML response (status 2xx) is one article, its payload (the page's bytes as served) read
by the same HTML extraction as a saved page, its WARC-Target-URI its captured address (the
article's address unless the page names its own on the same site) and its WARC-Date its capture
time. Other records that hold content — images, scripts, style sheets, redirects,
errors, revisits — are counted as skipped, not failed; requests, metadata and warcinfo records
are passed over. warcio streams record by record (gzip member by member), so an archive of any
size is read in bounded memory; a page over the record limit is one problem.
"""

from __future__ import annotations

import pathlib
import zipfile
from typing import BinaryIO, Iterator

from archive.errors import InputError
from archive.sources.records import (RawRecord, RecordCounts, RecordLimits, RecordProblem,
                                     envelope)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CONTENT_RECORDS = ("response", "resource", "revisit")


def read_warc(path: pathlib.Path, stream: BinaryIO, limits: RecordLimits, counts: RecordCounts,
              member: str | None = None) -> Iterator[RawRecord | RecordProblem]:
    """The HTML pages of a WARC or ARC stream (`member`: its name inside a WACZ).

    >>> import io
    >>> from warcio.warcwriter import WARCWriter
    >>> from warcio.statusandheaders import StatusAndHeaders
    >>> buffer = io.BytesIO()
    >>> writer = WARCWriter(buffer, gzip=True)
    >>> http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    >>> writer.write_record(writer.create_warc_record("https://www.zeit.de/a", "response",
    ...     payload=io.BytesIO(b"<html><h1>T</h1></html>"), http_headers=http))
    >>> _ = buffer.seek(0)
    >>> [(r.anchor, r.where) for r in read_warc(pathlib.Path("a.warc.gz"), buffer,
    ...                                         RecordLimits(), RecordCounts())]
    [('offset=0', 'offset 0')]
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    _quiet_warcio()
    records = ArchiveIterator(stream, arc2warc=True, ensure_http_headers=False)
    prefix = f"{member}@" if member else ""
    shown_prefix = f"{member} " if member else ""
    offset = 0
    try:
        for record in records:
            if record.rec_type not in _CONTENT_RECORDS:
                continue
            if record.rec_type == "revisit" or not _is_html_page(record):
                counts.skipped += 1
                continue
            # The payload first: asking warcio for the offset before reading it loses the payload.
            payload = record.content_stream().read(limits.max_record_bytes + 1)
            offset = records.get_record_offset()
            where, anchor = f"{shown_prefix}offset {offset}", f"{prefix}offset={offset}"
            if len(payload) > limits.max_record_bytes:
                yield RecordProblem(where, f"a page over {limits.max_record_bytes / 1048576:g} "
                                           "MB (raise it with --max-size)")
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or None
            header = {"format": "warc", "kind": "html", "url": url,
                      "captured": record.rec_headers.get_header("WARC-Date") or None,
                      "id": record.rec_headers.get_header("WARC-Record-ID") or None,
                      "member": member}
            yield RawRecord(anchor, where, url, envelope(header, payload))
    except ArchiveLoadFailed as error:
        raise InputError(path, f"after offset {offset}: not a readable WARC/ARC record "
                               f"({_short(error)}); the records before it were read") from None
    except (OSError, EOFError, ValueError, AttributeError, TypeError) as error:
        # warcio trips over some malformed headers with these; the archive is damaged there
        raise InputError(path, f"after offset {offset}: cannot read on ({_short(error)}); "
                               "the records before it were read") from None


def _quiet_warcio() -> None:
    """warcio logs what it repairs (a space in a WARC-Target-URI) as warnings; with no logging
    set up, Python would print each as a stray line on stderr. What the archive has to say
    about a record it says itself, so warcio's log goes nowhere."""
    import logging

    logger = logging.getLogger("warcio")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _is_html_page(record: object) -> bool:
    http = getattr(record, "http_headers", None)
    if http is None:
        content_type = record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
        return content_type.split(";")[0].strip().lower() in _HTML_TYPES
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        return False  # redirects, errors
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return content_type in _HTML_TYPES


def read_wacz(path: pathlib.Path, stream: BinaryIO, limits: RecordLimits,
              counts: RecordCounts) -> Iterator[RawRecord | RecordProblem]:
    """The HTML pages of every WARC in a WACZ package (a zip file with `archive/*.warc.gz`)."""
    try:
        package = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError(path, f"not a WACZ package (a zip file): {_short(error)}") from None
    with package:
        names = [info.filename for info in package.infolist()
                 if info.filename.startswith("archive/") and
                 info.filename.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))]
        if not names:
            raise InputError(path, "a WACZ package without web archives (no archive/*.warc.gz)")
        for name in sorted(names):
            try:
                member = package.open(name)
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as error:
                yield RecordProblem(name, f"cannot open it in the package: {_short(error)}")
                continue
            with member:
                yield from read_warc(path, member, limits, counts, name)  # type: ignore[arg-type]


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "…"

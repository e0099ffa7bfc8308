"""Output for programs: JSON, JSON Lines and CSV of search hits and of whole articles.

The search JSON carries `format` and `format_version`; docs/guide.md documents every field.

Output is inert by default, so that printing it or opening it in a spreadsheet does nothing
but show text: JSON escapes C0 control characters itself, and here also DEL, the C1 controls
and the bidirectional controls (`\\u202e`); each CSV cell has its control and bidi characters
shown as escapes (`\\x1b`) and, when it begins like a formula (`= + - @`, tab, CR), a `'`
before it (the OWASP CSV-injection rule). `raw=True` (`--raw`) writes the text as stored.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from archive.output.safe import inert

if TYPE_CHECKING:
    from archive.model import Article
    from archive.records import ExportRecord, Record
    from archive.results import Hit, SearchResult

SEARCH_FORMAT_VERSION = 1
ARTICLE_FORMAT_VERSION = 1
HIT_COLUMNS = ("id", "score", "title", "outlet", "authors", "agencies", "published",
               "date_precision", "url", "source", "snippet", "matched", "missing")
COLLAPSE_COLUMNS = ("cluster", "copies", "copy_outlets")
FACET_COLUMNS = ("facet", "value", "count")
# What JSON (with ensure_ascii=False) would otherwise write raw: DEL and the C1 controls (which
# some terminals obey like ESC sequences) and the bidirectional controls. Escaping them is
# always valid JSON, as they can only occur inside strings.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A spreadsheet reads a cell beginning with one of these as a formula (OWASP CSV injection).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
ARTICLE_COLUMNS = ("id", "title", "teaser", "body", "published", "date_precision", "modified",
                   "modified_precision", "outlet", "authors", "agencies", "url", "language",
                   "source", "source_sha256", "imported_at", "word_count", "origins", "tags",
                   "notes")


def dumps(value: object, raw: bool = False, indent: int | None = None) -> str:
    """JSON text, UTF-8 as it is, with the characters of `_JSON_UNSAFE` escaped unless `raw`.

    >>> dumps({"t": "a\\u202eb\\x1b"})
    '{"t": "a\\\\u202eb\\\\u001b"}'
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text if raw else _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


def inert_cell(text: str) -> str:
    """A CSV cell that is only text: control and bidi characters as visible escapes (newlines
    and tabs kept), and a `'` before a cell that would begin a formula.

    >>> inert_cell("=SUM(A1)"), inert_cell("rot \\x1b[31m")
    ("'=SUM(A1)", 'rot \\\\x1b[31m')
    """
    shown = inert(text)
    return "'" + shown if text.startswith(FORMULA_LEADS) else shown


def hit_dict(hit: Hit) -> dict[str, object]:
    """One hit as a JSON object."""
    article = hit.article
    return {
        "id": article.id,
        "score": round(hit.score, 4) if hit.score is not None else None,
        "title": article.title,
        "outlet": article.outlet,
        "authors": list(article.authors),
        "agencies": list(article.agencies),
        "published": str(article.published) if article.published else None,
        "date_precision": article.published.precision if article.published else None,
        "url": article.url,
        "source": article.source_path,
        "snippet": hit.snippet.text,
        "highlights": [list(span) for span in hit.snippet.highlights],
        "matched": hit.matched,
        "missing": list(hit.missing),
        **({"cluster": {"id": hit.copies.key, "copies": hit.copies.copies,
                        "outlets": list(hit.copies.outlets)}} if hit.copies is not None else {}),
    }


def search_json(result: SearchResult, raw: bool = False) -> str:
    """The whole result page as one JSON document."""
    document: dict[str, object] = {
        "format": "archive-search",
        "format_version": SEARCH_FORMAT_VERSION,
        "query": result.query,
        "total": result.total,
        "partial_total": result.partial_total,
        "offset": result.offset,
        "limit": result.limit,
        "hits": [hit_dict(hit) for hit in result.hits],
    }
    if result.collapsed:
        document["collapsed"] = True
    if result.clusters_total is not None:
        document["clusters_total"] = result.clusters_total
        document["count"] = result.count
    if result.facets is not None:
        document["facets"] = {name: [{"value": item.value, "count": item.count} for item in counts]
                              for name, counts in result.facets.items()}
    if result.notices:
        document["notices"] = result.notices
    return dumps(document, raw, indent=2)


def search_jsonl(result: SearchResult, raw: bool = False) -> str:
    """One JSON object per hit, one per line; with facets, then one object per facet value:
    `{"facet": "year", "value": null, "count": 2}` (null: undated)."""
    lines = [dumps(hit_dict(hit), raw) for hit in result.hits]
    lines.extend(dumps(row, raw) for row in _facet_rows(result))
    return "\n".join(lines)


def search_csv(result: SearchResult, raw: bool = False) -> str:
    """A CSV table of the hits; list values are joined with '; '. With facets, the table of
    facet counts (`facet,value,count`) follows after an empty line; with no page of hits asked
    (limit 0), it is the only table."""
    tables = []
    if result.limit or result.facets is None:
        # With --collapse, three columns more: the cluster, its other copies and their outlets.
        columns = HIT_COLUMNS + (COLLAPSE_COLUMNS if result.collapsed else ())
        tables.append(_csv_text(columns, (_flatten(_hit_row(hit), columns)
                                          for hit in result.hits), raw))
    if result.facets is not None:
        tables.append(_csv_text(FACET_COLUMNS, ([str(row["facet"]), "" if row["value"] is None
                                                 else str(row["value"]), str(row["count"])]
                                                for row in _facet_rows(result)), raw))
    return "\n\n".join(tables)


def _hit_row(hit: Hit) -> dict[str, object]:
    row = hit_dict(hit)
    cluster = row.pop("cluster", None)
    if isinstance(cluster, dict):
        row.update(cluster=cluster["id"], copies=cluster["copies"],
                   copy_outlets=cluster["outlets"])
    return row


def _facet_rows(result: SearchResult) -> Iterator[dict[str, object]]:
    for name, counts in (result.facets or {}).items():
        for item in counts:
            yield {"facet": name, "value": item.value, "count": item.count}


def article_dict(article: Article) -> dict[str, object]:
    """Every field of an article, body and provenance included."""
    return {
        "id": article.id, "title": article.title, "teaser": article.teaser, "body": article.body,
        "published": str(article.published) if article.published else None,
        "date_precision": article.published.precision if article.published else None,
        "modified": str(article.modified) if article.modified else None,
        "modified_precision": article.modified.precision if article.modified else None,
        "outlet": article.outlet, "authors": list(article.authors),
        "agencies": list(article.agencies), "url": article.url, "language": article.language,
        "source": article.source_path, "source_sha256": article.source_sha256,
        "imported_at": article.imported_at, "word_count": article.word_count,
        "origins": dict(article.origins),
    }


def record_json(record: Record) -> str:
    """`archive show --format json`: the article, plus what extraction found and hand edits."""
    document = {"format": "archive-article", "format_version": ARTICLE_FORMAT_VERSION,
                **article_dict(record.article), "extracted": record.extracted,
                "overrides": {name: {"value": item.value, "origin": item.origin}
                              for name, item in record.overrides.items()},
                "tags": record.tags, "notes": record.notes}
    return dumps(document, indent=2)


def export_dict(record: ExportRecord) -> dict[str, object]:
    """An exported article: every field, plus `tags` (names) and `notes` ({"text", "set_at"}),
    and what `archive import` needs to restore it losslessly: `extracted` (what extraction
    found) and `overrides` (hand-given values with their origins)."""
    return {**article_dict(record.article), "extracted": record.extracted,
            "overrides": record.overrides, "tags": list(record.tags),
            "notes": [dict(item) for item in record.notes]}


def export_jsonl(records: Iterable[ExportRecord], raw: bool = False) -> Iterator[str]:
    """Lines of JSON, one article each (for `archive export --format jsonl`; `archive import`
    reads them back)."""
    for record in records:
        yield dumps(export_dict(record), raw) + "\n"


def export_csv(records: Iterable[ExportRecord], raw: bool = False) -> Iterator[str]:
    """CSV text in chunks: a header row, then one row per article; `tags` joined with "; ",
    `notes` as a JSON list."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ARTICLE_COLUMNS)
    for record in records:
        writer.writerow(_cells(_flatten(export_dict(record), ARTICLE_COLUMNS), raw))
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _flatten(document: dict[str, object], columns: tuple[str, ...]) -> list[str]:
    row = []
    for column in columns:
        value = document.get(column)
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, list):
            value = "; ".join(str(item) for item in value)
        elif isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False)
        row.append("" if value is None else str(value))
    return row


def _cells(row: list[str], raw: bool) -> list[str]:
    return row if raw else [inert_cell(cell) for cell in row]


def _csv_text(columns: tuple[str, ...], rows: Iterable[list[str]], raw: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(_cells(row, raw) for row in rows)
    return buffer.getvalue().rstrip("\r\n")

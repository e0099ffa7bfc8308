"""Output for programs: JSON, JSON Lines and CSV of search hits and of whole articles.

The search JSON carries `format` and `format_version`; docs/guide.md documents every field.
JSON escapes control characters itself, so hostile text stays inert there too.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from archive.model import Article
    from archive.records import Record
    from archive.results import Hit, SearchResult

SEARCH_FORMAT_VERSION = 1
ARTICLE_FORMAT_VERSION = 1
HIT_COLUMNS = ("id", "score", "title", "outlet", "authors", "agencies", "published",
               "date_precision", "url", "source", "snippet", "matched", "missing")
FACET_COLUMNS = ("facet", "value", "count")
ARTICLE_COLUMNS = ("id", "title", "teaser", "body", "published", "date_precision", "modified",
                   "modified_precision", "outlet", "authors", "agencies", "url", "language",
                   "source", "source_sha256", "imported_at", "word_count", "origins")


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
    }


def search_json(result: SearchResult) -> str:
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
    if result.facets is not None:
        document["facets"] = {name: [{"value": item.value, "count": item.count} for item in counts]
                              for name, counts in result.facets.items()}
    if result.notices:
        document["notices"] = result.notices
    return json.dumps(document, ensure_ascii=False, indent=2)


def search_jsonl(result: SearchResult) -> str:
    """One JSON object per hit, one per line; with facets, then one object per facet value:
    `{"facet": "year", "value": null, "count": 2}` (null: undated)."""
    lines = [json.dumps(hit_dict(hit), ensure_ascii=False) for hit in result.hits]
    lines.extend(json.dumps(row, ensure_ascii=False) for row in _facet_rows(result))
    return "\n".join(lines)


def search_csv(result: SearchResult) -> str:
    """A CSV table of the hits; list values are joined with '; '. With facets, the table of
    facet counts (`facet,value,count`) follows after an empty line; with no page of hits asked
    (limit 0), it is the only table."""
    tables = []
    if result.limit or result.facets is None:
        tables.append(_csv_text(HIT_COLUMNS, (_flatten(hit_dict(hit), HIT_COLUMNS)
                                              for hit in result.hits)))
    if result.facets is not None:
        tables.append(_csv_text(FACET_COLUMNS, ([row["facet"], "" if row["value"] is None
                                                 else row["value"], str(row["count"])]
                                                for row in _facet_rows(result))))
    return "\n\n".join(tables)


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
                              for name, item in record.overrides.items()}}
    return json.dumps(document, ensure_ascii=False, indent=2)


def export_jsonl(articles: Iterable[Article]) -> Iterator[str]:
    """Lines of JSON, one article each (for `archive export --format jsonl`)."""
    for article in articles:
        yield json.dumps(article_dict(article), ensure_ascii=False) + "\n"


def export_csv(articles: Iterable[Article]) -> Iterator[str]:
    """CSV text in chunks: a header row, then one row per article."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ARTICLE_COLUMNS)
    for article in articles:
        writer.writerow(_flatten(article_dict(article), ARTICLE_COLUMNS))
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _flatten(document: dict[str, object], columns: tuple[str, ...]) -> list[str]:
    row = []
    for column in columns:
        value = document.get(column)
        if isinstance(value, list):
            value = "; ".join(str(item) for item in value)
        elif isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False)
        row.append("" if value is None else str(value))
    return row


def _csv_text(columns: tuple[str, ...], rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().rstrip("\r\n")

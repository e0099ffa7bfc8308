"""Human-readable output. `Style` decides whether matched words and headings are emphasised
with ANSI codes (only when writing to a terminal); all article text goes through `inert`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive.output.safe import inert, one_line

if TYPE_CHECKING:
    from archive.check import CheckReport
    from archive.maintenance import Stats
    from archive.model import Article
    from archive.records import Record
    from archive.results import SearchResult, Snippet
    from archive.search import Explanation

SEGMENTS_WORTH_COMPACTING = 20
FACET_TITLES = {"outlet": "Outlets", "year": "Years", "author": "Authors", "tag": "Tags"}


@dataclass(frozen=True)
class Style:
    """ANSI emphasis when `colour` is on, plain text otherwise."""

    colour: bool = False

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.colour else text

    def match(self, text: str) -> str:
        return f"\x1b[1;33m{text}\x1b[0m" if self.colour else text

    def dim(self, text: str) -> str:
        return f"\x1b[2m{text}\x1b[0m" if self.colour else text


def byline(article: Article) -> str:
    """Outlet · date · authors (agencies) — the line under a hit's title."""
    people = ", ".join(article.authors)
    if article.agencies:
        people = f"{people} ({'/'.join(article.agencies)})" if people else "/".join(article.agencies)
    parts = [article.outlet or "unknown outlet", str(article.published or "undated")]
    if people:
        parts.append(people)
    return one_line(" · ".join(parts))


def snippet_text(snippet: Snippet, style: Style) -> str:
    """The snippet with its matched words emphasised."""
    pieces, position = [], 0
    for start, end in snippet.highlights:
        pieces.append(inert(snippet.text[position:start]))
        pieces.append(style.match(inert(snippet.text[start:end])))
        position = end
    pieces.append(inert(snippet.text[position:]))
    return "".join(pieces)


def search_text(result: SearchResult, style: Style) -> str:
    """A result page: a count line, numbered hits with byline, id and snippet, then facets.
    Best-match hits (some query words missing) follow a separator line and name what they lack."""
    lines = []
    query = f" for {one_line(result.query)!r}" if result.query else ""
    some = f" (and {result.partial_total} with some of the words)" if result.partial_total else ""
    if result.total == 0 and not result.hits:
        lines.append(f"No articles match {one_line(result.query)!r}{some}." if result.query
                     else "No articles match.")
    elif result.total == 0:
        lines.append(f"No article has every word{query}; {result.partial_total} have some "
                     "of them")
    elif any(hit.missing for hit in result.hits):
        first, last = result.offset + 1, result.offset + len(result.hits)
        lines.append(f"{first}–{last}{query}: {result.total} article"
                     f"{'s' if result.total != 1 else ''} with every word, "
                     f"{result.partial_total} with some of them")
    else:
        first, last = result.offset + 1, result.offset + len(result.hits)
        shown = f"{first}–{last} of {result.total}" if result.hits \
            else str(result.total) if not result.limit else f"none of {result.total}"
        lines.append(f"{shown} article{'s' if result.total != 1 else ''}{query}{some}")
    if result.collapsed and result.hits:
        lines.append(style.dim("one hit per cluster of copies, its best-ranked copy"))
    separated = False
    for rank, hit in enumerate(result.hits, start=result.offset + 1):
        if hit.missing and not separated:
            lines.extend(["", style.dim("── articles with some of the words ──")])
            separated = True
        lines.append("")
        lines.append(f"{rank:>3}. {style.bold(one_line(hit.article.title))}")
        lines.append(f"     {byline(hit.article)} · {style.dim(hit.article.id)}")
        if hit.missing:
            lines.append(f"     {style.dim('missing: ' + ', '.join(map(one_line, hit.missing)))}")
        if hit.snippet.text:
            lines.append(f"     {snippet_text(hit.snippet, style)}")
        if hit.copies is not None and hit.copies.copies:
            lines.append(f"     {style.dim(copies_line(hit.copies.copies, hit.copies.outlets))}")
    if result.clusters_total is not None:
        lines.append("")
        lines.append(f"{result.clusters_total} cluster{'s' if result.clusters_total != 1 else ''}"
                     " of copies among them" + (" (facets count clusters)"
                                                if result.facets is not None else ""))
    if result.facets is not None:
        lines.append("")
        lines.extend(facets_text(result, style))
    return "\n".join(lines)


def copies_line(copies: int, outlets: tuple[str, ...]) -> str:
    """"+2 copies: Die Zeit, Tagesspiegel" — under a hit of `search --collapse`."""
    named = f": {', '.join(outlets)}" if outlets else ""
    return one_line(f"+{copies} cop{'ies' if copies != 1 else 'y'}{named}")


def facets_text(result: SearchResult, style: Style) -> list[str]:
    """One line per facet: value count · value count …"""
    lines = []
    for name, counts in (result.facets or {}).items():
        if name == "tag" and not counts:  # an archive without tags: no line about them
            continue
        values = " · ".join(f"{facet_label(item.value)} {item.count}" for item in counts) or "–"
        lines.append(f"{style.bold(FACET_TITLES.get(name, name) + ':'):<10} {values}")
    return lines


def facet_label(value: str | None) -> str:
    """A facet value as shown: None (an undated article's year) is "undated"."""
    return "undated" if value is None else one_line(value)


def article_text(record: Record, style: Style) -> str:
    """The full record: headline, teaser, the metadata block, then the body."""
    article = record.article
    lines = [style.bold(one_line(article.title))]
    if article.teaser:
        lines += ["", inert(article.teaser)]
    lines.append("")
    for label, value in metadata_rows(article):
        lines.append(f"{label + ':':<11} {one_line(value)}")
    if record.tags:
        lines.append(f"{'Tags:':<11} {one_line(', '.join(record.tags))}")
    lines += ["", inert(article.body)]
    if record.notes:  # the researcher's notes after the text, oldest first
        lines += ["", style.bold("Notes:")]
        lines += [f"  {note['set_at']}  {one_line(note['text'])}" for note in record.notes]
    return "\n".join(lines)


def metadata_rows(article: Article) -> list[tuple[str, str]]:
    """(label, value) pairs of an article's metadata, in reading order."""
    published = f"{article.published} ({article.published.precision})" if article.published else "–"
    rows = [("Outlet", article.outlet or "–"), ("Published", published)]
    if article.modified:
        rows.append(("Modified", str(article.modified)))
    rows += [("Authors", ", ".join(article.authors) or "–"),
             ("Agencies", ", ".join(article.agencies) or "–"),
             ("URL", article.url or "–"), ("Source", article.source_path),
             ("Id", article.id), ("Words", str(article.word_count)),
             ("Imported", article.imported_at)]
    return rows


def explain_record_text(record: Record, style: Style) -> str:
    """Every field with its value and where it came from, and what extraction had found."""
    article = record.article
    lines = [style.bold(one_line(article.title)), ""]
    fields = ("title", "teaser", "published", "modified", "outlet", "authors", "agencies", "url")
    for name in fields:
        value = getattr(article, name)
        shown = ", ".join(value) if isinstance(value, tuple) else str(value or "–")
        origin = article.origins.get(name, "not found")
        lines.append(f"{name + ':':<10} {one_line(shown)[:100]}  [{origin}]")
        found = record.extracted.get(name)
        if name in record.overrides or origin in ("sidecar", "manifest", "flag", "edit"):
            found_text = ", ".join(found) if isinstance(found, list) else str(found or "–")
            lines.append(f"{'':<10} {style.dim('extraction found: ' + one_line(found_text)[:90])}")
    lines += ["", f"{'source:':<10} {one_line(article.source_path)}"]
    provenance = record.extracted.get("provenance")
    if isinstance(provenance, dict) and provenance:
        # A record of a multi-record file: its format, own id, address and capture time.
        for key in ("format", "id", "url", "captured", "member", "page_url", "exported_from"):
            if provenance.get(key):
                lines.append(f"{'':<10} {key.replace('_', ' ')}: {one_line(str(provenance[key]))}")
    dropped = record.dropped
    if dropped:
        # Every source line not in title, teaser or body, in full: a reader checks a quote against it.
        lines += ["", f"Left out of the text ({len(dropped)} lines), each with the rule that dropped it:"]
        for text, rule in dropped:
            lines.append(f"  - {one_line(text)}  [{one_line(rule)}]")
    capped = record.capped
    if capped:
        lines += ["", "Search index: " + "; ".join(capped) + " (the store keeps every field whole)"]
    return "\n".join(lines)


def stats_text(stats: Stats, style: Style) -> str:
    """The archive's counts, index state and last import."""
    lines = [f"{'Archive:':<14} {stats.home}", f"{'Articles:':<14} {stats.articles}"]
    outlets = " · ".join(f"{name or 'unknown'} {count}" for name, count in stats.outlets[:15])
    years = " · ".join(f"{year or 'undated'} {count}" for year, count in sorted(stats.years))
    lines.append(f"{'Outlets:':<14} {len(stats.outlets)}" + (f"  ({one_line(outlets)})" if outlets else ""))
    lines.append(f"{'Years:':<14} {years or '–'}")
    behind = stats.index_articles_behind or 0
    # The writer command running now catches the index up; otherwise `reindex` does.
    adds = "an archive command is writing now" if stats.index_writer_active \
        else "run 'archive reindex'"
    if stats.index_problem:
        lines.append(f"{'Index:':<14} {one_line(stats.index_problem)}")
    elif stats.index_schema is None:
        lines.append(f"{'Index:':<14} none" + (f", {behind} article(s) not indexed ({adds})"
                                                if behind else ""))
    else:
        freshness = "up to date" if not behind else f"{behind} article(s) behind the store ({adds})"
        lines.append(f"{'Index:':<14} {stats.index_bytes / 1048576:.1f} MB, schema "
                     f"{stats.index_schema}, {stats.index_segments} segment(s), {freshness}")
        if stats.index_segments > SEGMENTS_WORTH_COMPACTING:
            lines.append(f"{'':<14} many small imports left many segments, which slows "
                         "searching; 'archive reindex --full' rewrites them in fewer")
    if stats.last_import:
        imported = stats.last_import
        lines.append(f"{'Last import:':<14} {imported['finished_at']} — {imported['added']} added, "
                     f"{imported['updated']} updated, {imported['unchanged']} unchanged, "
                     f"{imported['failed']} failed")
    return "\n".join(lines)


def explanation_text(explanation: Explanation, style: Style) -> str:
    """How a query was understood, word by word, and the index query that runs."""
    lines = [f"{style.bold('Parsed:')} {one_line(explanation.parsed)}"]
    for word in explanation.words:
        lines.append("")
        lines.append(style.bold(one_line(str(word.get("word")))))
        for key, value in word.items():
            if key == "word":
                continue
            lines.append(f"  {key + ':':<14} {one_line(str(value))}")
    lines += ["", f"{style.bold('Index query:')} {one_line(explanation.index_query)}"]
    if explanation.optional_words:
        lines += ["", f"{style.bold('Best match:')} after the articles with every word, those "
                      f"lacking some of: {one_line(', '.join(explanation.optional_words))}"]
    return "\n".join(lines)


def check_text(report: "CheckReport") -> str:
    """The findings of `archive check`, one line each."""
    lines = [f"store: {report.articles} articles; index: {report.indexed} articles"]
    if report.repaired is not None:
        lines.append(f"repaired: re-indexed {report.repaired} article(s) from the store")
    if report.index_problem:
        lines.append(f"index: {report.index_problem}")
    for label, ids in (("missing from the index", report.missing_from_index),
                       ("in the index but not in the store", report.not_in_store),
                       ("outdated in the index", report.outdated_in_index),
                       ("indexed more than once", report.duplicated_in_index),
                       ("source files changed since import", report.changed_sources),
                       ("source files no longer there", report.missing_sources),
                       ("kept sources no article needs", report.orphan_sources)):
        if ids:
            shown = ", ".join(one_line(item) for item in ids[:5])
            more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
            lines.append(f"{label}: {len(ids)} ({shown}{more})")
    lines.append("index consistent with the store" if report.index_consistent
                 else "index NOT consistent with the store: run 'archive check --repair'")
    return "\n".join(lines)

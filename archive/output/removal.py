"""Text of `archive delete` and `archive prune` (the articles chosen, one line each) and of
`archive verify`.

    $ archive delete Starlink
    4f06297c9634e2e7 ZDF · 2024-10-25 · Spricht Elon Musk regelmäßig mit Wladimir Putin?
    1 article would be deleted; run again with --yes to delete it
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.model import Article
from archive.output.safe import one_line
from archive.paths import printable_path

if TYPE_CHECKING:
    from archive.curation import Removal
    from archive.research.manifest import Verification

# A dry run lists at most this many articles (the count is always exact).
SHOWN = 50


def article_line(article: Article) -> str:
    """One article as `id  outlet · date · title` (terminal-safe).

    >>> from archive.model import Article, Published
    >>> article_line(Article("4f06297c9634e2e7", "Musk\\x1b[31m", "", "", Published.parse("2024"),
    ...     None, "ZDF", (), (), None, "de", "a.txt", "0" * 64, "", 1))
    '4f06297c9634e2e7 ZDF · 2024 · Musk\\\\x1b[31m'
    """
    parts = [part for part in (article.outlet, str(article.published) if article.published
                               else None) if part]
    return one_line(f"{article.id} {' · '.join(parts + [article.title])}")


def removal_text(removal: "Removal") -> str:
    """The report of a delete or prune: the articles, then what happened or would happen."""
    lines = [article_line(article) for article in removal.articles[:SHOWN]]
    if removal.kind == "prune":
        lines = []
        for article in removal.articles[:SHOWN]:
            lines.append(article_line(article))
            lines.extend(f"    gone: {printable_path(path)}"
                         for path in removal.gone_paths.get(article.id, []))
    if len(removal.articles) > SHOWN:
        lines.append(f"… and {len(removal.articles) - SHOWN} more")
    count = len(removal.articles)
    noun = "article" if count == 1 else "articles"
    if not count:
        lines.append("no article has lost every source file" if removal.kind == "prune"
                     else "no article matches: nothing to delete")
    elif removal.done:
        blobs = (f"; {removal.removed_blobs} kept source file"
                 f"{'s' if removal.removed_blobs != 1 else ''} removed"
                 if removal.removed_blobs else "")
        lines.append(f"deleted {count} {noun}{blobs}")
    else:
        them = "it" if count == 1 else "them"
        lines.append(f"{count} {noun} would be deleted; run again with --yes to delete {them}")
    return "\n".join(lines)


def verification_text(report: "Verification") -> str:
    """The report of `archive verify`: the changed and missing articles, then the counts.

        changed  4f06297c9634e2e7
        missing  28e5d3c084e120a7
        putin.csv.manifest.json: 3 articles: 1 unchanged, 1 changed, 1 missing
    """
    lines = [f"{status:<8} {article_id}" for article_id, status in report.statuses.items()
             if status != "unchanged"]
    if not report.same_store:
        lines.append("note: the manifest was written from another store (its store id "
                     "differs); articles are compared by id")
    if report.export_file is not None:
        lines.append(f"export file {one_line(report.export_file)}: {report.export_status}")
    counts = report.counts
    total = len(report.statuses)
    lines.append(f"{one_line(report.manifest)}: {total} article{'s' if total != 1 else ''}: "
                 f"{counts['unchanged']} unchanged, {counts['changed']} changed, "
                 f"{counts['missing']} missing")
    return "\n".join(lines)

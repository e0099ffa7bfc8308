"""Text of `archive delete` and `archive prune`: the articles chosen, one line each.

    $ archive delete Starlink
    4f06297c9634e2e7 ZDF · 2024-10-25 · Spricht Elon Musk regelmäßig mit Wladimir Putin?
    1 article would be deleted; run again with --yes to delete it
"""

from __future__ import annotations

from archive.curation import Removal
from archive.model import Article
from archive.output.safe import one_line
from archive.paths import printable_path

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


def removal_text(removal: Removal) -> str:
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

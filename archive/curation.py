"""Taking articles out of the archive: `archive delete` and `archive prune`.

A deletion removes the article and every row that names it (overrides, source records, tags,
notes, near-duplicate signature) in one store transaction, which also records the deletion
under the next sequence number (table `deletions`). The index then drops the article in the
same command. A crash between the two leaves the index holding an article the store no longer
has: searches never show it (hits are read from the store), `archive reindex` drops it (a
catch-up applies the deletions recorded after the index's sequence number, as it adds the
writes), and `archive check` lists it as `not_in_store` until then.

The kept source bytes (`<home>/sources/`) that no remaining article or source record names are
removed after the store's commit: deleting an article takes its text out of the archive home,
not just out of sight. A crash before that leaves orphans, which `archive check` lists.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from archive.faults import checkpoint
from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.model import Article
from archive.paths import ArchivePaths
from archive.search import SearchRequest
from archive.selection import select_articles
from archive.store import Store


@dataclass
class Removal:
    """What `delete` or `prune` chose, and whether it was carried out (`done`; a dry run only
    lists). `kind` is "ids", "query" or "prune"; `note` explains how arguments were read."""

    articles: list[Article] = field(default_factory=list)
    kind: str = "ids"
    done: bool = False
    removed_blobs: int = 0
    note: str | None = None
    # Per article of a prune: the recorded source paths, all gone.
    gone_paths: dict[str, list[str]] = field(default_factory=dict)


def delete(archive: ArchivePaths, words: tuple[str, ...], request: SearchRequest,
           yes: bool = False, wait: float = DEFAULT_WAIT_SECONDS) -> Removal:
    """Delete the articles named by ids, or matching a query and filters (the articles
    `archive search` counts). Without `yes`, only lists them (a dry run, no lock taken)."""
    if not yes:
        selection = select_articles(archive, words, request)
        return Removal(selection.articles, selection.kind, note=selection.note)
    from archive.index.writer import catch_up

    with write_lock(archive.lock_file, wait), Store.open(archive.store_file) as store:
        # A query must see every stored article: the index is brought up to date first.
        catch_up(store, archive)
        selection = select_articles(archive, words, request)
        removed = _remove(archive, store, selection.articles)
    return Removal(selection.articles, selection.kind, True, removed, selection.note)


def prune(archive: ArchivePaths, yes: bool = False,
          wait: float = DEFAULT_WAIT_SECONDS) -> Removal:
    """Delete the articles whose every source file is gone from disk (each path recorded when
    it was imported, and the article's own source path). Without `yes`, only lists them."""
    if not yes:
        with Store.open(archive.store_file) as store:
            articles, gone = _orphaned(store)
        return Removal(articles, "prune", gone_paths=gone)
    from archive.index.writer import catch_up

    with write_lock(archive.lock_file, wait), Store.open(archive.store_file) as store:
        articles, gone = _orphaned(store)
        catch_up(store, archive)
        removed = _remove(archive, store, articles)
    return Removal(articles, "prune", True, removed, gone_paths=gone)


def _orphaned(store: Store) -> tuple[list[Article], dict[str, list[str]]]:
    recorded: dict[str, set[str]] = {}
    for path, article_id, _sha256 in store.sources():
        recorded.setdefault(article_id, set()).add(path)
    articles, gone = [], {}
    for article in store.iter_articles(order="id"):
        paths = sorted(recorded.get(article.id, set()) | {article.source_path})
        # lexists: a dangling link still names a file someone may restore; only absence counts.
        if not any(os.path.lexists(path) for path in paths):
            articles.append(article)
            gone[article.id] = paths
    return articles, gone


def _remove(archive: ArchivePaths, store: Store, articles: list[Article]) -> int:
    """Delete `articles` from the store (one transaction), then from the index; remove their
    kept source bytes when nothing names them any more. Returns how many blobs went."""
    from archive.index.writer import catch_up
    from archive.sources_store import blob_path

    from archive.research.cluster_store import clusters_of, members
    from archive.research.clusters import update_clusters

    if not articles:
        return 0
    gone = {article.id for article in articles}
    # The clusters losing a member: their other copies are checked again once it is gone (it
    # may have been the one linking them, and its id may have been the cluster's key).
    touched = set(clusters_of(store, gone).values())
    with store.transaction():
        for article in articles:
            store.delete_article(article.id)
    checkpoint("delete-commit")
    left = {key for key, group in members(store, touched).items()
            if any(article_id not in gone for article_id in group)}
    update_clusters(store, [], recheck=left)
    catch_up(store, archive)
    needed = store.source_digests()
    removed = 0
    for sha256 in sorted({article.source_sha256 for article in articles} - needed):
        try:
            blob_path(archive, sha256).unlink()
            removed += 1
        except FileNotFoundError:
            pass
        except OSError:
            pass  # left as an orphan: `archive check` lists it, nothing depends on it
    return removed

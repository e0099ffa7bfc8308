"""Giving articles to a Whoosh writer and committing them, in batches of bounded size.

A catch-up or rebuild commits every `BATCH_ARTICLES` articles instead of once at the end:
Whoosh's writer holds structures that grow with the documents of one commit (the pooled
postings beyond `limitmb`, the per-document lengths, the new segment's term table while it is
written), so one commit of 20,000 articles once peaked at 542 MB where reading and extraction
need 137 MB; the archive's writer keeps those small (`BATCH_ARTICLES`). Each batch is a segment of its own, written in the store's `seq` order, so the
documents, their order and every search result are those of one commit; after each commit the
caller records the batch's last `seq`, so a killed import resumes after the last whole batch.
"""

from __future__ import annotations

import os
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from whoosh.index import LockError

from archive.errors import ArchiveBusyError, ArchiveError, StorageError
from archive.faults import checkpoint
from archive.index import segment_merge
from archive.index.bulk_postings import BulkPool
from archive.index.codec import LengthCachingCodec
from archive.index.facets import write_caches
from archive.index.schema import document_for

if TYPE_CHECKING:
    from whoosh.index import Index
    from whoosh.writing import SegmentWriter

    from archive.model import Article

# Whoosh's posting pool budget, for a writer whose codec is not the archive's (its own pool is
# then kept; the archive's writers pool postings in bulk_postings.BulkPool, with its own
# budget). Whoosh may use about twice this (docs/performance.md, "Parallel import").
WRITER_MEMORY_MB = 24
# Articles per commit, so per segment of a bulk import (batches are never merged). A search
# pays per segment for every word: the bench's first searches at 100k articles took 17-21 /
# 71-82 ms (median / p95) on 4 segments of 25,000 against 31-37 / 188-191 ms on 20 of 5,000.
# A commit's peak hardly grows with its articles since the term table's pairs are kept in
# arrays and the posting files' bodies are spooled (codec.py, posting_table.BodySpool):
# importing FANG-COVID's 20k records (default --jobs) in one batch peaked at 472 MB for the
# process tree (473 MB with batches of 5,000 before), a `reindex --full` of 100k articles in
# batches of 25,000 at 324 MB (docs/performance.md, "a lighter commit"). A kill loses at most
# the batch in flight (its indexing; the store keeps every article).
# `ARCHIVE_INDEX_BATCH` sets it for the benchmark's before/after in one run and for tests.
BATCH_ARTICLES = 25_000

# Called with (steps done, steps to do) while a writer indexes: two steps per article, one
# when it is given to the writer and one when its batch is committed.
IndexProgress = Callable[[int, int], None]
# (article id, reason) of each article that could not be indexed and was left out.
Skipped = list[tuple[str, str]]
Articles = Iterable[tuple[int, "Article"]]

# A reason quoted in a failure line is cut to this many characters (it may quote text).
_REASON_CHARS = 200


def batch_articles() -> int:
    """Articles per commit: `ARCHIVE_INDEX_BATCH` when set to a positive number, else the
    default."""
    try:
        value = int(os.environ.get("ARCHIVE_INDEX_BATCH", ""))
    except ValueError:
        return BATCH_ARTICLES
    return value if value > 0 else BATCH_ARTICLES


def write_in_batches(index: "Index", generation: Path, articles_after: Callable[[int], Articles],
                     start_seq: int, update: bool, mergetype: object,
                     progress: IndexProgress | None = None, total: int = 0,
                     skipped: Skipped | None = None,
                     before: Callable[["SegmentWriter"], object] | None = None,
                     committed: Callable[[int], object] | None = None) -> tuple[int, int]:
    """Index `articles_after(seq)` (in seq order) from `start_seq` on, one commit per batch.

    `before(writer)` runs in the first batch only (deletions); `committed(seq)` after each
    commit with the last seq the batch held. Returns (the last seq, how many were indexed)."""
    size = batch_articles()
    last_seq, count, first = start_seq, 0, True
    while True:
        if not first and next(iter(articles_after(last_seq)), None) is None:
            return last_seq, count  # no empty commit after the last batch
        after = last_seq
        done = count

        def batch(after: int = after) -> Articles:
            return islice(articles_after(after), size)

        def told(indexed: int, _total: int, done: int = done) -> None:
            # Two steps per article: added to the writer, and committed (the commit and the
            # facet tables take about a third of the indexing time).
            if progress:
                progress(2 * done + indexed, 2 * max(total, done + indexed))

        seq, added = write_batch(index, generation, batch, update, mergetype, told, skipped,
                                 before if first else None)
        first = False
        if seq == 0:  # nothing was left
            return last_seq, count
        last_seq, count = seq, count + added
        if progress:
            progress(2 * count, 2 * max(total, count))
        if committed:
            committed(last_seq)


def open_writer(index: "Index") -> "SegmentWriter":
    """A writer with the archive's memory budget and a codec that writes the same files as
    Whoosh's default but skips re-reading every field length at commit (see codec.py)."""
    codec = LengthCachingCodec()
    try:
        writer = index.writer(limitmb=WRITER_MEMORY_MB, codec=codec)
    except LockError:
        raise ArchiveBusyError("archive is busy: the search index is locked by another writer") from None
    if getattr(codec, "writes_bulk_postings", False):
        # Postings gathered as arrays and written in bulk at commit (bulk_postings.py): the
        # same files as Whoosh's posting pool writes, without its per-posting sorting and
        # pickling. (Only the archive's codec's field writer takes such a pool.)
        writer.pool.cleanup()
        writer.pool = BulkPool(writer.schema,
                               folder=getattr(writer._tempstorage, "folder", None))  # noqa: SLF001
        # A merge's postings go to that pool a term's list at a time (segment_merge.py).
        segment_merge.install(writer)
    return writer


def write_batch(index: "Index", generation: Path, articles: Callable[[], Articles], update: bool,
                mergetype: object, progress: IndexProgress | None = None,
                skipped: Skipped | None = None,
                before: Callable[["SegmentWriter"], object] | None = None) -> tuple[int, int]:
    """Index `articles()` in one commit; returns (the last seq, how many were indexed).

    An unforeseen error while one article is analysed or added (a bug no text showed yet)
    must not stop the rest, nor leave the article half in the writer: Whoosh has then already
    pooled the postings of its earlier fields under a document number the next article would
    reuse. So the writer is cancelled and the articles are written again, each one's fields
    analysed on their own first (twice the work, only after a failure) and a failing one left
    out and listed in `skipped` with its reason; `archive check` lists it as missing.
    `before(writer)` runs first in each attempt (repair's deletions). `mergetype` is the
    commit's merge policy (None: Whoosh's default)."""
    writer = open_writer(index)
    try:
        if before:
            before(writer)
        seq, count = _add_all(writer, articles(), update, progress, None)
    except (OSError, ArchiveError):
        writer.cancel()  # the disk or the archive, not one article: retrying cannot help
        raise
    except Exception:  # noqa: BLE001 - any error of one article; retried below
        writer.cancel()
        writer = open_writer(index)
        try:
            if before:
                before(writer)
            seq, count = _add_all(writer, articles(), update, progress,
                                  skipped if skipped is not None else [])
        except BaseException:
            writer.cancel()
            raise
    except BaseException:
        writer.cancel()
        raise
    try:
        writer.commit(mergetype=mergetype)
        write_caches(generation, index.reader())
    except OSError as error:
        raise StorageError(f"cannot write the search index: {error.strerror}; "
                           "the store is intact (run 'archive reindex' when fixed)") from None
    return seq, count


def _add_all(writer: "SegmentWriter", articles: Articles, update: bool,
             progress: IndexProgress | None, skipped: Skipped | None) -> tuple[int, int]:
    """Give every article to the writer. With `skipped` (the careful pass), each article's
    fields are analysed on their own first, and one that fails is left out and listed."""
    seq = count = 0
    schema = writer.schema
    for seq, article in articles:
        document = document_for(article)
        if skipped is not None:
            problem = _analysis_problem(schema, document)
            if problem:
                skipped.append((article.id, problem))
                continue
        if update:
            writer.update_document(**document)
        else:
            writer.add_document(**document)
        count += 1
        checkpoint("index-add")
        if progress:
            progress(count, count)
    return seq, count


def _analysis_problem(schema: object, document: dict[str, object]) -> str | None:
    """Why analysing a document's indexed fields fails ("ValueError: …"), or None."""
    try:
        for name, value in document.items():
            field = schema[name]  # type: ignore[index]
            if value is not None and field.indexed:
                for _posting in field.index(value):  # a generator: analysed as it is read
                    pass
    except Exception as error:  # noqa: BLE001 - reported as this article's failure
        return f"{type(error).__name__}: {error}"[:_REASON_CHARS]
    return None

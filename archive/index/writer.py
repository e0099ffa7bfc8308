"""Build and update the Whoosh index from the store.

Layout under `<home>/whoosh/`:

    CURRENT              the name of the live generation ("gen-000003"), replaced atomically
    gen-000003/          Whoosh's files + state.json: schema version, store id, last seq indexed

`catch_up` indexes every article written after the generation's recorded seq (only new and
changed ids) in batches (`archive.index.committing`), committing each and then recording its
last seq. A crash between a Whoosh commit and the record only means the next catch-up
re-indexes a few articles, which `update_document` makes harmless. `rebuild` writes a new
generation beside the live one and swaps the pointer, so searches keep working during a
rebuild; when there is no live generation yet, it first publishes an empty one, so that a
search during the first import answers (with a note on what is not indexed yet) instead of
finding no index, and fills that one batch by batch.

Only writers (import, reindex, edit, check --repair) change the index; a search reads the last
committed generation as it is.
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import nullcontext
from dataclasses import asdict
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Callable, ContextManager, Iterable

from whoosh.writing import NO_MERGE

from archive.errors import StorageError
from archive.faults import checkpoint
# What a search needs of the generations lives in generations.py; its names stay importable
# from here for the writers and older callers.
from archive.index.generations import (POINTER, STATE, IndexState, articles_behind,  # noqa: F401
                                       check_usable, live_generation, open_index, read_state)
from archive.index.committing import (Articles, IndexProgress, Skipped, batch_articles,
                                      write_batch, write_in_batches)
from archive.index.schema import SCHEMA_VERSION, build_schema
from archive.index.trust import SIGNATURES, SigningStorage, untrusted_reason
from archive.index.verify import damaged_error, find_damage, reading
from archive.store import now_iso

if TYPE_CHECKING:
    from whoosh.codec.base import Segment
    from whoosh.writing import SegmentWriter

    from archive.index.preanalysed import ParallelAnalysis
    from archive.model import Article
    from archive.paths import ArchivePaths
    from archive.store import Store

# An incremental commit merges the small segments, at most MERGE_BUDGET_DOCS documents in all,
# once there are MERGE_MIN_SEGMENTS of them: a commit of a few articles stays cheap.
MERGE_BUDGET_DOCS = 50
MERGE_MIN_SEGMENTS = 5
# Larger segments are merged by size tiers, as Lucene's log merge policy does with its default
# factor: once MERGE_FACTOR segments lie within a factor of MERGE_FACTOR of each other in size,
# they become one. A search pays per segment for every word (on 100k articles, 15 / 49 ms
# median / p95 on one segment, 17-21 / 71-82 on four, 31-37 / 188-191 on twenty), and each
# article is merged again only about once per tenfold growth of the archive. A merge reads the
# postings a list at a time (segment_merge.py): it costs about a third of indexing.
MERGE_FACTOR = 10
# A merge never makes a segment of more documents: its time falls on one import (a merge of
# 100,000 articles took about 12 minutes here and 311 MB at its peak with its caches),
# and the 25,000-article segments of a big rebuild are left as they are.
MAX_MERGED_DOCS = 150_000


def _write_state(generation: Path, state: IndexState) -> None:
    temporary = generation / (STATE + ".tmp")
    temporary.write_text(json.dumps(asdict(state)), encoding="utf-8")
    os.replace(temporary, generation / STATE)


def live_damage(generation: Path) -> str | None:
    """What makes a generation unopenable (its table of contents, a missing or truncated
    segment file), found in milliseconds; None if it opens. Damage inside a segment's data is
    found by `find_damage(generation)`, which reads everything (`archive check`)."""
    return find_damage(generation, deep=False)


def catch_up(store: "Store", archive: "ArchivePaths", progress: IndexProgress | None = None,
             skipped: Skipped | None = None, jobs: int = 1) -> int:
    """Index what the store has and the index lacks; build the index if there is none.

    Returns how many articles were indexed. An article that fails to index is left out and
    appended to `skipped` (see `_write`). Raises IndexDamagedError if the live generation
    cannot be opened (see `live_damage`). The caller holds the archive's write lock. With
    `jobs` > 1, the fields are analysed in that many worker processes (`parallel_analysis`);
    the index written is the same.
    """
    generation = live_generation(archive)
    if generation is None:
        return rebuild(store, archive, progress, skipped, jobs)
    state = read_state(generation)
    check_usable(archive, state, store.store_id)
    assert state is not None
    untrusted = untrusted_reason(generation)
    if untrusted:
        # Not opened (it could run code). An index from before signatures is rebuilt from the
        # store (data, never code) at once; any other is reported, and `reindex` rebuilds it.
        if not (generation / SIGNATURES).exists():
            return rebuild(store, archive, progress, skipped, jobs)
        raise damaged_error(generation, untrusted)
    damage = live_damage(generation)
    if damage:
        raise damaged_error(generation, damage)
    # A rebuild killed before its swap leaves a half-built generation: never used, just space.
    _remove_other_generations(archive.index_root, keep=generation.name)
    if store.max_seq() <= state.seq:
        return 0
    if state.seq == 0:
        # The empty generation a first import publishes (killed before its build finished):
        # building in one segment is faster than updating document by document.
        return rebuild(store, archive, progress, skipped, jobs)
    total = articles_behind(store, state.seq)
    # Deletions take sequence numbers too (`archive delete`): their ids leave the index in the
    # same commit, so a deletion the index missed (a crash after the store's commit) is made
    # good by the next catch-up, like a missed write.
    deleted = store.deleted_after(state.seq)
    target = store.max_seq()

    def committed(seq: int) -> None:
        # Each batch's commit is recorded at once: a killed import resumes after it.
        checkpoint("index-commit")
        _write_state(generation, IndexState(SCHEMA_VERSION, store.store_id, seq, now_iso()))

    try:
        with reading(generation), parallel_analysis(jobs, total) as analysis:
            index = open_index(generation, analysis)
            seq, count = write_in_batches(
                index, generation, _through(analysis, store.articles_after), state.seq,
                update=True,
                mergetype=merge_policy, progress=progress, total=total,
                skipped=skipped, committed=committed,
                before=lambda writer: [writer.delete_by_term("id", article_id)
                                       for article_id in deleted])
        if seq == state.seq:  # deletions only: their batch held no article
            checkpoint("index-commit")
        _write_state(generation, IndexState(SCHEMA_VERSION, store.store_id,
                                            max(seq, state.seq, target), now_iso()))
    except OSError as error:  # a full disk while adding documents or recording the state: 74
        raise StorageError(f"cannot write the search index in {archive.index_root}: "
                           f"{error.strerror or error}; the store is intact (run 'archive "
                           "reindex' when fixed)") from None
    return count


def segment_count(generation: Path) -> int:
    """How many Whoosh segments the generation has (each adds a little to every search)."""
    with open_index(generation).reader() as reader:
        return sum(1 for segment, _ in reader.leaf_readers() if segment.segment() is not None)


def repair(store: "Store", archive: "ArchivePaths", update_ids: Iterable[str],
           delete_ids: Iterable[str]) -> int:
    """Re-index some articles and drop index documents the store does not have; the index is
    then marked as holding everything the store has. The caller holds the write lock."""
    generation = live_generation(archive)
    state = read_state(generation) if generation else None
    if generation is None or state is None or state.schema_version != SCHEMA_VERSION \
            or state.store_id != store.store_id or untrusted_reason(generation):
        return rebuild(store, archive)
    with reading(generation):
        index = open_index(generation)
        deleted = list(delete_ids)
        wanted = list(update_ids)

        def articles() -> Iterable[tuple[int, "Article"]]:
            return ((0, article) for article in store.get_many(wanted).values())

        # Through _write, so an article that still cannot be analysed is left out (and stays
        # listed by `check`) instead of failing the repair of the others.
        _, count = write_batch(index, generation, articles, update=True,
                               mergetype=merge_policy, before=lambda writer: [
                                   writer.delete_by_term("id", article_id) for article_id in deleted])
    _write_state(generation, IndexState(SCHEMA_VERSION, store.store_id, store.max_seq(), now_iso()))
    return count


def rebuild(store: "Store", archive: "ArchivePaths", progress: IndexProgress | None = None,
            skipped: Skipped | None = None, jobs: int = 1) -> int:
    """Build a fresh generation from the whole store and make it the live one.

    Returns how many articles were indexed. The caller holds the archive's write lock. `jobs`
    as for `catch_up`.
    """
    root = archive.index_root
    old = live_generation(archive)
    try:
        root.mkdir(parents=True, exist_ok=True)
        first = old is None or read_state(old) is None
        if first:
            # Searches meanwhile answer from an empty index, saying what it lacks.
            old = _new_generation(root, old)
            _write_state(old, IndexState(SCHEMA_VERSION, store.store_id, 0, now_iso()))
            _swap(root, old)
        # The first build fills that live generation batch by batch, recording each batch's
        # seq (a search sees what is committed; a killed import's next catch-up goes on after
        # the last batch); any later rebuild writes beside the live one and swaps.
        generation = old if first else _new_generation(root, old)
        assert generation is not None
        seq_at_start = store.max_seq()
        total = articles_behind(store, 0) if progress or jobs > 1 else 0

        def committed(seq: int) -> None:
            checkpoint("index-commit")
            _write_state(generation, IndexState(SCHEMA_VERSION, store.store_id, seq, now_iso()))
        # Batches that are never merged: the segments hold the documents in seq order, as one
        # commit would (the ranking's ties go by document number).
        with parallel_analysis(jobs, total) as analysis:
            index = open_index(generation, analysis)
            seq, count = write_in_batches(
                index, generation, _through(analysis, lambda after: (
                    item for item in store.articles_after(after) if item[0] <= seq_at_start)),
                0, update=False, mergetype=NO_MERGE, progress=progress, total=total,
                skipped=skipped, committed=committed if first else None)
        _write_state(generation, IndexState(SCHEMA_VERSION, store.store_id, seq_at_start,
                                            now_iso()))
        if not first:
            checkpoint("swap-before")
            _swap(root, generation)
            checkpoint("swap-after")
    except OSError as error:
        raise StorageError(f"cannot write the search index in {root}: {error.strerror}; "
                           "the store is intact (run 'archive reindex --full' when fixed)") from None
    _remove_other_generations(root, keep=generation.name)
    return count


def parallel_analysis(jobs: int, total: int) -> ContextManager["ParallelAnalysis | None"]:
    """Worker processes analysing the fields of the `total` articles to index, or None (the
    writer analyses them) for one job or too few articles to pay for starting workers."""
    if jobs <= 1:
        return nullcontext(None)
    # Loaded here: searches open the index through this module and never start workers.
    from archive.index.preanalysed import ParallelAnalysis, min_parallel_articles

    if total < min_parallel_articles():
        return nullcontext(None)
    return ParallelAnalysis(jobs)


def _through(analysis: "ParallelAnalysis | None",
             articles_after: Callable[[int], Articles]) -> Callable[[int], Articles]:
    """`articles_after` with each article's fields analysed in the workers on the way. Cut to
    the batch `write_in_batches` takes, so the workers never analyse ahead past it."""
    if analysis is None:
        return articles_after
    size = batch_articles()
    return lambda after: analysis.articles(islice(articles_after(after), size))


def _new_generation(root: Path, previous: Path | None) -> Path:
    """An empty Whoosh index in the generation folder after `previous`."""
    number = int(previous.name.split("-")[1]) + 1 if previous else 1
    generation = root / f"gen-{number:06d}"
    if generation.exists():
        shutil.rmtree(generation)
    generation.mkdir()
    # Without mmap, as open_index: the reader opened after the commit (facet caches) would
    # otherwise map and touch the whole new segment, the import's peak (+107 MB at 2,000
    # articles, growing with the archive). The files written are the same.
    SigningStorage(str(generation), supports_mmap=False).create_index(build_schema())
    return generation


def _swap(root: Path, generation: Path) -> None:
    """Make `generation` the live one: write the pointer beside, then rename over."""
    temporary = root / (POINTER + ".tmp")
    temporary.write_text(generation.name, encoding="ascii")
    os.replace(temporary, root / POINTER)


def _remove_other_generations(root: Path, keep: str) -> None:
    for folder in root.iterdir():
        if folder.is_dir() and folder.name.startswith("gen-") and folder.name != keep:
            shutil.rmtree(folder, ignore_errors=True)


def merge_policy(writer: "SegmentWriter", segments: list["Segment"]) -> list["Segment"]:
    """The incremental commits' merge policy (Whoosh's `mergetype`): merge the smallest
    segments, at most MERGE_BUDGET_DOCS documents in all, once there are MERGE_MIN_SEGMENTS of
    them; else the smallest MERGE_FACTOR segments, the commit's new one among them, that lie
    within a factor of MERGE_FACTOR of each other (`tier_to_merge`)."""
    chosen, total = [], 0
    for segment in sorted(segments, key=lambda item: item.doc_count_all()):
        if total + segment.doc_count_all() > MERGE_BUDGET_DOCS:
            break
        chosen.append(segment)
        total += segment.doc_count_all()
    if len(chosen) < MERGE_MIN_SEGMENTS:
        # The commit's own new documents count as one more segment (they are one once it
        # is written): the import that makes the tenth similar segment merges the other nine.
        sizes = [segment.doc_count() for segment in segments]
        new = getattr(writer, "docnum", 0)
        chosen = [segments[number] for number in tier_to_merge(sizes + [new] if new else sizes)
                  if number < len(segments)]
        analysis = getattr(writer, "analysis", None)  # a PreAnalysedWriter's workers
        if chosen and analysis is not None:
            analysis.rest()  # idle through the merge, their memory freed for it
    if not chosen:
        return segments
    merge_segments(writer, chosen)
    return [segment for segment in segments if segment not in chosen]


def tier_to_merge(sizes: list[int]) -> list[int]:
    """Which segments (their places in `sizes`, live documents each) to merge: the
    MERGE_FACTOR smallest that lie within a factor of MERGE_FACTOR of the smallest of them
    and hold at most MAX_MERGED_DOCS in all, or none.

        tier_to_merge([9_990] * 9 + [120]) -> []
        tier_to_merge([9_990] * 10 + [120]) -> [0, 1, ..., 9]
    """
    order = sorted(range(len(sizes)), key=lambda number: (sizes[number], number))
    for first in range(len(order) - MERGE_FACTOR + 1):
        tier = order[first:first + MERGE_FACTOR]
        if sizes[tier[-1]] <= MERGE_FACTOR * max(sizes[tier[0]], 1) and \
                sum(sizes[number] for number in tier) <= MAX_MERGED_DOCS:
            return sorted(tier)
    return []


def merge_segments(writer: "SegmentWriter", segments: list["Segment"]) -> None:
    """Add `segments` to the writer (Whoosh's `add_reader`; its postings a list at a time in
    the archive's writers, segment_merge.py)."""
    from whoosh.reading import SegmentReader

    for segment in segments:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()

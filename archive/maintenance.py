"""Keep the index in step with the store, and describe the archive: `reindex` and `stats`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive.errors import IndexDamagedError, IndexNeedsRebuildError, MetadataError
from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.paths import ArchivePaths
from archive.store import Store

if TYPE_CHECKING:
    from archive.index.writer import IndexProgress


@dataclass(frozen=True)
class Reindexed:
    """What `reindex` did: how many articles it indexed, and why it rebuilt the whole index
    when it was not asked to (the live index was damaged), else None."""

    indexed: int
    rebuilt_because: str | None = None
    notices: tuple[str, ...] = ()
    # Articles left out of the index because their analysis failed (id, reason): they stay
    # stored, and `archive check` lists them.
    skipped: tuple[tuple[str, str], ...] = ()


def reindex(archive: ArchivePaths, full: bool = False, wait: float = DEFAULT_WAIT_SECONDS,
            progress: "IndexProgress | None" = None) -> Reindexed:
    """Bring the index up to date with the store.

    Incremental by default (only what the index lacks); `full` rebuilds from the whole store in
    a new generation that replaces the live one when complete, so searches keep working. An
    index that cannot be opened (a damaged table of contents, a missing or truncated segment
    file) is rebuilt from the store, never reported as up to date.
    """
    from archive.importer import refresh_outlet_aliases
    from archive.index.writer import catch_up, rebuild

    with write_lock(archive.lock_file, wait), Store.open(archive.store_file) as store:
        notices: tuple[str, ...] = ()
        try:  # searches resolve outlet aliases through the store's table of the registry
            refresh_outlet_aliases(store, archive)
        except MetadataError as error:
            notices = (f"{error}; outlet aliases keep their earlier table",)
        skipped: list[tuple[str, str]] = []  # articles the index could not take, with why
        rebuilt_because = None
        if full:
            indexed = rebuild(store, archive, progress, skipped)
        else:
            try:
                indexed = catch_up(store, archive, progress, skipped)
            except IndexDamagedError as error:
                indexed, rebuilt_because = rebuild(store, archive, progress, skipped), error.detail
        return Reindexed(indexed, rebuilt_because, notices, tuple(skipped))


@dataclass(frozen=True)
class Stats:
    """What an archive holds. `index_articles_behind` counts stored articles the index lacks
    (all of them when there is no index); `index_problem` says why the index cannot be used
    and names the command that fixes it."""

    home: str
    articles: int
    outlets: list[tuple[str, int]]
    years: list[tuple[str, int]]
    index_bytes: int
    index_segments: int
    index_articles_behind: int | None
    index_schema: str | None
    last_import: dict[str, object] | None
    index_problem: str | None = None
    index_writer_active: bool = False


def stats(archive: ArchivePaths) -> Stats:
    """Counts by outlet and year, index size and freshness, the last import."""
    from archive.index.writer import (articles_behind, check_usable, live_generation, read_state,
                                      segment_count)
    from archive.locking import writer_active

    with Store.open(archive.store_file) as store:
        generation = live_generation(archive)
        state = read_state(generation) if generation else None
        behind = articles_behind(store, state.seq if state else 0)
        size = sum(path.stat().st_size for path in generation.iterdir()) if generation else 0
        problem = None
        segments = 0
        if state is not None:
            try:
                check_usable(archive, state, store.store_id)
                segments = segment_count(generation)  # type: ignore[arg-type]
            except IndexNeedsRebuildError as error:
                problem = str(error)
        return Stats(str(archive.home), store.count(), store.value_counts("outlet"),
                     store.value_counts("year"), size, segments, behind,
                     state.schema_version if state else None, store.last_import(), problem,
                     writer_active(archive.lock_file))

"""Keep the index in step with the store, and describe the archive: `reindex` and `stats`."""

from __future__ import annotations

from dataclasses import dataclass

from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.paths import ArchivePaths
from archive.store import Store


def reindex(archive: ArchivePaths, full: bool = False, wait: float = DEFAULT_WAIT_SECONDS) -> int:
    """Bring the index up to date with the store and return how many articles were indexed.

    Incremental by default (only what the index lacks); `full` rebuilds from the whole store in
    a new generation that replaces the live one when complete, so searches keep working.
    """
    from archive.index.writer import catch_up, rebuild

    with write_lock(archive.lock_file, wait), Store.open(archive.store_file) as store:
        return rebuild(store, archive) if full else catch_up(store, archive)


@dataclass(frozen=True)
class Stats:
    """What an archive holds."""

    home: str
    articles: int
    outlets: list[tuple[str, int]]
    years: list[tuple[str, int]]
    index_bytes: int
    index_segments: int
    index_articles_behind: int | None
    index_schema: str | None
    last_import: dict[str, object] | None


def stats(archive: ArchivePaths) -> Stats:
    """Counts by outlet and year, index size and freshness, the last import."""
    from archive.index.writer import live_generation, read_state, segment_count

    with Store.open(archive.store_file) as store:
        generation = live_generation(archive)
        state = read_state(generation) if generation else None
        behind = None
        if state is not None:
            behind = sum(1 for _ in store.articles_after(state.seq))
        size = sum(path.stat().st_size for path in generation.iterdir()) if generation else 0
        segments = segment_count(generation) if state is not None else 0
        return Stats(str(archive.home), store.count(), store.value_counts("outlet"),
                     store.value_counts("year"), size, segments, behind,
                     state.schema_version if state else None, store.last_import())

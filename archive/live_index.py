"""Which index generation a search reads, and how it catches up with the store."""

from __future__ import annotations

from pathlib import Path

from archive.errors import IndexNeedsRebuildError
from archive.paths import ArchivePaths
from archive.store import Store


def current_generation(archive: ArchivePaths, store: Store) -> tuple[Path, list[str]]:
    """The live index generation, caught up with the store first when it lags behind and no
    other process is writing. Returns the generation and notices for the user."""
    from archive.index.writer import catch_up, check_usable, live_generation, read_state
    from archive.locking import try_write_lock

    notices: list[str] = []
    generation = live_generation(archive)
    state = read_state(generation) if generation else None
    if state is None or state.seq < store.max_seq():
        with try_write_lock(archive.lock_file) as held:
            if held:
                indexed = catch_up(store, archive)
                if indexed:
                    notices.append(f"the index lacked {indexed} stored article(s) "
                                   "(an earlier command stopped early); indexed them now")
            elif generation is not None:
                notices.append("another archive command is writing; results may miss its "
                               "newest articles")
        generation = live_generation(archive)
        state = read_state(generation) if generation else None
    if generation is None:
        raise IndexNeedsRebuildError(f"no search index in {archive.index_root}: "
                                     "run 'archive reindex --full'")
    check_usable(archive, state, store.store_id)
    return generation, notices

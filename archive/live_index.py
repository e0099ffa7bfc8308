"""Which index generation a search reads, and what it says about articles not indexed yet.

A search never writes: it answers at once from the last committed generation, even while an
import or reindex is writing or after one stopped early. Catching the index up with the store
is the writers' job (import, reindex), which show their progress.
"""

from __future__ import annotations

from pathlib import Path

from archive.errors import IndexNeedsRebuildError
from archive.paths import ArchivePaths
from archive.store import Store


def current_generation(archive: ArchivePaths, store: Store) -> tuple[Path, list[str]]:
    """The live (last committed) index generation and notices for the user: how many stored
    articles it does not cover yet and which command adds them.

    Raises IndexNeedsRebuildError (naming the command that fixes it) when there is no usable
    index. A damaged generation is reported when it is opened (archive.index.generations.open_index).
    """
    from archive.index.generations import (articles_behind, check_usable, live_generation,
                                           read_state)
    from archive.locking import writer_active

    generation = live_generation(archive)
    state = read_state(generation) if generation else None
    if generation is None or state is None:
        raise IndexNeedsRebuildError(_no_index_message(archive, store))
    check_usable(archive, state, store.store_id)
    notices: list[str] = []
    behind = articles_behind(store, state.seq)
    if behind:
        notices.append(lag_notice(behind, writer_active(archive.lock_file)))
    return generation, notices


def lag_notice(behind: int, writing: bool) -> str:
    """What a reader says when the index lacks `behind` stored articles."""
    what = f"{behind} stored article{'s are' if behind != 1 else ' is'} not in the index yet"
    them = "them" if behind != 1 else "it"
    if writing:
        return f"{what}; the archive command writing now adds {them}"
    return f"{what}; run 'archive reindex' to add {them}"


def _no_index_message(archive: ArchivePaths, store: Store) -> str:
    from archive.locking import writer_active

    stored = store.count()
    if not stored:
        return f"no search index in {archive.index_root} yet: import articles first"
    if writer_active(archive.lock_file):
        return (f"no search index in {archive.index_root} yet: the archive command writing "
                f"now builds it ({stored} stored articles)")
    return (f"no search index in {archive.index_root}: {stored} stored article(s) are not "
            "indexed; run 'archive reindex' to build it")

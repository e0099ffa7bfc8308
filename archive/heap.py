"""Handing the memory a finished stage freed back to the operating system.

CPython frees an object's memory to the C allocator, which keeps it for later allocations
instead of returning it: after a stage that held many texts at once (the syndication clusters
step reads a batch's texts and shingle sets) the process stays as large as at that stage's
peak, and the index writing that follows (Whoosh's posting pool) takes new memory on top.
glibc's `malloc_trim` returns the free pages (also those between live allocations) at once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache
from typing import Callable


def release_freed_memory() -> bool:
    """Give the C allocator's free pages back to the system; False where that is not possible
    (no glibc). Costs milliseconds; the objects alive are untouched.

    >>> release_freed_memory() in (True, False)
    True
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    # glibc only (Linux); musl, macOS and Windows have no malloc_trim: nothing to do there.
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        return libc.malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError, TypeError):
        return None

"""One writer at a time: an advisory lock on a file in the archive home.

Readers (search, show, export) never take it; they see the last committed store and index.
The operating system releases the lock when the process ends, even on kill -9, so a crash never
leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from archive.errors import ArchiveBusyError, NoArchiveError, StorageError

DEFAULT_WAIT_SECONDS = 10.0


@contextmanager
def write_lock(lock_file: Path, wait: float = DEFAULT_WAIT_SECONDS) -> Iterator[None]:
    """Hold the archive's write lock, waiting up to `wait` seconds for another writer.

    Raises ArchiveBusyError if the lock is still held after `wait` seconds.
    """
    try:
        descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except FileNotFoundError:
        raise NoArchiveError(lock_file.parent) from None
    except OSError as error:
        raise StorageError(f"cannot open the lock file {lock_file}: {error.strerror}") from None
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ArchiveBusyError(
                        f"archive is busy: another archive command is writing to "
                        f"{lock_file.parent} (waited {wait:g} s; try again, or raise --wait)"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def try_write_lock(lock_file: Path) -> "_TryLock":
    """A lock attempt that does not wait: `with try_write_lock(f) as held:` gives held=False
    when another process writes."""
    return _TryLock(lock_file)


class _TryLock:
    def __init__(self, lock_file: Path) -> None:
        self.lock_file = lock_file
        self.descriptor: int | None = None

    def __enter__(self) -> bool:
        try:
            self.descriptor = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return False  # a read-only home: behave as if someone else writes
        try:
            fcntl.flock(self.descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            os.close(self.descriptor)
            self.descriptor = None
            return False

    def __exit__(self, *exc_info: object) -> None:
        if self.descriptor is not None:
            fcntl.flock(self.descriptor, fcntl.LOCK_UN)
            os.close(self.descriptor)


def writer_active(lock_file: Path) -> bool:
    """True while another process holds the write lock (an import or reindex is running).

    Only probes: the file is opened read-only and never created, and a shared lock is taken
    and released at once, so a reader never writes to the archive home.
    """
    try:
        descriptor = os.open(lock_file, os.O_RDONLY)
    except OSError:
        return False  # no lock file: no writer has ever run here
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    else:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return False
    finally:
        os.close(descriptor)

"""Extraction of the next single files (.html, .txt) in worker processes (`import --jobs N`).

An HTML page takes 20–50 ms to decode and extract, storing it about 1 ms: the importer keeps
storing one file after another, in their order, in its own transactions, while workers extract
the files ahead of it. A worker only reads and extracts; it writes nothing, and the importer
uses what it sends only for exactly the bytes it reads itself at the file's turn (else, and for
any file a worker could not extract, it extracts the file itself and fails or succeeds exactly
as a serial import does). A worker that dies ends the parallel extraction; the importer does the
rest itself. Files whose bytes the store already has from the same path are not sent (a
re-import of unchanged files extracts nothing).

The index's text analysis has workers of its own (`archive.index.preanalysed`), started once
the files are stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from archive.errors import InputError
from archive.faults import checkpoint

if TYPE_CHECKING:
    from archive.model import Extracted
    from archive.store import Store

# Files extracted ahead per worker: enough that a worker never waits for the importer, few
# enough that the bytes and results waiting stay small (at most --max-size each).
FILES_AHEAD_PER_WORKER = 4
# Fewer single files than this are extracted in the importer's process: starting workers (each
# loads the parsers and the language model) costs more than they would save.
# `ARCHIVE_PARALLEL_MIN` sets another number (the tests use 1).
MIN_PARALLEL_FILES = 16
# How often a worker looks whether the importer that started it is still there.
PARENT_CHECK_SECONDS = 0.25


def _extract(path: str, data: bytes, today: dt.date | None,
             accept_all: bool) -> "Extracted | None":
    """A worker's task: the file's article, or None when extraction fails (the importer then
    extracts it itself, to report it as a serial import does)."""
    from archive.derive import run_extraction

    checkpoint("extraction-worker")
    try:
        return run_extraction(Path(path), data, today, accept_all)
    except Exception:  # noqa: BLE001 - the importer meets it again and reports it
        return None


def start_worker(fault_point: str, importer: int) -> None:
    """Set up a worker process (of either kind): the fault points are the importer's, except
    the worker's own `fault_point`; Ctrl-C is left to the importer, which stops the workers
    itself; and the worker ends when the importer (process id `importer`) does (killed, it
    cannot stop them), instead of waiting for tasks forever and holding the importer's output
    streams open — also when the importer died while the worker was still starting."""
    import signal

    from archive import faults

    faults.disable_in_this_process(keep=fault_point)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with_parent, args=(importer,), daemon=True).start()


def _end_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def stop_pool(pool: ProcessPoolExecutor, interrupted: bool) -> None:
    """End a pool of workers. Normally its tasks are done or cancelled and the workers end in
    turn; when the importer is interrupted (Ctrl-C, an error) the workers are stopped at once:
    what they are working on is never used, and waiting for it (an analysis chunk, a worker
    still starting under load) would keep the user waiting and the output streams open."""
    if not interrupted:
        pool.shutdown(wait=True, cancel_futures=True)
        return
    # The processes before the shutdown: Python 3.11-3.13 keep them in `_processes` (3.14 adds
    # `terminate_workers`); without it the shutdown alone still ends them, later.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def min_parallel_files() -> int:
    """Single files from which workers extract: `ARCHIVE_PARALLEL_MIN` when set to a positive
    number, else MIN_PARALLEL_FILES."""
    try:
        value = int(os.environ.get("ARCHIVE_PARALLEL_MIN", ""))
    except ValueError:
        return MIN_PARALLEL_FILES
    return value if value > 0 else MIN_PARALLEL_FILES


class ExtractionAhead:
    """Worker processes extracting the single files an import will come to next.

    Use as a context manager (the workers stop at its end). Before each file, call
    `advance(number)` with its place in `files`; at the file's turn, `extracted(path, data)`
    gives the worker's article for exactly those bytes, or None."""

    def __init__(self, jobs: int, files: Sequence[Path], single: Sequence[bool], store: "Store",
                 max_bytes: int, today: dt.date | None, accept_all: bool) -> None:
        self.jobs = jobs
        self.files = files
        self.single = single
        self.store = store
        self.max_bytes = max_bytes
        self.today = today
        self.accept_all = accept_all
        self.broken = False
        # Files extracted with the workers' results (the others by the importer).
        self.taken = 0
        self._pool: ProcessPoolExecutor | None = None
        self._next = 0
        self._pending: OrderedDict[int, tuple[str, Future["Extracted | None"]]] = OrderedDict()

    @classmethod
    def for_files(cls, files: Sequence[Path], store: "Store", jobs: int, max_bytes: int,
                  today: dt.date | None, accept_all: bool) -> "ExtractionAhead":
        """Workers for the single files among an import's `files` (not those of many records,
        which are read in the importer's process)."""
        from archive.recordimport import is_record_file
        from archive.sources import SUPPORTED_SUFFIXES

        single = [not is_record_file(path) and path.suffix.lower() in SUPPORTED_SUFFIXES
                  for path in files]
        return cls(jobs, files, single, store, max_bytes, today, accept_all)

    def __enter__(self) -> "ExtractionAhead":
        if self.jobs > 1 and sum(self.single) >= min_parallel_files():
            # spawn: new interpreters, children of this process (see archive.index.preanalysed).
            self._pool = ProcessPoolExecutor(
                self.jobs, mp_context=multiprocessing.get_context("spawn"),
                initializer=partial(start_worker, "extraction-worker", os.getpid()))
        return self

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        if self._pool is not None:
            stop_pool(self._pool, interrupted=exc_type is not None)
            self._pool = None
        self._pending.clear()

    def advance(self, number: int) -> None:
        """The importer is at `files[number]`: keep the files after it in the workers."""
        for stale in [key for key in self._pending if key < number]:
            self._pending.pop(stale)[1].cancel()
        limit = number + 1 + self.jobs * FILES_AHEAD_PER_WORKER
        self._next = max(self._next, number)
        while self._pool is not None and not self.broken and self._next < min(limit,
                                                                             len(self.files)):
            ahead = self._next
            self._next += 1
            if self.single[ahead]:
                self._submit(ahead)

    def _submit(self, number: int) -> None:
        path = self.files[number]
        data = self._read(path)
        if data is None:
            return  # the importer reads it at its turn and reports why it cannot
        digest = hashlib.sha256(data).hexdigest()
        if self._stored(path, digest):
            return  # most likely unchanged: not worth extracting ahead
        try:
            assert self._pool is not None
            future = self._pool.submit(_extract, str(path), data, self.today, self.accept_all)
        except (BrokenProcessPool, RuntimeError):
            self.broken = True
            return
        self._pending[number] = (digest, future)

    def _read(self, path: Path) -> bytes | None:
        try:
            if not path.is_file() or path.stat().st_size > self.max_bytes:
                return None
            return path.read_bytes()
        except OSError:
            return None

    def _stored(self, path: Path, digest: str) -> bool:
        from archive.paths import printable_path

        row = self.store.connection.execute("SELECT sha256 FROM sources WHERE path=?",
                                            (printable_path(path.resolve()),)).fetchone()
        return row is not None and row[0] == digest

    def extracted(self, number: int, data: bytes) -> "Extracted | None":
        """The worker's article for `files[number]` if it was extracted from exactly `data`."""
        pending = self._pending.pop(number, None)
        if pending is None:
            return None
        digest, future = pending
        if digest != hashlib.sha256(data).hexdigest():
            future.cancel()
            return None
        try:
            found = future.result()
        except BrokenProcessPool:
            self.broken = True  # a worker died: the importer extracts the rest itself
            return None
        except Exception:  # noqa: BLE001 - a failed task: the importer extracts the file
            return None
        if found is not None:
            # The fault point extraction passes, in the importer's process as in a serial run,
            # and an error there fails the file as `derive.run_extraction` fails it.
            try:
                checkpoint("extract")
            except (ValueError, LookupError, TypeError, AttributeError) as error:
                raise InputError(self.files[number], f"extraction failed ({type(error).__name__}"
                                 f": {error}); please report this file") from None
            self.taken += 1
        return found

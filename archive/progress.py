"""One progress measure for a whole import: reading, extraction and storing, then indexing.

Work is counted in units: each article counts 1 when it has been read, extracted and stored
(or found unchanged), and a weight (`ProgressTracker.index_weight`) when it has been indexed:
half when it is given to the index writer, half when its batch is committed. The total is an estimate
while the import runs: a file of many records counts the records it has shown so far plus
its unread bytes divided by the bytes per record seen so far (a 20,000-record `.jsonl.gz`
counts about 20,000 from its first records on); the indexing part counts every article read
until the index catch-up says how many it has to index. The done count never decreases, and
the last event has done equal to total. The caller (the command line) draws the bar and
derives the ETA from the rate so far.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

# Seconds to index one article (analysis, adding, its share of the commit): 600 FANG-COVID
# records took 34 ms each of CPU here (docs/performance.md, "One progress bar"). Reading costs
# anything from 2 ms (a crawler's fields) to 50 ms (a large HTML page) per article, so the
# weight of indexing against reading (1) is this over the reading time per article seen so
# far in the run, and is fixed when indexing starts (so done never decreases).
INDEX_SECONDS = 0.034
# Bounds of that weight: a first slow article (models loading) must not make it tiny.
WEIGHT_RANGE = (0.3, 20.0)
# Bytes per record of a multi-record file before its first records tell (FANG-COVID's
# .jsonl.gz: 2,600; Wikinews JSON Lines: 2,070).
GUESSED_RECORD_BYTES = 2500


@dataclass(frozen=True)
class ProgressEvent:
    """Where an import stands: `done` of `total` work units (an estimate until the end), the
    stage ("reading" or "indexing"), and the file being read (empty while indexing)."""

    done: float
    total: float
    stage: str
    item: str = ""


ImportProgress = Callable[[ProgressEvent], None]


class ProgressTracker:
    """Turns the importer's steps into monotonic `ProgressEvent`s for `callback`."""

    def __init__(self, callback: ImportProgress | None, files: Sequence[Path],
                 record_file: Callable[[Path], bool]) -> None:
        self.callback = callback
        # Per file: its size in bytes when it holds many records (None: one article).
        self.sizes: list[int | None] = [(_size(path) if record_file(path) else None)
                                        for path in files] if callback else []
        self.current = -1
        self.finished = 0  # articles read in finished files and the current one
        self.record_bytes = 0  # bytes and records seen in multi-record files: the ratio
        self.records = 0
        self.file_records = 0
        self.file_bytes = 0
        self.indexed = 0.0
        self.to_index: float | None = None
        self.last_done = 0.0
        self.item = ""
        self.started = time.monotonic()
        self.weight: float | None = None  # fixed when indexing starts

    def file_started(self, number: int, path: Path) -> None:
        """Import of the `number`th file (from 0) begins."""
        if not self.callback:
            return
        self._file_done()
        self.current, self.file_records, self.file_bytes = number, 0, 0
        self.item = str(path)
        self._tell("reading")

    def _file_done(self) -> None:
        """The current file is over: a one-article file counts its article now."""
        if 0 <= self.current < len(self.sizes) and self.sizes[self.current] is None:
            self.finished += 1

    def record(self, consumed: int) -> None:
        """A record of the current multi-record file was handled; `consumed` is how many of
        the file's bytes have been read so far (-1 when unknown: standard input)."""
        if not self.callback:
            return
        self.finished += 1
        self.file_records += 1
        self.records += 1
        if consumed >= 0:
            self.record_bytes += consumed - self.file_bytes
            self.file_bytes = consumed
        self._tell("reading")

    def index(self, done: int, total: int) -> None:
        """The index catch-up indexed `done` of `total` articles."""
        if not self.callback:
            return
        if self.current < len(self.sizes):
            self._file_done()
            self.current = len(self.sizes)  # every file is read
        self.weight = self.index_weight()
        # Steps: two per article (added, committed); the tracker counts articles.
        self.to_index, self.indexed = total / 2, done / 2
        self.item = ""
        self._tell("indexing")

    def finish(self) -> None:
        """The import is over: the last event, done equal to total."""
        if not self.callback:
            return
        if self.current < len(self.sizes):
            self._file_done()
            self.current = len(self.sizes)
        if self.to_index is None:
            self.to_index = 0
        self.indexed = self.to_index
        self._tell("done", final=True)

    def index_weight(self) -> float:
        """Indexing an article against reading one (1): fixed once indexing starts, until
        then from the reading time per article so far."""
        if self.weight is not None:
            return self.weight
        low, high = WEIGHT_RANGE
        if not self.finished:
            return high
        per_article = (time.monotonic() - self.started) / self.finished
        return min(high, max(low, INDEX_SECONDS / per_article)) if per_article > 0 else high

    def _reading_total(self) -> float:
        """Articles read so far plus an estimate of those still to come."""
        per_record = self.record_bytes / self.records if self.records and self.record_bytes \
            else GUESSED_RECORD_BYTES
        coming = 0.0
        for number in range(max(self.current, 0), len(self.sizes)):
            size = self.sizes[number]
            if number == self.current:
                if size is not None:
                    coming += max(0.0, (size - self.file_bytes) / per_record)
                continue
            coming += 1 if size is None else max(1.0, size / per_record)
        return self.finished + coming

    def _tell(self, stage: str, final: bool = False) -> None:
        reading = self._reading_total()
        indexing = self.to_index if self.to_index is not None else reading
        weight = self.index_weight()
        total = reading + weight * indexing
        done = self.finished + weight * self.indexed
        if final:
            done = total = max(done, self.last_done)
        done = max(done, self.last_done)  # a retried index batch counts from its start again
        self.last_done = done
        assert self.callback is not None
        self.callback(ProgressEvent(done, max(total, done), stage, self.item))


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size if str(path) != "-" else 0
    except OSError:
        return 0

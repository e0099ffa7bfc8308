"""The stored signatures as memory-mapped arrays beside the store, for the cluster step.

Every import looks up the candidates of its new articles among all stored signatures. Read
from SQLite, that is one pass over every row (0.3-0.5 s of CPU at 100k articles, most of a
small import). This cache keeps the same signatures as flat files that are mapped, not read:

    <store>-signatures/manifest.json   what the files hold and which store state they match
    <store>-signatures/ids.bin         one fixed-width article id per row (ASCII)
    <store>-signatures/matrix.bin      one row of NUM_PERM little-endian uint32 per id
    <store>-signatures/bands.bin       for the first `base` rows: each band's keys sorted
                                       (band-major, uint64), then the row of each (int32)

A lookup binary-searches each band's sorted keys (a few pages of the map touched per query)
and compares the rows appended since the sort (the tail) directly. An import appends its new
rows and marks replaced ones dead; the sort is redone from the mapped matrix when the tail or
the dead rows grow past a share of the base, so its cost is spread over many imports.

Memory stays bounded whatever the archive's size: a resort or rebuild streams the rows through
the files a chunk at a time and sorts one band's column at a time (about 28 bytes per row at
its peak, 24 MB at 870,000 rows, instead of the whole matrix and bands in memory, 1.1 GB), and
a lookup drops the mapped pages of each band once it is searched, so the process's resident
memory never holds more than one band of the mapped files (the pages stay in the page cache).
It is derived data, never trusted blindly: the manifest records the store's id, the
signature version, the number of rows in `signatures` and a generation counter the archive
bumps in every transaction that writes signature rows (`cluster_store.bump_generation`), and
the size and modification time of each file as written. Anything that does not match (another
store, a deletion, a write the cache did not see, a file cut short or written into, a missing
or unreadable file) makes the next update rebuild it from the store. When it cannot be written
(a read-only home), the same arrays are built in memory for the run.
"""

from __future__ import annotations

import json
import mmap
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import numpy as np

from archive.research.signatures import NUM_PERM, SIGNATURE_VERSION

if TYPE_CHECKING:
    from archive.store import Store

CACHE_VERSION = 1
ID_WIDTH = 16  # archive ids are 16 hex digits (archive.derive.article_id_for)
BANDS = 64  # archive.research.clusters.BANDS, two values per band (a uint64 key)
# Re-sort once the unsorted tail or the dead rows exceed this share of the sorted base (and
# MIN_RESORT rows): at 100k a sort costs ~1 s, a tail of 12k rows ~10 ms per lookup.
RESORT_SHARE = 0.125
MIN_RESORT = 2048
# The manifest lists dead rows, at most a share of the rows: far below this.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_FILES = ("ids.bin", "matrix.bin", "bands.bin")
# Rows read, filtered and written per step of a resort or rebuild (4 MB of matrix).
_CHUNK_ROWS = 8192


def cache_folder(store: "Store") -> Path:
    """Where the cache of a store lives: a folder beside its file."""
    return store.path.with_name(store.path.stem + "-signatures")


def store_stamp(store: "Store") -> dict[str, object]:
    """What a cache must have been made from: the store's id, signature version, number of
    signature rows and signature generation."""
    connection = store.connection
    meta = dict(connection.execute(
        "SELECT key, value FROM meta WHERE key IN ('store_id', 'signature_version', "
        "'signature_generation')").fetchall())
    return {"store_id": meta.get("store_id"), "version": meta.get("signature_version"),
            "generation": meta.get("signature_generation", "0"),
            "rows": connection.execute("SELECT count(*) FROM signatures").fetchone()[0]}


@dataclass
class SignatureCache:
    """Signature rows (ids, values), which rows are dead, and the sorted band keys of the
    first `base` rows. `folder` is None for a cache built in memory only."""

    ids: np.ndarray
    matrix: np.ndarray
    dead: set[int]
    base: int
    sorted_keys: np.ndarray
    order: np.ndarray
    folder: Path | None = None
    stamp: dict[str, object] = field(default_factory=dict)

    # Reading ----------------------------------------------------------------------------

    def rows_of(self, wanted: set[str]) -> dict[str, np.ndarray]:
        """The values of each live row whose id is among `wanted`."""
        if not wanted or not len(self.ids):
            return {}
        keys = np.array(sorted(wanted), dtype=f"S{ID_WIDTH}")
        found = {}
        for row in np.flatnonzero(np.isin(self.ids, keys)).tolist():
            if row not in self.dead:
                found[self.ids[row].decode("ascii")] = np.asarray(self.matrix[row])
        return found

    def candidates_of(self, queries: np.ndarray) -> list[list[str]]:
        """For each query signature, the ids of the live rows sharing a band with it whose
        estimated Jaccard is at least MIN_ESTIMATE (as `clusters.BandIndex.candidates_of`)."""
        from archive.research.clusters import MIN_ESTIMATE, band_keys

        keys = band_keys(np.ascontiguousarray(queries, dtype=np.uint32))
        found: list[list[np.ndarray]] = [[] for _ in range(len(queries))]
        if self.base:
            for band in range(BANDS):
                column = self.sorted_keys[band]
                starts = np.searchsorted(column, keys[:, band], "left")
                ends = np.searchsorted(column, keys[:, band], "right")
                for number in np.flatnonzero(ends > starts).tolist():
                    found[number].append(np.array(self.order[band, starts[number]:ends[number]]))
                # The binary searches touch most pages of a big band's column: dropped here,
                # the maps never hold more than one band in this process's memory.
                _release(self.sorted_keys, self.order)
        for start in range(self.base, len(self.matrix), _CHUNK_ROWS):
            tail = band_keys(np.ascontiguousarray(self.matrix[start:start + _CHUNK_ROWS]))
            for number in range(len(queries)):
                found[number].append(np.flatnonzero((tail == keys[number]).any(axis=1))
                                     + start)
            _release(self.matrix)
        result = []
        for number, parts in enumerate(found):
            rows = np.unique(np.concatenate(parts).astype(np.int64)) if parts \
                else np.empty(0, dtype=np.int64)
            if self.dead and len(rows):
                rows = rows[[row not in self.dead for row in rows.tolist()]]
            agree = np.count_nonzero(self.matrix[rows] == queries[number], axis=1) / NUM_PERM
            result.append([self.ids[row].decode("ascii")
                           for row in rows[agree >= MIN_ESTIMATE].tolist()])
        _release(self.matrix)
        return result

    # Updating ---------------------------------------------------------------------------

    def apply(self, store: "Store", removed: set[str], added: list[tuple[str, np.ndarray]]
              ) -> None:
        """Bring the cache to the store's state after a write that replaced or deleted the
        rows of `removed` and added `added` (id, values); record the store's new stamp."""
        if any(len(article_id) != ID_WIDTH or not article_id.isascii()
               for article_id, _values in added):
            if self.folder is not None:
                _forget(self.folder)  # the next run rebuilds it from the store
            return
        if removed:
            keys = np.array(sorted(removed), dtype=f"S{ID_WIDTH}")
            self.dead.update(np.flatnonzero(np.isin(self.ids, keys)).tolist())
        if added:
            new_ids = np.array([article_id for article_id, _values in added],
                               dtype=f"S{ID_WIDTH}")
            new_rows = np.stack([values for _id, values in added]).astype("<u4")
        else:
            new_ids = np.empty(0, dtype=f"S{ID_WIDTH}")
            new_rows = np.empty((0, NUM_PERM), dtype="<u4")
        stamp = store_stamp(store)
        tail = len(self.matrix) + len(new_rows) - self.base
        limit = max(MIN_RESORT, RESORT_SHARE * self.base)
        if self.folder is None:
            live = self._live(0, len(self.ids))
            ids = np.concatenate([np.asarray(self.ids)[live], new_ids])
            matrix = np.concatenate([np.asarray(self.matrix)[live], new_rows])
            self.__dict__.update(_in_memory(ids, matrix, stamp).__dict__)
            return
        if tail > limit or len(self.dead) > limit:
            try:
                chunks = self._live_chunks(self.folder, [(new_ids, new_rows)])
                self.__dict__.update(_stream_sorted(self.folder, stamp, chunks).__dict__)
            except OSError:
                _forget(self.folder)  # the next run rebuilds it from the store
            return
        try:
            with open(self.folder / "ids.bin", "ab") as handle:
                handle.write(new_ids.tobytes())
            with open(self.folder / "matrix.bin", "ab") as handle:
                handle.write(new_rows.tobytes())
            _write_manifest(self.folder, stamp, len(self.ids) + len(new_ids), self.base,
                            sorted(self.dead))
        except OSError:
            _forget(self.folder)


    def _live(self, start: int, end: int) -> np.ndarray:
        """Which of the rows start..end are live (a boolean mask)."""
        live = np.ones(end - start, dtype=bool)
        dead = [row - start for row in self.dead if start <= row < end]
        live[dead] = False
        return live

    def _live_chunks(self, folder: Path, extra: Iterable[tuple[np.ndarray, np.ndarray]]
                     ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The live rows of the files (read, not mapped: a map would keep every page it read
        in this process's memory), a chunk at a time, then `extra`."""
        rows = len(self.ids)
        with open(folder / "ids.bin", "rb") as ids_file, \
                open(folder / "matrix.bin", "rb") as matrix_file:
            for start in range(0, rows, _CHUNK_ROWS):
                count = min(_CHUNK_ROWS, rows - start)
                ids = np.fromfile(ids_file, dtype=f"S{ID_WIDTH}", count=count)
                matrix = np.fromfile(matrix_file, dtype="<u4", count=count * NUM_PERM)
                if len(ids) != count or len(matrix) != count * NUM_PERM:
                    raise OSError(f"{folder}: the signature files are shorter than recorded")
                live = self._live(start, start + count)
                yield ids[live], matrix.reshape(count, NUM_PERM)[live]
        yield from extra


def load(store: "Store") -> SignatureCache:
    """The store's signatures as a cache: the files when they match the store, else rebuilt
    from the store (and written, when the folder can be)."""
    folder = cache_folder(store)
    stamp = store_stamp(store)
    try:
        cache = _open(folder, stamp)
        if cache is not None:
            return cache
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        pass  # unreadable or not a cache: rebuilt below
    return rebuild(store, stamp)


def rebuild(store: "Store", stamp: dict[str, object] | None = None) -> SignatureCache:
    """Read every valid signature from the store, sort the band keys, write the files: a
    chunk of rows at a time (`_stream_sorted`). Where the files cannot be written (a
    read-only home) or the ids are of another form (hand-made stores), the same arrays are
    built in memory for the run."""
    from archive.research.cluster_store import read_signatures, signature_chunks

    stamp = stamp or store_stamp(store)
    folder = cache_folder(store)
    try:
        chunks = ((_cacheable(ids), values) for ids, values, _sizes in signature_chunks(store))
        return _stream_sorted(folder, stamp, chunks)
    except (OSError, _NotCacheable):
        _forget(folder)
    ids, matrix, _sizes = read_signatures(store)
    return _in_memory(np.array(ids, dtype=f"S{ID_WIDTH}"), matrix.astype("<u4"), stamp)


class _NotCacheable(Exception):
    """An id the files' fixed-width column cannot hold."""


def _cacheable(ids: list[str]) -> np.ndarray:
    if any(len(article_id) != ID_WIDTH or not article_id.isascii() for article_id in ids):
        raise _NotCacheable
    return np.array(ids, dtype=f"S{ID_WIDTH}")


def _stream_sorted(folder: Path, stamp: dict[str, object],
                   chunks: Iterable[tuple[np.ndarray, np.ndarray]]) -> SignatureCache:
    """Write the rows of `chunks` (ids, values) as the cache's files, every row in the sorted
    base, replacing what is there, and open them. Raises OSError when they cannot be written.

    One chunk of rows is held while the ids and values are written and while each chunk's band
    keys are written into its place in every band's column; then each band's column is read,
    sorted and written back with its order: at most one column, its order and its sorted copy
    at once (28 bytes per row)."""
    from archive.research.clusters import band_keys

    folder.mkdir(exist_ok=True)
    _forget(folder)
    temporary = {name: folder / (name + ".tmp") for name in _FILES}
    rows = 0
    with open(temporary["ids.bin"], "wb") as ids_file, \
            open(temporary["matrix.bin"], "wb") as matrix_file:
        for ids, values in chunks:
            ids_file.write(np.ascontiguousarray(ids, dtype=f"S{ID_WIDTH}").tobytes())
            matrix_file.write(np.ascontiguousarray(values, dtype="<u4").tobytes())
            rows += len(ids)
    with open(temporary["matrix.bin"], "rb") as matrix_file, \
            open(temporary["bands.bin"], "w+b") as bands_file:
        bands_file.truncate(rows * BANDS * 12)
        for start in range(0, rows, _CHUNK_ROWS):
            count = min(_CHUNK_ROWS, rows - start)
            values = np.fromfile(matrix_file, dtype="<u4", count=count * NUM_PERM)
            keys = band_keys(values.reshape(count, NUM_PERM).astype(np.uint32, copy=False))
            for band in range(BANDS):
                bands_file.seek((band * rows + start) * 8)
                bands_file.write(np.ascontiguousarray(keys[:, band], dtype="<u8").tobytes())
        for band in range(BANDS):
            bands_file.seek(band * rows * 8)
            keys = np.fromfile(bands_file, dtype="<u8", count=rows)
            order = np.argsort(keys, kind="stable")
            bands_file.seek(band * rows * 8)
            bands_file.write(keys[order].tobytes())
            bands_file.seek(rows * BANDS * 8 + band * rows * 4)
            bands_file.write(order.astype("<i4").tobytes())
    for name in _FILES:
        os.replace(temporary[name], folder / name)
    _write_manifest(folder, stamp, rows, rows, [])
    cache = _open(folder, stamp)
    if cache is None:
        raise OSError(f"{folder}: the signature files just written do not open")
    return cache


def _in_memory(ids: np.ndarray, matrix: np.ndarray, stamp: dict[str, object]) -> SignatureCache:
    """A cache of these rows held in memory, every row in the sorted base (read-only homes
    and hand-made ids; small by nature)."""
    from archive.research.clusters import band_keys

    sorted_keys = np.empty((BANDS, len(matrix)), dtype="<u8")
    order = np.empty((BANDS, len(matrix)), dtype="<i4")
    for band in range(BANDS):
        keys = band_keys(np.ascontiguousarray(matrix[:, 2 * band:2 * band + 2],
                                              dtype=np.uint32))[:, 0]
        rows = np.argsort(keys, kind="stable")
        order[band] = rows
        sorted_keys[band] = keys[rows]
    return SignatureCache(ids, matrix, set(), len(ids), sorted_keys, order, None, stamp)


def _release(*arrays: np.ndarray) -> None:
    """Drop the pages of mapped arrays from this process's resident memory; they stay in the
    page cache and are read again from there when touched. Nothing for arrays in memory."""
    for array in arrays:
        handle = getattr(array, "_mmap", None)  # numpy.memmap's map (None for its views)
        if isinstance(handle, mmap.mmap) and hasattr(handle, "madvise") \
                and hasattr(mmap, "MADV_DONTNEED"):
            handle.madvise(mmap.MADV_DONTNEED)


def _write_manifest(folder: Path, stamp: dict[str, object], rows: int, base: int,
                    dead: list[int]) -> None:
    files = {}
    for name in _FILES:
        info = os.stat(folder / name)
        files[name] = [info.st_size, info.st_mtime_ns]
    document = {"version": CACHE_VERSION, "signature_version": SIGNATURE_VERSION,
                "num_perm": NUM_PERM, "stamp": stamp, "rows": rows, "base": base,
                "dead": dead, "files": files}
    temporary = folder / "manifest.json.tmp"
    temporary.write_text(json.dumps(document), encoding="utf-8")
    os.replace(temporary, folder / "manifest.json")


def _forget(folder: Path) -> None:
    """Make the files unusable until rewritten (the manifest goes first)."""
    try:
        (folder / "manifest.json").unlink(missing_ok=True)
    except OSError:
        pass


def _open(folder: Path, stamp: dict[str, object]) -> SignatureCache | None:
    """The cache in `folder` when its manifest matches the store and its files; else None."""
    # Without blocking, and checked once open: a FIFO put in its place must not hang.
    descriptor = os.open(folder / "manifest.json", os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_MANIFEST_BYTES:
            return None
        document = json.loads(handle.read())
    if not isinstance(document, dict) or document.get("version") != CACHE_VERSION \
            or document.get("signature_version") != SIGNATURE_VERSION \
            or document.get("num_perm") != NUM_PERM or document.get("stamp") != stamp:
        return None
    rows, base, dead = document["rows"], document["base"], document["dead"]
    if not (isinstance(rows, int) and isinstance(base, int) and 0 <= base <= rows
            and isinstance(dead, list) and all(isinstance(r, int) and 0 <= r < rows
                                               for r in dead)):
        return None
    expected = {"ids.bin": rows * ID_WIDTH, "matrix.bin": rows * NUM_PERM * 4,
                "bands.bin": base * BANDS * 12}
    for name, size in expected.items():
        info = os.stat(folder / name)
        if not stat.S_ISREG(info.st_mode) or [info.st_size, info.st_mtime_ns] != document["files"].get(name) or \
                info.st_size != size:
            return None
    ids = _map(folder / "ids.bin", f"S{ID_WIDTH}", (rows,))
    matrix = _map(folder / "matrix.bin", "<u4", (rows, NUM_PERM))
    sorted_keys = _map(folder / "bands.bin", "<u8", (BANDS, base))
    order = _map(folder / "bands.bin", "<i4", (BANDS, base), offset=base * BANDS * 8)
    return SignatureCache(ids, matrix, set(dead), base, sorted_keys, order, folder, stamp)


def _map(path: Path, dtype: str, shape: tuple[int, ...], offset: int = 0) -> np.ndarray:
    """A read-only map of a file (an empty array for an empty one: mmap cannot map 0 bytes)."""
    if not int(np.prod(shape)):
        return np.empty(shape, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r", shape=shape, offset=offset)

"""The `signatures` table: reading and writing signature rows and cluster keys.

One row per article: `article_id`, `minhash` (archive.research.signatures.Signature.to_blob;
empty for an article too short for a signature), `cluster` (the smallest id of its cluster;
its own id for a singleton) and `digest` (of the text and signature version the row was
computed from, so an unchanged article is not computed again). The SQL lives here so the
clustering logic stays testable apart. Nothing here loads numpy at import: a search with
`--collapse` reads cluster keys only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import hashlib

if TYPE_CHECKING:
    import numpy as np

    from archive.store import Store

_CHUNK = 500
# Signature rows read and converted at a time by `read_signatures` (~0.5 KB each).
_READ_ROWS = 4096


def stored_rows(store: "Store", ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(cluster key, digest) of each article among `ids` that has a row."""
    wanted = sorted(set(ids))
    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        for article_id, cluster, digest in store.connection.execute(
                "SELECT article_id, cluster, digest FROM signatures "
                f"WHERE article_id IN ({_marks(chunk)})", chunk):
            found[article_id] = (cluster, digest)
    return found


def read_signatures(store: "Store") -> tuple[list[str], "np.ndarray", "np.ndarray"]:
    """Every valid stored signature, read in one pass: (ids, values matrix, shingle counts);
    another version's are left out (`stale_ids` has them recomputed).

    The rows are read and converted `_READ_ROWS` at a time: a list of every row's blob, then
    their join, held about three times the matrix (200 MB at 100,000 articles)."""
    import numpy as np

    from archive.research.signatures import NUM_PERM

    ids: list[str] = []
    matrices, counts = [np.empty((0, NUM_PERM), dtype=np.uint32)], [np.empty(0, np.int64)]
    for chunk_ids, values, sizes in signature_chunks(store):
        ids.extend(chunk_ids)
        matrices.append(values)
        counts.append(sizes)
    return ids, np.concatenate(matrices), np.concatenate(counts)


def signature_chunks(store: "Store") -> Iterator[tuple[list[str], "np.ndarray", "np.ndarray"]]:
    """The valid stored signatures in id order, `_READ_ROWS` rows at a time: (ids, values
    matrix, shingle counts) per chunk, so a caller that writes them on (the signature cache's
    rebuild) holds one chunk, not the archive's."""
    from archive.research.signatures import matrix_from_blobs

    cursor = store.connection.execute(
        "SELECT article_id, minhash FROM signatures ORDER BY article_id")
    while chunk := cursor.fetchmany(_READ_ROWS):
        rows = [(article_id, blob) for article_id, blob in chunk
                if isinstance(blob, bytes) and blob]
        valid, values, sizes = matrix_from_blobs([blob for _id, blob in rows])
        yield ([article_id for (article_id, _blob), ok in zip(rows, valid) if ok],
               values, sizes)


def stale_ids(store: "Store", given: Iterable[str] = (), since: int | None = None) -> set[str]:
    """Articles whose signature must be (re)computed whatever an import wrote: no row yet,
    or every row when the store's signatures are of another version. Rows of articles no
    longer stored are deleted here, and the other members of their clusters are returned too
    (their cluster is taken apart).

    Cheap when nothing is stale beyond the articles `given` (the usual case), so it can run
    at every import: two counts, one `meta` row and a lookup per given article; the
    anti-joins (full scans) run only when the counts differ by more than the given articles
    without a row (the archive deletes an article's row with it, so a difference of exactly
    those means every other article has its row). With `since`, the given articles are those
    written after that sequence number, counted in the store, not passed in.
    """
    from archive.research.signatures import SIGNATURE_VERSION

    connection = store.connection
    stale: set[str] = set()
    version = connection.execute("SELECT value FROM meta WHERE key='signature_version'"
                                 ).fetchone()
    if version is None or version[0] != str(SIGNATURE_VERSION):
        stale.update(row[0] for row in connection.execute("SELECT article_id FROM signatures"))
    articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    rows = connection.execute("SELECT count(*) FROM signatures").fetchone()[0]
    without = _without_row(store, given) if since is None else store.connection.execute(
        "SELECT count(*) FROM articles WHERE seq > ? AND NOT EXISTS "
        "(SELECT 1 FROM signatures WHERE article_id = articles.id)", (since,)).fetchone()[0]
    if articles == rows + without:
        return stale
    stale.update(row[0] for row in connection.execute(
        "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM signatures)"))
    gone = connection.execute("SELECT article_id, cluster FROM signatures WHERE article_id "
                              "NOT IN (SELECT id FROM articles)").fetchall()
    if gone:
        keys = sorted({cluster for _id, cluster in gone})
        with store.transaction():
            connection.executemany("DELETE FROM signatures WHERE article_id=?",
                                   [(article_id,) for article_id, _cluster in gone])
            bump_generation(store)
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start:start + _CHUNK]
            stale.update(row[0] for row in connection.execute(
                f"SELECT article_id FROM signatures WHERE cluster IN ({_marks(chunk)})", chunk))
    stale.difference_update(article_id for article_id, _cluster in gone)
    return stale


def written_after(store: "Store", seq: int, size: int) -> Iterator[list[str]]:
    """The ids of the articles written after sequence number `seq`, in the order they were
    written, `size` at a time (each batch read when the previous one is done)."""
    while rows := store.connection.execute(
            "SELECT id, seq FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
            (seq, size)).fetchall():
        seq = rows[-1][1]
        yield [article_id for article_id, _seq in rows]


def _without_row(store: "Store", ids: Iterable[str]) -> int:
    """How many stored articles among `ids` have no signature row (index lookups only)."""
    wanted = sorted(set(ids))
    missing = 0
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        missing += store.connection.execute(
            f"SELECT count(*) FROM articles WHERE id IN ({_marks(chunk)}) AND NOT EXISTS "
            "(SELECT 1 FROM signatures WHERE article_id = articles.id)", chunk).fetchone()[0]
    return missing


def article_texts(store: "Store", ids: Iterable[str]) -> dict[str, str]:
    """The signature text (teaser and body) of each stored article among `ids`."""
    from archive.research.signatures import article_text

    wanted = sorted(set(ids))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        for article_id, teaser, body in store.connection.execute(
                f"SELECT id, teaser, body FROM articles WHERE id IN ({_marks(chunk)})", chunk):
            found[article_id] = article_text(teaser, body)
    return found


def text_digest(text: str) -> str:
    """What a row's `digest` holds: the signature version and a hash of the text."""
    from archive.research.signatures import SIGNATURE_VERSION

    return f"{SIGNATURE_VERSION}:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def write_rows(store: "Store", rows: list[tuple[str, bytes, str, str]],
               moved: list[tuple[str, str]], renamed: list[tuple[str, str]]) -> None:
    """In one transaction: insert or replace (article id, signature blob, cluster key, digest)
    rows, give single articles a new cluster key ((key, article id) pairs) and whole clusters
    a new key ((new key, old key) pairs); record the signature version all rows are of."""
    from archive.research.signatures import SIGNATURE_VERSION

    with store.transaction():
        connection = store.connection
        connection.executemany(
            "INSERT OR REPLACE INTO signatures (article_id, minhash, cluster, digest) "
            "VALUES (?, ?, ?, ?)", rows)
        connection.executemany("UPDATE signatures SET cluster=? WHERE article_id=?", moved)
        connection.executemany("UPDATE signatures SET cluster=? WHERE cluster=?", renamed)
        connection.execute("INSERT OR REPLACE INTO meta VALUES ('signature_version', ?)",
                           (str(SIGNATURE_VERSION),))
        bump_generation(store)


def bump_generation(store: "Store") -> None:
    """Count one more write of signature rows (call inside the writing transaction), so a
    cache of the signatures made before it no longer matches the store
    (archive.research.signature_cache)."""
    store.connection.execute(
        "INSERT INTO meta VALUES ('signature_generation', '1') ON CONFLICT(key) DO UPDATE "
        "SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)")


def clusters_of(store: "Store", ids: Iterable[str]) -> dict[str, str]:
    """The cluster key of each article among `ids` (an article without a row is its own)."""
    wanted = list(dict.fromkeys(ids))
    found = {article_id: article_id for article_id in wanted}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        found.update(store.connection.execute(
            f"SELECT article_id, cluster FROM signatures WHERE article_id IN ({_marks(chunk)})",
            chunk))
    return found


def members(store: "Store", keys: Iterable[str]) -> dict[str, list[str]]:
    """The article ids of each cluster key among `keys` (a key without rows: itself alone)."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, list[str]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        for article_id, cluster in store.connection.execute(
                f"SELECT article_id, cluster FROM signatures WHERE cluster IN ({_marks(chunk)}) "
                "ORDER BY article_id", chunk):
            found.setdefault(cluster, []).append(article_id)
    for key in wanted:
        found.setdefault(key, [key])
    return found


def group_numbers(store: "Store") -> tuple[str, "Callable[[np.ndarray], np.ndarray]"]:
    """For counting clusters in the index (archive.index.groups): a stamp of the store's
    cluster state (it changes with every write of signature rows and every deletion), and a
    function giving each article id (bytes) its cluster's number under that state (dense,
    by cluster key; -1 for an article without a row). The rows are read on first use only."""
    import json

    import numpy as np

    from archive.research.signature_cache import store_stamp

    stamp = json.dumps(store_stamp(store), sort_keys=True)
    table: list[tuple["np.ndarray", "np.ndarray"]] = []

    def numbers_of(ids: "np.ndarray") -> "np.ndarray":
        if not table:
            rows = store.connection.execute(
                "SELECT article_id, cluster FROM signatures ORDER BY article_id").fetchall()
            known = np.array([row[0].encode("utf-8") for row in rows] or [b""])
            _keys, numbers = np.unique(np.array([row[1] for row in rows] or [""]),
                                       return_inverse=True)
            table.append((known[:len(rows)], numbers[:len(rows)].astype(np.int64)))
        known, numbers = table[0]
        if not len(known):
            return np.full(len(ids), -1, dtype=np.int64)
        wanted = np.asarray(ids).astype(known.dtype if known.dtype.itemsize >= np.asarray(
            ids).dtype.itemsize else np.asarray(ids).dtype)
        at = np.minimum(np.searchsorted(known, wanted), len(known) - 1)
        return np.where(known[at] == wanted, numbers[at], -1)

    return stamp, numbers_of


def shared_keys(store: "Store") -> list[str]:
    """The keys of every cluster of two or more articles."""
    return [row[0] for row in store.connection.execute(
        "SELECT cluster FROM signatures GROUP BY cluster HAVING count(*) > 1 ORDER BY cluster")]


def _marks(chunk: list[str]) -> str:
    return ",".join("?" * len(chunk))

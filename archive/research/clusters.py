"""Syndication clusters: copies of one report, found by their signatures and kept in the store.

Two articles are **copies** when their shingle sets (archive.research.signatures) overlap so
that most of the smaller one is in the larger (`MIN_CONTAINMENT`: a local intro, a cut ending
or outlet furniture leave most shingles shared) and the shared part is also a fair share of the
larger one (`MIN_COVERAGE`: a short agency item quoted inside a long live ticker is not a copy
of the ticker, and one ticker must not chain many reports into one cluster), or when the shared
part is more than half of both (`MIN_SHARED`: a copy an editor went over). Clusters are the
connected components of "is a copy of" (union-find), so they do not depend on the order in
which articles arrive.

Candidates come from MinHash banding (locality-sensitive hashing, `BANDS` bands of `ROWS`
values): pairs whose signatures agree on a whole band. The stored signatures are looked up in a
memory-mapped cache beside the store, kept sorted by band and appended at each import
(archive.research.signature_cache), so a small import does not read every stored row; then
every candidate pair is checked exactly, on the shingle sets of the two stored texts.

The store keeps one row per article in `signatures` (id, MinHash, cluster key). The cluster key
is the smallest article id of the cluster: deterministic, and it needs no date. The lead (the
earliest published copy, ties by id) is found when clusters are read, so an `archive edit` of
a date moves it without touching the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

from archive.research.signatures import NUM_PERM, Signature, containment, shingles, signature

if TYPE_CHECKING:
    from archive.research.signature_cache import SignatureCache
    from archive.store import Store

# 64 bands of 2 values: a pair with Jaccard 0.27 (the least a copy can have under the rules
# below) becomes a candidate with probability 0.99, one with 0.2 with 0.93.
BANDS = 64
ROWS = 2
# Candidates whose MinHash estimate of the Jaccard similarity is below this are not checked
# exactly: chance band collisions of unrelated texts (estimates near 0; a copy's estimate is
# 0.27 or more, with a standard error of about 0.04).
MIN_ESTIMATE = 0.1
# A copy: at least MIN_CONTAINMENT of the smaller text in the larger, and the shared part at
# least MIN_COVERAGE of the larger; or, for an edited copy, the shared part at least
# MIN_SHARED of both. Chosen on FANG-COVID (docs/performance.md): an outlet's templated daily
# reports ("RKI meldet … Neuinfektionen") share up to 0.68 of the smaller and 0.45 of the larger.
MIN_CONTAINMENT = 0.7
MIN_COVERAGE = 0.3
MIN_SHARED = 0.55
# Up to this many articles to look up, banding compares keys row by row instead of sorting.
FEW_QUERIES = 32


@dataclass
class ClusterUpdate:
    """What one update did: signatures computed, articles too short for one, pairs checked
    and found to be copies, and articles (or whole untouched clusters) given a new key."""

    signed: int = 0
    too_short: int = 0
    checked: int = 0
    copies: int = 0
    moved: int = 0


class BandIndex:
    """MinHash banding over a matrix of signatures (one row per article). With many queries
    ahead, each band's keys are sorted once, so the rows sharing a query's band key are a
    binary search away; for a few queries (a small import into a large archive) sorting
    costs more than comparing every row's keys with the query's."""

    def __init__(self, matrix: np.ndarray, queries: int | None = None) -> None:
        self.matrix = matrix
        self.keys = band_keys(matrix)
        self.order: np.ndarray | None = None
        if queries is None or queries > FEW_QUERIES:
            self.order = np.argsort(self.keys, axis=0, kind="stable")
            self.sorted = np.take_along_axis(self.keys, self.order, axis=0)

    def candidates(self, query: np.ndarray) -> np.ndarray:
        """The rows sharing at least one band with the signature `query` whose estimated
        Jaccard similarity with it is at least MIN_ESTIMATE (sorted row numbers)."""
        return self.candidates_of(query[np.newaxis, :])[0]

    def candidates_of(self, queries: np.ndarray) -> list[np.ndarray]:
        """`candidates` for each row of `queries`, the binary searches of all of them done
        together band by band (one numpy call per band, not per query and band)."""
        keys = band_keys(queries)
        found: list[list[np.ndarray]] = [[] for _ in range(len(queries))]
        if self.order is None:
            for number in range(len(queries)):
                found[number].append(np.flatnonzero((self.keys == keys[number]).any(axis=1)))
        else:
            for band in range(BANDS):
                column, order = self.sorted[:, band], self.order[:, band]
                starts = np.searchsorted(column, keys[:, band], "left")
                ends = np.searchsorted(column, keys[:, band], "right")
                for number in np.flatnonzero(ends > starts).tolist():
                    found[number].append(order[starts[number]:ends[number]])
        result = []
        for number, parts in enumerate(found):
            rows = np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.int64)
            agree = np.count_nonzero(self.matrix[rows] == queries[number], axis=1) / NUM_PERM
            result.append(rows[agree >= MIN_ESTIMATE])
        return result


def band_keys(matrix: np.ndarray) -> np.ndarray:
    """One 64-bit key per row and band: the band's two 32-bit values side by side (exact, so
    two rows share a key only when they agree on the band), a view of the matrix, no copy."""
    assert ROWS == 2 and matrix.dtype == np.uint32
    return np.ascontiguousarray(matrix[:, :BANDS * ROWS]).view(np.uint64)


def is_copy(first: np.ndarray, second: np.ndarray) -> bool:
    """Whether two shingle sets are copies of one text (see the module's docstring)."""
    contained, covered = containment(first, second)
    return covered >= MIN_SHARED or (contained >= MIN_CONTAINMENT and covered >= MIN_COVERAGE)


class UnionFind:
    """Disjoint sets of article ids; each set's representative is its smallest id."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        """The representative of `item`'s set (adding it as a set of its own if new)."""
        root = self.parent.setdefault(item, item)
        while root != self.parent[root]:
            root = self.parent[root]
        while item != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, first: str, second: str) -> None:
        """Join the sets of two ids; the smaller representative wins."""
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def cluster_texts(texts: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Cluster (id, text) pairs in memory: id -> cluster key (the smallest id of its cluster).
    The same rules as the store's clusters; for benchmarks and checks."""
    sets = {article_id: shingles(text) for article_id, text in texts}
    signed = [(article_id, signature(found)) for article_id, found in sets.items()]
    signed = [(article_id, sig) for article_id, sig in signed if sig is not None]
    groups = UnionFind()
    for article_id, _text in texts:
        groups.find(article_id)
    if signed:
        ids = [article_id for article_id, _sig in signed]
        matrix = np.stack([sig.values for _id, sig in signed])
        index = BandIndex(matrix)
        for row, (article_id, found) in enumerate(zip(ids, index.candidates_of(matrix))):
            for other in found:
                if other > row and is_copy(sets[article_id], sets[ids[other]]):
                    groups.union(article_id, ids[other])
    return {article_id: groups.find(article_id) for article_id, _text in texts}


def update_clusters(store: "Store", ids: Iterable[str], recheck: Iterable[str] = (),
                    stale: set[str] | None = None) -> ClusterUpdate:
    """Compute the signatures of the articles `ids` (added or changed since their last one),
    and bring the clusters up to date in one transaction: new copies join old clusters, a
    changed article leaves a cluster it no longer fits. Articles that have no signature row
    yet (an archive from before signatures, an import that stopped early) are done too.

    The result is the same as clustering the whole store from scratch: the members of every
    cluster a changed article was in are checked again, and every other pair that could have
    changed involves a new or changed article, whose candidates are all looked up. The work
    grows with the articles given and the clusters they touch, plus one pass over the stored
    signatures for the candidates.

    `recheck` names clusters (by key) to take apart and check again although none of their
    members changed: the clusters that lost a member to `archive delete`, whose remaining
    copies may no longer hang together, and whose key may have been the deleted article's.

    `stale`, when given, replaces the search for articles whose row must be recomputed
    whatever their text (`cluster_store.stale_ids`): `update_in_batches` searches once for
    the whole run and hands each batch its share.
    """
    from archive.research import signature_cache
    from archive.research.cluster_store import (article_texts, clusters_of, members,
                                                stale_ids, stored_rows, text_digest,
                                                write_rows)

    update = ClusterUpdate()
    ids = list(ids)
    forced = stale_ids(store, ids) if stale is None else stale
    texts = article_texts(store, set(ids) | forced)
    digests = {article_id: text_digest(text) for article_id, text in texts.items()}
    rows_before = stored_rows(store, texts)
    # An article whose text is the one its row was computed from keeps its row (a re-import
    # of a file whose metadata alone changed, say).
    work = {article_id for article_id in texts if article_id in forced
            or digests[article_id] != rows_before.get(article_id, ("", ""))[1]}
    recheck_keys = set(recheck)
    if not work and not recheck_keys:
        return update
    # A changed article's old cluster is taken apart: its other members are checked again.
    old_keys = {rows_before[article_id][0] for article_id in work if article_id in rows_before}
    old_keys |= recheck_keys
    dissolved = members(store, old_keys)
    key_before = {article_id: key for key, group in dissolved.items() for article_id in group}
    dirty = work | set(key_before)
    texts.update(article_texts(store, dirty - set(texts)))
    sets: dict[str, np.ndarray] = {}
    signed: dict[str, Signature] = {}
    for article_id in sorted(work):
        sets[article_id] = shingles(texts[article_id])
        sig = signature(sets[article_id])
        if sig is None:
            update.too_short += 1
        else:
            signed[article_id] = sig
            update.signed += 1
    # Nodes: the dirty articles, and each untouched cluster by its key (its smallest id, so
    # the smallest node of a component is its new key).
    groups = UnionFind()
    for article_id in dirty:
        groups.find(article_id)
    cache = signature_cache.load(store)
    for article_id, other in _candidate_pairs(cache, dirty, work, signed):
        node_of = clusters_of(store, [other]) if other not in dirty else {other: other}
        if groups.find(node_of[other]) == groups.find(article_id):
            continue
        for wanted in (article_id, other):
            if wanted not in sets:
                sets.update((i, shingles(t)) for i, t in article_texts(store, [wanted]).items())
        update.checked += 1
        if is_copy(sets[article_id], sets[other]):
            update.copies += 1
            groups.union(article_id, node_of[other])
    rows, moved = [], []
    for article_id in sorted(dirty):
        key = groups.find(article_id)
        if key != key_before.get(article_id, rows_before.get(article_id, ("",))[0]):
            update.moved += 1
        if article_id in work:
            sig = signed.get(article_id)
            rows.append((article_id, sig.to_blob() if sig else b"", key, digests[article_id]))
        elif key != key_before[article_id]:
            moved.append((key, article_id))
    renamed = [(groups.find(node), node) for node in list(groups.parent)
               if node not in dirty and groups.find(node) != node]
    update.moved += len(renamed)
    write_rows(store, rows, moved, renamed)
    # Only articles that had a row leave one behind in the cache.
    cache.apply(store, work & rows_before.keys(), [(article_id, signed[article_id].values)
                              for article_id in sorted(signed)])
    return update


# Articles signed and clustered per call by `update_in_batches`: the shingle sets and texts of
# one batch are held at once, so the import's memory does not grow with its size.
BATCH = 2000


def update_in_batches(store: "Store", ids: Iterable[str]) -> list[ClusterUpdate]:
    """`update_clusters` over `ids` one batch of BATCH at a time (one ClusterUpdate per
    batch). The clusters are the same as one call's: each batch is an incremental update, and
    those equal clustering from scratch.

    The articles that must be signed whatever the run wrote (`cluster_store.stale_ids`: no
    row yet, another signature version) are searched for once and spread over the batches
    after `ids`. Searched per batch, the run's own later articles, stored but not signed yet,
    would all be stale for the first batch, which then held every text and shingle set of
    the run at once (20,000 articles: ~350 MB)."""
    from archive.research.cluster_store import stale_ids

    ids = list(dict.fromkeys(ids))
    stale = stale_ids(store, ids)
    given = set(ids)
    ids.extend(sorted(stale - given))
    updates = []
    for start in range(0, max(len(ids), 1), BATCH):
        batch = ids[start:start + BATCH]
        updates.append(update_clusters(store, batch, stale=stale.intersection(batch)))
    return updates


def update_written_since(store: "Store", seq: int) -> list[ClusterUpdate]:
    """`update_in_batches` over the articles written after sequence number `seq` (what an
    import wrote), read from the store one batch at a time in the order they were written, so
    the run's ids are never all in memory (a million-record file: ~150 MB of id strings, sets
    and lists). The clusters equal those of `update_in_batches` over the run's ids: articles
    the run did not write (unchanged, duplicates) have an unchanged text and nothing to do,
    unless their row is missing, which `stale_ids` finds."""
    from archive.research.cluster_store import stale_ids, written_after

    stale = stale_ids(store, since=seq)
    updates = []
    for batch in written_after(store, seq, BATCH):
        updates.append(update_clusters(store, batch, stale=stale.intersection(batch)))
        stale.difference_update(batch)
    rest = sorted(stale)
    for start in range(0, len(rest), BATCH):
        batch = rest[start:start + BATCH]
        updates.append(update_clusters(store, batch, stale=set(batch)))
    return updates


def _candidate_pairs(cache: "SignatureCache", dirty: set[str], work: set[str],
                     signed: dict[str, Signature]) -> list[tuple[str, str]]:
    """(dirty article, candidate) pairs: every signed dirty article with each article whose
    signature shares a band with its own (and passes MIN_ESTIMATE). The stored signatures
    are looked up in the cache (archive.research.signature_cache), skipping those being
    replaced (`work`); the new ones are banded apart."""
    new_ids = sorted(signed)
    new = np.stack([signed[i].values for i in new_ids]) if new_ids \
        else np.empty((0, NUM_PERM), dtype=np.uint32)
    # Members of a cluster taken apart are looked up with their stored signature.
    kept = cache.rows_of({article_id for article_id in dirty
                          if article_id not in signed and article_id not in work})
    lookups = [article_id for article_id in sorted(dirty) if article_id in signed
               or article_id in kept]
    if not lookups:
        return []
    asked = np.stack([signed[i].values if i in signed else kept[i] for i in lookups])
    pairs = []
    for article_id, others in zip(lookups, cache.candidates_of(asked)):
        pairs.extend((article_id, other) for other in others
                     if other != article_id and other not in work)
    if len(new):
        for article_id, rows in zip(lookups,
                                    BandIndex(new, len(lookups)).candidates_of(asked)):
            pairs.extend((article_id, new_ids[row]) for row in rows.tolist()
                         if new_ids[row] != article_id)
    return pairs

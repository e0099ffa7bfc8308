"""Reading syndication clusters: `archive duplicates` and `search --collapse` (`--count
clusters` counts through archive.index.groups).

The clusters themselves are made at import (archive.research.clusters); here they are read
from the store and joined with the articles. A cluster's **lead** is its earliest published
copy (undated copies after dated ones, ties by id), so correcting a date with `archive edit`
moves the lead at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from archive.research.cluster_store import clusters_of, members, shared_keys
from archive.store import Store

if TYPE_CHECKING:
    from archive.model import Article
    from archive.paths import ArchivePaths
    from archive.search import SearchRequest


@dataclass(frozen=True)
class Cluster:
    """Copies of one report: the lead first, then the others by publication date.
    `agencies` are the agency credits of all copies, most frequent first; `outlets` the
    outlets of all copies in the order of `articles`, each once."""

    key: str
    articles: tuple["Article", ...]
    agencies: tuple[str, ...]
    outlets: tuple[str, ...]

    @property
    def lead(self) -> "Article":
        """The earliest published copy."""
        return self.articles[0]


@dataclass(frozen=True)
class Copies:
    """What `search --collapse` shows under a hit: its cluster's key and the other copies
    (their number and outlets), whether or not they match the query."""

    key: str
    copies: int
    outlets: tuple[str, ...]


def lead_order(article: "Article") -> tuple[bool, str, str]:
    """Sort key putting the earliest published copy first (undated last, ties by id)."""
    published = article.published
    return (published is None, published.date.isoformat() if published else "", article.id)


def build_clusters(store: Store, keys: Iterable[str]) -> list[Cluster]:
    """The clusters with these keys, their articles read from the store."""
    grouped = members(store, keys)
    articles = store.get_many(article_id for ids in grouped.values() for article_id in ids)
    clusters = []
    for key, ids in grouped.items():
        copies = sorted((articles[i] for i in ids if i in articles), key=lead_order)
        if not copies:
            continue
        agencies = Counter(agency for article in copies for agency in article.agencies)
        clusters.append(Cluster(
            key, tuple(copies),
            tuple(name for name, _count in sorted(agencies.items(), key=lambda i: (-i[1], i[0]))),
            tuple(dict.fromkeys(article.outlet for article in copies if article.outlet))))
    return clusters


def duplicates(archive: "ArchivePaths", request: "SearchRequest | None" = None) -> list[Cluster]:
    """Every cluster of two or more articles; with a query or filters, those holding at least
    one matching article (listed whole, copies that do not match included). Largest first,
    then by the lead's date."""
    from archive.search import matching_articles

    narrowed = request is not None and (request.query.strip() or request.outlets
                                        or request.years or request.authors
                                        or request.since or request.until)
    with Store.open(archive.store_file) as store:
        if narrowed:
            ids = [article.id for article in matching_articles(archive, request)]  # type: ignore[arg-type]
            keys = set(clusters_of(store, ids).values())
        else:
            keys = set(shared_keys(store))
        clusters = [cluster for cluster in build_clusters(store, sorted(keys))
                    if len(cluster.articles) > 1]
    clusters.sort(key=lambda cluster: (-len(cluster.articles), lead_order(cluster.lead)))
    return clusters


def copies_of(store: Store, ids: Iterable[str]) -> dict[str, Copies]:
    """For each article among `ids`, its cluster and the other copies in it."""
    keys = clusters_of(store, ids)
    grouped = members(store, set(keys.values()))
    others = sorted({article_id for group in grouped.values() for article_id in group})
    outlets: dict[str, str] = {}
    for start in range(0, len(others), 500):
        chunk = others[start:start + 500]
        outlets.update(store.connection.execute(
            f"SELECT id, coalesce(outlet, '') FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
            chunk))
    found = {}
    for article_id, key in keys.items():
        rest = [other for other in grouped[key] if other != article_id]
        found[article_id] = Copies(key, len(rest), tuple(sorted({outlets[other] for other in rest
                                                                 if outlets.get(other)})))
    return found

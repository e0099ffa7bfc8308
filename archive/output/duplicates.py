"""`archive duplicates` output: text, JSON, JSON Lines and CSV of syndication clusters.

JSON: `{"format": "archive-duplicates", "version": 1, "clusters": [{"lead": ID, "articles":
[ID, ...], "agencies": [...], "outlets": [...]}]}` plus, per cluster, its `key` and `size`
(docs/guide.md). Text goes through `one_line` like every other text output; the machine
formats share the escaping of archive.output.machine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from archive.output.machine import _csv_text, _flatten, dumps
from archive.output.safe import one_line

if TYPE_CHECKING:
    from archive.output.text import Style
    from archive.research.duplicates import Cluster

DUPLICATES_FORMAT_VERSION = 1
CLUSTER_COLUMNS = ("key", "size", "lead", "articles", "agencies", "outlets")


def cluster_dict(cluster: "Cluster") -> dict[str, object]:
    """One cluster as a JSON object: the lead's id, every copy's id (lead first)."""
    return {"lead": cluster.lead.id, "articles": [article.id for article in cluster.articles],
            "agencies": list(cluster.agencies), "outlets": list(cluster.outlets),
            "key": cluster.key, "size": len(cluster.articles)}


def duplicates_json(clusters: Iterable["Cluster"], raw: bool = False) -> str:
    """The versioned JSON document."""
    return dumps({"format": "archive-duplicates", "version": DUPLICATES_FORMAT_VERSION,
                  "clusters": [cluster_dict(cluster) for cluster in clusters]}, raw, indent=2)


def duplicates_jsonl(clusters: Iterable["Cluster"], raw: bool = False) -> str:
    """One cluster object per line."""
    return "\n".join(dumps(cluster_dict(cluster), raw) for cluster in clusters)


def duplicates_csv(clusters: Iterable["Cluster"], raw: bool = False) -> str:
    """One row per cluster; lists joined with '; '."""
    return _csv_text(CLUSTER_COLUMNS, (_flatten(cluster_dict(cluster), CLUSTER_COLUMNS)
                                       for cluster in clusters), raw)


def duplicates_text(clusters: list["Cluster"], style: "Style") -> str:
    """A block per cluster: its size and agencies, then each copy (lead first) with outlet,
    date and id, and the lead's headline."""
    if not clusters:
        return "No clusters of copies."
    lines = [f"{len(clusters)} cluster{'s' if len(clusters) != 1 else ''} of copies"]
    for cluster in clusters:
        agencies = f" · {', '.join(cluster.agencies)}" if cluster.agencies else ""
        lines += ["", style.bold(one_line(f"{len(cluster.articles)} copies{agencies}: "
                                          f"{cluster.lead.title}"))]
        for number, article in enumerate(cluster.articles):
            role = "lead" if number == 0 else "copy"
            lines.append("  " + one_line(f"{role} {article.outlet or 'unknown outlet'} · "
                                         f"{article.published or 'undated'} · {article.id} · "
                                         f"{article.title}"))
    return "\n".join(lines)

"""Outlet names as searches resolve them: the key aliases and domains are compared in, and the
expansion of an outlet a user names (`SZ`, `spiegel.de`, `"Spiegel Online"`) into the names the
archive stores for it.

The registry (`archive.metadata.outlets`) uses the same key function. Its knowledge reaches
searches through the store's `outlet_aliases` table (key -> canonical name), which the importer
writes from the merged registry: searching loads neither the registry nor the extraction code.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from archive.query import ast

if TYPE_CHECKING:
    from archive.store import Store

# Bump when `alias_key` or `host_keys` change, so stores rewrite their alias table.
KEY_VERSION = "1"

HOST_PREFIXES = re.compile(r"^(?:www\d?|m|mobil|mobile|amp|edition|epaper)\.")
_KEY_DROP = re.compile(r"[^\w&+]")


def alias_key(name: str) -> str:
    """The form aliases are compared in: case-folded, umlauts kept, punctuation and spaces gone.

    >>> alias_key("DER SPIEGEL") == alias_key("Der Spiegel"), alias_key("W&V"), alias_key("sz.de")
    (True, 'w&v', 'szde')
    """
    return _KEY_DROP.sub("", name.casefold())


def clean_domain(domain: str) -> str:
    """A registry domain or a host as compared: lower case, no "www." or similar prefix.

    >>> clean_domain("WWW.Spiegel.de/"), clean_domain("m.faz.net")
    ('spiegel.de', 'faz.net')
    """
    return HOST_PREFIXES.sub("", domain.strip().lower().rstrip("/"))


def host_keys(text: str) -> list[str]:
    """The keys of the domains a host or URL may be registered under, most specific first:
    host and first path segment, then the host and each parent domain. Empty for non-hosts.

    >>> host_keys("https://www.blogs.taz.de/x/y")
    ['blogstazdex', 'blogstazde', 'tazde']
    >>> host_keys("Spiegel Online")
    []
    """
    text = text.strip()
    if "." not in text or any(character.isspace() for character in text):
        return []
    try:
        parts = urlsplit(text if "//" in text else "//" + text)
        host = parts.hostname
    except ValueError:
        return []
    if not host or "." not in host:
        return []
    host = clean_domain(host)
    keys = []
    segment = parts.path.strip("/").split("/")[0]
    if segment:
        keys.append(alias_key(f"{host}/{segment}"))
    labels = host.split(".")
    keys.extend(alias_key(".".join(labels[start:])) for start in range(len(labels) - 1))
    return keys


def canonical_in_store(store: "Store", text: str) -> str | None:
    """The canonical outlet the store's alias table gives for a name, alias, domain or URL."""
    keys = [key for key in (alias_key(text), *host_keys(text)) if key]
    found = store.outlet_aliases(keys)
    return next((found[key] for key in keys if key in found), None)


def resolve_outlet(store: "Store", text: str) -> tuple[str, ...]:
    """The outlet names to search for when a user names an outlet: the text itself, the
    registry's canonical name for it, and every stored outlet value that names the same outlet
    (articles stored before the registry knew that spelling). Unknown outlets: the text alone.

    e.g. "SZ" -> ("SZ", "Süddeutsche Zeitung"); "www.spiegel.de" -> ("www.spiegel.de",
    "DER SPIEGEL"); "Gibt es nicht" -> ("Gibt es nicht",)
    """
    names = [text]
    canonical = canonical_in_store(store, text)
    if canonical is not None:
        names.append(canonical)
    wanted = ({alias_key(text)} | ({alias_key(canonical)} if canonical else set())) - {""}
    # A stored value without letters or digits could not be searched for (and matches nothing).
    values = [value for value in store.outlet_values()
              if value not in names and any(character.isalnum() for character in value)]
    by_key = {value: alias_key(value) for value in values}
    known = store.outlet_aliases(by_key.values()) if canonical else {}
    for value, key in by_key.items():
        if key in wanted or (canonical is not None and known.get(key) == canonical):
            names.append(value)
    return tuple(dict.fromkeys(names))


def resolve_outlet_nodes(store: "Store", node: ast.Node) -> ast.Node:
    """The query tree with each `outlet:` name replaced by an Or of the names `resolve_outlet`
    gives (left alone when it gives only the text itself; prefixes `outlet:Süd*` too).

    e.g. Name("outlet", "SZ") -> Or((Name("outlet", "SZ"), Name("outlet", "Süddeutsche Zeitung")))
    """
    cache: dict[str, tuple[str, ...]] = {}

    def rewrite(item: ast.Node) -> ast.Node:
        if isinstance(item, ast.Name):
            if item.field != "outlet" or item.prefix:
                return item
            if item.text not in cache:
                cache[item.text] = resolve_outlet(store, item.text)
            names = cache[item.text]
            if len(names) == 1:
                return item
            return ast.Or(tuple(ast.Name("outlet", name) for name in names))
        if isinstance(item, ast.And):
            return ast.And(tuple(rewrite(inner) for inner in item.items))
        if isinstance(item, ast.Or):
            return ast.Or(tuple(rewrite(inner) for inner in item.items))
        if isinstance(item, ast.Not):
            return ast.Not(rewrite(item.item))
        return item

    return rewrite(node)

"""Outlets: a registry of German, Austrian and Swiss news outlets (domains and aliases) kept as a
data file, and the lookups that turn a URL or a spelling into one canonical name.

The built-in registry is `data/outlets.csv`; a user's file in the same format (the importer passes
`<home>/outlets.csv`) is merged over it by `load_registry(extra)`, which also makes the merged
registry the one every later lookup in this process uses.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import pathlib
import re
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import urlsplit

from archive.errors import MetadataError
# The key and domain forms are shared with searches, which must not load this module.
from archive.outlet_names import KEY_VERSION, alias_key, clean_domain as _clean_domain

__all__ = ["OutletRegistry", "alias_key", "canonical_outlet", "clean_name", "host_of", "is_outlet_name",
           "known_outlet", "load_registry", "outlet_for_page", "outlet_from_url", "registry"]

_SPACES = re.compile(r"\s+")
# Words sites name a section or a page by ("Auf das erste Elektron kommt es an - News", a
# breadcrumb "Presse"): alone they name no outlet, even where an outlet bears the name (the
# magazine News and Die Presse are found by their domains, news.at and diepresse.com).
SECTION_NAMES = frozenset(alias_key(word) for word in (
    "News", "Nachrichten", "Aktuelles", "Aktuell", "Presse", "Pressemitteilungen", "Startseite", "Home",
    "Blog", "Magazin", "Service", "Lokales"))


@dataclass
class OutletRegistry:
    """Canonical outlet names by domain (`"spiegel.de"`, or with a path: `"x.de/sport"`) and by
    normalised alias."""

    by_domain: dict[str, str] = field(default_factory=dict)
    by_alias: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, country: str, domains: list[str], aliases: list[str]) -> None:
        """Register one outlet; later rows win over earlier ones for the same domain or alias."""
        self.countries[name] = country
        for domain in domains:
            self.by_domain[_clean_domain(domain)] = name
        for alias in [name, *aliases, *domains]:
            self.by_alias[alias_key(alias)] = name

    def __len__(self) -> int:
        return len(self.countries)

    def alias_table(self) -> dict[str, str]:
        """Every key a search may name an outlet by (aliases, names, domains as written and
        without "www.") -> its canonical name: what the store's `outlet_aliases` table holds.

        >>> load_registry().alias_table()["spon"], load_registry().alias_table()["szde"]
        ('DER SPIEGEL', 'Süddeutsche Zeitung')
        """
        table = {alias_key(domain): name for domain, name in self.by_domain.items()}
        table.update(self.by_alias)  # an alias row wins, as it does in `known_outlet`
        return table

    def fingerprint(self) -> str:
        """A digest of the alias table and the key function: equal digests, equal tables."""
        table = sorted(self.alias_table().items())
        return hashlib.sha256(json.dumps([KEY_VERSION, table]).encode()).hexdigest()


def _parse_rows(text: str, source: str) -> list[tuple[str, str, list[str], list[str]]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO("\n".join(lines))), start=1):
        if not row or [cell.strip().lower() for cell in row[:2]] == ["name", "country"]:
            continue
        if len(row) < 3 or not row[0].strip():
            raise MetadataError(source, f"outlet row {number} needs at least name,country,domains")
        split = lambda cell: [part.strip() for part in cell.split("|") if part.strip()]  # noqa: E731
        rows.append((row[0].strip(), row[1].strip().upper(), split(row[2]),
                     split(row[3]) if len(row) > 3 else []))
    return rows


@functools.lru_cache(maxsize=1)
def _builtin_rows() -> tuple[tuple[str, str, list[str], list[str]], ...]:
    text = resources.files("archive.metadata").joinpath("data/outlets.csv").read_text("utf-8")
    return tuple(_parse_rows(text, "archive/metadata/data/outlets.csv"))


_active: OutletRegistry | None = None


def load_registry(extra: pathlib.Path | None = None,
                  extra_text: str | None = None) -> OutletRegistry:
    """Build the registry from the built-in file plus `extra` (same CSV format, its rows win) and
    make it the registry later lookups use. `extra_text`, when given, is `extra`'s content
    already read (the importer reads it as a regular file of bounded size). Raises
    MetadataError for a malformed user file.

    >>> load_registry().by_domain["spiegel.de"]
    'DER SPIEGEL'
    """
    global _active
    registry = OutletRegistry()
    for row in _builtin_rows():
        registry.add(*row)
    if extra is not None:
        try:
            text = extra.read_text("utf-8-sig") if extra_text is None else extra_text
        except (OSError, UnicodeDecodeError) as error:
            raise MetadataError(extra, f"cannot read outlet file: {error}") from None
        for row in _parse_rows(text, str(extra)):
            registry.add(*row)
    _active = registry
    return registry


def registry() -> OutletRegistry:
    """The registry in use: the last one `load_registry` built, else the built-in one."""
    return _active if _active is not None else load_registry()


def host_of(url: str) -> str | None:
    """The host of a URL without "www." and similar prefixes, or None.

    >>> host_of("https://www.spiegel.de/politik/x.html")
    'spiegel.de'
    """
    text = url.strip()
    if not text:
        return None
    if "//" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    return _clean_domain(host) if host and "." in host else None


def outlet_from_url(url: str) -> str | None:
    """The canonical outlet of a URL by its domain (subdomains included), or None.

    >>> outlet_from_url("https://www.spiegel.de/x"), outlet_from_url("https://blogs.taz.de/y")
    ('DER SPIEGEL', 'taz')
    """
    host = host_of(url)
    if host is None:
        return None
    table = registry().by_domain
    path = urlsplit(url if "//" in url else "//" + url).path.strip("/").split("/")[0]
    if path and f"{host}/{path}" in table:
        return table[f"{host}/{path}"]
    parts = host.split(".")
    for start in range(len(parts) - 1):
        candidate = ".".join(parts[start:])
        if candidate in table:
            return table[candidate]
    return None


def known_outlet(name: str) -> str | None:
    """The canonical name for a known alias or domain, else None.

    >>> known_outlet("Spiegel Online"), known_outlet("Anna Kleiser"), known_outlet("News")
    ('DER SPIEGEL', None, None)
    """
    cleaned = clean_name(name)
    if not cleaned or alias_key(cleaned) in SECTION_NAMES:
        return None
    found = registry().by_alias.get(alias_key(cleaned))
    if found is None and "." in cleaned and " " not in cleaned:
        found = outlet_from_url(cleaned)
    return found


def clean_name(name: str) -> str:
    """Collapse whitespace and strip separators a site name carries ("| ", " - ").

    >>> clean_name("  ZEIT  ONLINE | ")
    'ZEIT ONLINE'
    """
    return _SPACES.sub(" ", name).strip(" |-–—·:,;")


def canonical_outlet(name: str) -> str:
    """The canonical spelling of an outlet name or domain; unknown names come back cleaned.

    >>> canonical_outlet("spiegel.de"), canonical_outlet("Spiegel"), canonical_outlet(" Lokalblatt ")
    ('DER SPIEGEL', 'DER SPIEGEL', 'Lokalblatt')
    """
    cleaned = clean_name(name)
    # A name given by hand or searched for means the outlet even when it is a section word
    # ("Presse" is Die Presse); only extraction refuses those (`known_outlet`).
    return registry().by_alias.get(alias_key(cleaned)) or known_outlet(cleaned) or cleaned


def is_outlet_name(name: str | None) -> bool:
    """True for a name a reader can take for an outlet's: not a JSON-LD reference ("#organization",
    "/#organization"), an address, a handle or a section word ("News"), and with two letters.

    >>> is_outlet_name("ak analyse und kritik"), is_outlet_name("/#organization"), is_outlet_name("News")
    (True, False, False)
    """
    text = clean_name(name or "")
    return (sum(character.isalpha() for character in text) >= 2 and not text.startswith(("#", "/", "@", "http"))
            and "/#" not in text and alias_key(text) not in SECTION_NAMES)


def site_host(url: str | None) -> str | None:
    """The host of a web address as a reader can check it, without "www." and similar prefixes,
    umlauts decoded; None for anything that is no public web address (IPs, localhost, files).

    >>> site_host("https://www.hallo-ahlen.de/lokales/x"), site_host("http://xn--mnchen-3ya.de/"), site_host("file:///a")
    ('hallo-ahlen.de', 'münchen.de', None)
    """
    text = (url or "").strip()
    if not text or any(character.isspace() for character in text):
        return None
    try:
        parts = urlsplit(text if "//" in text else "//" + text)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("", "http", "https") or not host or "." not in host:
        return None
    labels = host.rstrip(".").split(".")
    if not re.fullmatch(r"[a-z]{2,}|xn--[a-z0-9-]+", labels[-1]) or not all(labels):
        return None  # an IP address or a broken host
    try:
        host = host.encode("ascii").decode("idna") if "xn--" in host else host
    except UnicodeError:
        pass
    return _clean_domain(host)


def outlet_for_page(url: str | None, found_outlet: str | None) -> str | None:
    """The outlet of a page: the one the cascade found when it is a readable name, else the
    registry's outlet for the page's domain, else the page's host as its name ("hallo-ahlen.de":
    the site's own address, not a guessed spelling); None without a web address.

    >>> outlet_for_page("https://www.spiegel.de/a", None), outlet_for_page("https://www.hallo-ahlen.de/x", "#organization")
    ('DER SPIEGEL', 'hallo-ahlen.de')
    >>> outlet_for_page("https://www.hallo-ahlen.de/x", "Hallo Ahlen"), outlet_for_page(None, None)
    ('Hallo Ahlen', None)
    """
    if found_outlet and is_outlet_name(found_outlet):
        return found_outlet
    host = site_host(url)
    if host is None:
        return None
    return outlet_from_url(url or "") or host

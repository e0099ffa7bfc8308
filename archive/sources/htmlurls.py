"""Where a saved page names its own address: canonical links, og:url, <base href>, <link> URLs,
and the indirect places a page repeats its address (share buttons, the alternate link in its own
language, a comment feed). Collected as found; archive.metadata.pageurl decides what to trust.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from archive.sources.htmldates import in_context
from archive.sources.htmlindex import index_of

_ABSOLUTE = ("http://", "https://")
_LINK_RELS = frozenset({"alternate", "shortlink", "home", "index", "amphtml", "start"})
_ORIGIN = re.compile(r"^(https?://[a-z0-9.-]+\.[a-z]{2,})(?:[:/?#]|$)", re.IGNORECASE)
# Share buttons: host (without "www.") and path prefix -> the query parameters that carry the
# shared address. A share button shares the page it sits on.
_SHARE_ENDPOINTS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "facebook.com": (("/sharer", ("u",)), ("/share.php", ("u",)), ("/dialog/share", ("href",))),
    "twitter.com": (("/intent/tweet", ("url", "text")), ("/share", ("url", "text")), ("/home", ("status",))),
    "x.com": (("/intent/tweet", ("url", "text")), ("/intent/post", ("url", "text")), ("/share", ("url",))),
    "linkedin.com": (("/sharearticle", ("url",)), ("/sharing/share-offsite", ("url",))),
    "xing.com": (("/spi/shares/new", ("url",)), ("/social/share/spi", ("url",)), ("/app/user", ("url",))),
    "api.whatsapp.com": (("/send", ("text",)),),
    "wa.me": (("/", ("text",)),),
    "t.me": (("/share/url", ("url",)),),
    "telegram.me": (("/share/url", ("url",)),),
    "reddit.com": (("/submit", ("url",)),),
    "pinterest.com": (("/pin/create", ("url",)),),
}
# Any of those hosts in a link: a share button's address names one (a test before the address is split)
_SHARE_HOST = re.compile("|".join(re.escape(host) for host in _SHARE_ENDPOINTS), re.IGNORECASE)
_URL_IN_TEXT = re.compile(r"https?://[^\s\"'<>]+")
# Share buttons in these contexts share other articles (teasers, related lists) or other causes.
_FOREIGN_SHARE = re.compile(r"related|teaser|recommend|sidebar|widget|comment|kommentar|petition|newsletter"
                            r"|(?:^|[-_\s])(?:more|mehr)(?:$|[-_\s])", re.IGNORECASE)


def url_hints(soup: BeautifulSoup, lang: str) -> dict[str, Any]:
    """The HtmlHints fields about the page's address, read before the body extractor prunes the
    tree: a relative canonical or og:url, <base href>, absolute <link> URLs (alternate, shortlink,
    home), the origin most links point to, and `self_links` — addresses the page repeats for
    itself: ("share", url) from share buttons (the most frequent one), ("hreflang", url) from
    `<link rel=alternate hreflang>` in the page's own language, ("comment-feed", url) from a
    post's comment feed ("…/slug/feed/" -> "…/slug/").

    >>> soup = BeautifulSoup('<a href="https://www.facebook.com/sharer/sharer.php?u='
    ...     'https%3A%2F%2Fwww.zdf.de%2Fa.html">teilen</a>', "lxml")
    >>> url_hints(soup, "de")["self_links"]
    (('share', 'https://www.zdf.de/a.html'),)
    """
    canonical = og_url = base = ""
    links: list[tuple[str, str]] = []
    self_links: list[tuple[str, str]] = []
    hreflangs: list[tuple[str, str]] = []
    for tag in index_of(soup).named("link", "base", "meta"):
        if tag.name == "meta":
            if not og_url and str(tag.get("property") or tag.get("name") or "").lower() == "og:url":
                og_url = str(tag.get("content") or "").strip()
            continue
        href = str(tag.get("href") or "").strip()
        if not href:
            continue
        if tag.name == "base":
            base = base or href
            continue
        rels = _rels(tag)
        if "canonical" in rels and not canonical:
            canonical = href
        elif href.startswith(_ABSOLUTE):
            links.extend((rel, href) for rel in rels if rel in _LINK_RELS)
            if "alternate" in rels and tag.get("hreflang"):
                hreflangs.append((str(tag.get("hreflang")).lower(), href))
            elif "alternate" in rels:
                self_links.extend(_comment_feed(tag, href))
    self_links.extend(_own_language(hreflangs, lang))
    shared = _shared_address(soup)
    if shared:
        self_links.append(("share", shared))
    relative = canonical.startswith("/") and not canonical.startswith("//")
    origin = (_origin_naming(soup, canonical) if relative else "") \
        or (main_origin(soup) if relative or og_url.startswith("/") else "")
    return {"canonical_href": canonical, "og_url_href": og_url, "base_href": base, "link_urls": tuple(links),
            "self_links": tuple(self_links), "main_origin": origin}


def canonical_url(soup: BeautifulSoup) -> str | None:
    """The absolute `<link rel=canonical>` address, or None."""
    for tag in index_of(soup).named("link"):
        if not tag.get("href"):
            continue
        if "canonical" in _rels(tag):
            href = str(tag["href"]).strip()
            if href.startswith(_ABSOLUTE):
                return href
    return None


def main_origin(soup: BeautifulSoup) -> str:
    """The origin most absolute links and images of the page point to, when it holds at least
    three of them and a third of all: a page links mostly to its own site."""
    counts: dict[str, int] = {}
    for tag in index_of(soup).named("a", "img", "link", "script"):
        value = str(tag.get("href") or tag.get("src") or "")
        match = _ORIGIN.match(value.strip())
        if match:
            origin = match.group(1).lower() + "/"
            counts[origin] = counts.get(origin, 0) + 1
    if not counts:
        return ""
    origin, count = max(counts.items(), key=lambda item: item[1])
    return origin if count >= 3 and count >= sum(counts.values()) / 3 else ""


def _origin_naming(soup: BeautifulSoup, path: str) -> str:
    """The origin of an absolute link to the page's own relative canonical address (a printed
    "article URL" line): the site the page says it belongs to."""
    for anchor in index_of(soup).named("a"):
        if not anchor.get("href"):
            continue
        href = str(anchor["href"]).strip()
        if href.startswith(_ABSOLUTE) and href.endswith(path):
            match = _ORIGIN.match(href)
            if match and href == match.group(1) + path:
                return match.group(1).lower() + "/"
    return ""


def _rels(tag: Tag) -> list[str]:
    rel = tag.get("rel") or []
    return [r.lower() for r in (rel if isinstance(rel, list) else str(rel).split())]


def _own_language(hreflangs: list[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    """The page itself among its language versions: the one in the page's own language ("de-CH"),
    else the only one in its language ("de" -> the single "de-*" alternate)."""
    lang = lang.lower().replace("_", "-")
    if not lang:
        return []
    exact = [href for hreflang, href in hreflangs if hreflang == lang]
    same = [href for hreflang, href in hreflangs if hreflang.split("-")[0] == lang.split("-")[0]]
    chosen = exact or (same if len(set(same)) == 1 else [])
    return [("hreflang", chosen[0])] if chosen else []


def _comment_feed(tag: Tag, href: str) -> list[tuple[str, str]]:
    """A post's own comment feed names the post (WordPress: "<post address>feed/")."""
    kind = str(tag.get("type") or "").lower()
    title = str(tag.get("title") or "").lower()
    parts = _split(href)
    path = parts.path.rstrip("/") if parts else ""
    # "/comments/feed/" is the whole site's comment feed, not a post's
    if ("rss" in kind or "atom" in kind) and ("kommentar" in title or "comments" in title) \
            and path.endswith("/feed") and path.count("/") >= 2 and not path.endswith("/comments/feed"):
        return [("comment-feed", href[: href.rstrip("/").rfind("/") + 1])]
    return []


def _shared_address(soup: BeautifulSoup) -> str:
    """The address the page's own share buttons share: outside teasers and related lists, and
    named by more than half of them (a page whose teasers each share their article names none)."""
    found: Counter[str] = Counter()
    for anchor in index_of(soup).named("a"):
        if not anchor.get("href"):
            continue
        address = _share_target(str(anchor["href"]).strip())
        if address and not in_context(anchor, _FOREIGN_SHARE, ("aside",)):
            found[address] += 1
    if not found:
        return ""
    address, count = found.most_common(1)[0]
    return address if count * 2 > sum(found.values()) else ""


def _share_target(href: str) -> str:
    if href.lower().startswith("mailto:"):
        query = href.split("?", 1)[1] if "?" in href else ""
        return _first_url(parse_qs(query).get("body", []))
    parts = _split(href) if href.startswith(_ABSOLUTE) and _SHARE_HOST.search(href) else None
    if parts is None:
        return ""
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.lower()
    for prefix, keys in _SHARE_ENDPOINTS.get(host, ()):
        if path.startswith(prefix):
            query = parse_qs(parts.query)
            for key in keys:
                address = _first_url(query.get(key, []))
                if address:
                    return address
    return ""


def _first_url(values: list[str]) -> str:
    for value in values:
        match = _URL_IN_TEXT.search(unquote(value) if "%3A" in value.upper() else value)
        parts = _split(match.group(0)) if match else None
        if match and parts and parts.netloc:
            return match.group(0).rstrip(".,;)")
    return ""


def _split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:
        return None  # "http://[link]": a template's placeholder, not an address

"""The article's own address, from what the page says about itself.

Order of trust: an absolute `<link rel=canonical>`, `og:url`/`twitter:url`/`al:web:url`, the
JSON-LD article's `url`/`mainEntityOfPage`/`@id`; then a relative canonical resolved against the
site's origin as the page names it (`<base href>`, absolute `<link>` URLs, the JSON-LD website or
publisher, the origin most of its links point to); then a `<base href>` that names a page rather
than the site root; a shortlink (`/?p=548`), a permanent address of the same article; last the
places a page repeats its own address (label "page-links"): the alternate in its own language,
its comment feed, the last item of its JSON-LD breadcrumb, what its share buttons share. A
relative og:url is not used: it is often the section ("/news"), not the page.

A page that names no address of its own gets none: its address is not guessed from the links to
other pages.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping
from urllib.parse import SplitResult, urljoin, urlsplit

from archive.sources.document import HtmlHints

_ABSOLUTE = ("http://", "https://")


def _text(value: Any) -> str:
    if isinstance(value, list):
        return next((text for text in (_text(v) for v in value) if text), "")
    if isinstance(value, dict):
        return _text(value.get("@id") or value.get("url") or "")
    return str(value).strip() if isinstance(value, str) else ""


def _parts(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:
        return None  # "http://[link]": a template's placeholder, not an address


def _origin(url: str) -> str:
    parts = _parts(url)
    return f"{parts.scheme}://{parts.netloc}/" if parts and parts.scheme in ("http", "https") and parts.netloc else ""


def page_url(hints: HtmlHints, article: Mapping[str, Any], items: Iterable[Mapping[str, Any]]) -> tuple[str, str] | None:
    """(url, origin label) for the page, or None.

    >>> hints = HtmlHints(canonical_href="/sport/a.html", base_href="https://www.ndr.de/")
    >>> page_url(hints, {}, [])
    ('https://www.ndr.de/sport/a.html', 'meta')
    >>> page_url(HtmlHints(base_href="https://www.l-mag.de/"), {}, []) is None
    True
    """
    meta = hints.meta
    absolute = [(hints.canonical_url or "", "meta")]
    absolute += [(value, "meta") for key in ("og:url", "twitter:url", "al:web:url") for value in meta.get(key, ())]
    main = article.get("mainEntityOfPage")
    absolute += [(_text(article.get("url")), "json-ld"), (_text(main), "json-ld"),
                 (_text(article.get("@id")).split("#", 1)[0], "json-ld")]
    for url, origin in absolute:
        if url.startswith(_ABSOLUTE) and _origin(url):
            return url, origin
    # Relative addresses need the site's origin, as the page itself names it.
    origins = [_origin(hints.base_href)] + [_origin(href) for _, href in hints.link_urls]
    for item in items:
        if str(item.get("@type", "")).lower() in ("website", "organization", "newsmediaorganization"):
            origins.append(_origin(_text(item.get("url"))))
    publisher = article.get("publisher")
    if isinstance(publisher, dict):
        origins.append(_origin(_text(publisher.get("url"))))
    origins.append(hints.main_origin)
    site = next((origin for origin in origins if origin), "")
    # Only a relative canonical: a relative og:url is often the section ("/news"), not the page.
    href = hints.canonical_href
    if site and href.startswith("/") and not href.startswith("//") and _parts(href):
        return urljoin(site, href), "meta"
    base = hints.base_href
    base_parts = _parts(base)
    if base.startswith(_ABSOLUTE) and base_parts and base_parts.path.strip("/"):
        return base, "meta"
    for rel, href in hints.link_urls:
        if rel == "shortlink":
            return href, "meta"
    return _repeated_address(hints, items)


# Which repetition of the page's address to trust first: a language alternate or comment feed is
# written by the site for this very page; share buttons (the page's own, by a clear majority)
# share it; a breadcrumb may end at the section.
_SELF_LINK_TRUST = ("hreflang", "comment-feed", "share", "breadcrumb")
# A path that only names a language ("/de/", "/de-ch/"): a language switcher's target, not a page.
_LOCALE_ONLY = re.compile(r"^/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?$", re.IGNORECASE)


def _repeated_address(hints: HtmlHints, items: Iterable[Mapping[str, Any]]) -> tuple[str, str] | None:
    """The page's address as it repeats it for itself, when it names no canonical one.

    >>> hints = HtmlHints(self_links=(("share", "https://www.zdf.de/a.html"),))
    >>> _repeated_address(hints, [])
    ('https://www.zdf.de/a.html', 'page-links')
    >>> _repeated_address(HtmlHints(self_links=(("share", "https://www.zdf.de/"),)), []) is None
    True
    """
    found = dict(reversed(hints.self_links))
    crumb = _breadcrumb_end(items)
    if crumb:
        found["breadcrumb"] = crumb
    for kind in _SELF_LINK_TRUST:
        url = found.get(kind, "")
        parts = _parts(url)
        # The site's front page (or a language's) is what a share button of a site shares, not an
        # article; tracking parameters do not make it one.
        query = "&".join(item for item in parts.query.split("&") if not item.startswith("utm_")) if parts else ""
        if url.startswith(_ABSOLUTE) and parts and parts.netloc and (not _LOCALE_ONLY.match(parts.path) or query):
            return url, "page-links"
    return None


def _breadcrumb_end(items: Iterable[Mapping[str, Any]]) -> str:
    """The address of the last item of a JSON-LD BreadcrumbList: the page itself."""
    for item in items:
        if str(item.get("@type", "")).lower() != "breadcrumblist":
            continue
        elements = item.get("itemListElement")
        if not isinstance(elements, list) or not elements:
            continue
        ordered = sorted((e for e in elements if isinstance(e, dict)),
                         key=lambda e: e.get("position") if isinstance(e.get("position"), int) else 0)
        if ordered:
            last = ordered[-1]
            return _text(last.get("item")) or _text(last.get("url"))
    return ""

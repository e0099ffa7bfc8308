"""Body checks for the extraction benchmark: must-contain / must-not-contain strings, and whether
every paragraph of the element a page marks as its article survives.

    python bench/bench_body.py [--sample DIR] [--show]     # archive only, per-page misses

`bench/bench_extraction.py` imports these functions to add the body rows to its table.

Expectations (`bench/data/html-expectations.json`) come from trafilatura's evaluation data
(adbar/trafilatura, tests/evaldata.json, Apache-2.0): for each page, strings the main text must
contain ("with") and must not contain ("without"). A tool's text is its main text (archive: teaser
and body; trafilatura: its text), whitespace collapsed; matching is case-sensitive, as in the
suite. The marked-paragraph check also counts the title (a lede the page marks up as a heading).

Marked paragraphs: the page's JSON-LD `articleBody` (split into paragraphs), else the element
with `itemprop="articleBody"`, else a single `<article>`; its `<p>` elements of 40 characters or
more outside figures, asides, forms and navigation. A page counts as losing one when that
paragraph's text is not in the tool's text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import re
import sys
import warnings
from dataclasses import dataclass, field

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = REPO.parent / "shared" / "html-sample"
EXPECTATIONS = REPO / "bench" / "data" / "html-expectations.json"
_SPACES = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def normalise(text: str) -> str:
    """Whitespace collapsed, invisible characters dropped, typographic spaces made plain.

    >>> normalise("Ein\\u00a0 Satz\\u00ad mit\\nUmbruch ")
    'Ein Satz mit Umbruch'
    """
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def load_expectations(path: pathlib.Path = EXPECTATIONS) -> dict[str, dict[str, list[str]]]:
    if not path.is_file():
        return {}
    return json.loads(path.read_text("utf-8"))["pages"]


@dataclass
class BodyTally:
    """Must-contain / must-not counts and marked-paragraph losses for one tool."""

    with_total: int = 0
    with_hits: int = 0
    without_total: int = 0
    without_ok: int = 0
    marked_pages: int = 0
    marked_losing: int = 0
    marked_lost: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, page: str, text: str | None, expected: dict[str, list[str]] | None,
            marked: list[str] | None, title: str = "") -> None:
        """Score one page's text (None: the tool gave no text or refused the page)."""
        plain = normalise(text or "")
        if expected:
            for wanted in expected.get("with", ()):
                self.with_total += 1
                if normalise(wanted) in plain:
                    self.with_hits += 1
                else:
                    self.misses.append(f"{page}: lacks {wanted!r}")
            for unwanted in expected.get("without", ()):
                self.without_total += 1
                if text is not None and normalise(unwanted) not in plain:
                    self.without_ok += 1
                elif text is not None:
                    self.misses.append(f"{page}: has {unwanted!r}")
        if marked:
            self.marked_pages += 1
            whole = normalise(title) + " " + plain
            lost = [p for p in marked if p not in whole]
            if lost:
                self.marked_losing += 1
                self.marked_lost += len(lost)
                self.misses.append(f"{page}: loses marked paragraph {lost[0][:90]!r}")

    def rows(self) -> dict[str, str]:
        return {
            "body must-contain": f"{100 * self.with_hits / (self.with_total or 1):.1f}%",
            "body must-not": f"{100 * self.without_ok / (self.without_total or 1):.1f}%",
            "marked ¶ lost (pages)": f"{self.marked_losing}/{self.marked_pages}",
        }


_SKIP_PARENTS = {"figure", "figcaption", "aside", "nav", "form", "footer", "script", "style", "noscript", "button"}


def marked_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of the element the page marks as its article, normalised; [] if none."""
    from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

    warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)
    soup = BeautifulSoup(data, "lxml")
    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        body = _ld_article_body(script.string or script.get_text())
        if body:
            html_free = re.sub(r"<[^>]+>", "\n", body)
            return [normalise(p) for p in re.split(r"\n\s*\n|\n", html_free) if len(normalise(p)) >= 40]
    element = soup.find(attrs={"itemprop": "articleBody"})
    if not isinstance(element, Tag):
        articles = soup.find_all("article")
        element = articles[0] if len(articles) == 1 else None
    if not isinstance(element, Tag):
        return []
    paragraphs = []
    for paragraph in element.find_all("p"):
        if any(parent.name in _SKIP_PARENTS for parent in paragraph.parents):
            continue
        text = _reading_text(paragraph)
        if len(text) >= 40:
            paragraphs.append(text)
    return paragraphs


_INLINE = {"a", "span", "em", "strong", "b", "i", "u", "abbr", "small", "mark", "sub", "sup", "cite", "q", "dfn",
           "time", "code", "kbd", "s", "del", "ins", "font", "tt", "big", "strike", "acronym", "label", "wbr"}


def _reading_text(tag) -> str:  # type: ignore[no-untyped-def]
    """The text as a reader sees it: inline elements join their neighbours without a space."""
    from bs4 import Comment, Declaration, Doctype, Tag

    parts = []
    for node in tag.descendants:
        if isinstance(node, Tag):
            if node.name not in _INLINE:
                parts.append(" ")
        # a stray <!DOCTYPE> inside the body (pasted markup) is no text a reader sees
        elif isinstance(node, str) and not isinstance(node, (Comment, Doctype, Declaration)):
            parts.append(str(node))
    return normalise("".join(parts))


def _ld_article_body(raw: str) -> str:
    try:
        data = json.loads(raw, strict=False)
    except ValueError:
        return ""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if isinstance(item.get("articleBody"), str) and len(item["articleBody"]) > 200:
                return item["articleBody"]
            stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return ""


def archive_text(path: pathlib.Path, data: bytes, today: dt.date) -> str | None:
    """Teaser and body as archive extracts them; None when it refuses the page."""
    from archive.errors import InputError
    from archive.metadata import extract
    from archive.sources import read_source

    try:
        found = extract(read_source(path, data), today)
    except InputError:
        return None
    return "\n".join((found.teaser, found.body))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=pathlib.Path, default=DEFAULT_SAMPLE)
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    expectations = load_expectations()
    tally = BodyTally()
    today = dt.date.today()
    for path in sorted(args.sample.glob("*.htm*")):
        data = path.read_bytes()
        tally.add(path.name, archive_text(path, data, today), expectations.get(path.name), marked_paragraphs(data))
    for name, value in tally.rows().items():
        print(f"{name:24}{value}")
    if args.show:
        print("\n".join(tally.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

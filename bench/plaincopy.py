"""Plain-text copies of real saved pages, and how well archive extracts metadata from them.

    python bench/plaincopy.py [--sample DIR] [--cache DIR] [--rebuild] [--show FIELD] [--json FILE]

Users import plain-text copies: the text a person gets by selecting a page from the headline to
the end of the article in a browser and copying it. This benchmark makes such copies from the
saved pages of `../shared/html-sample` (relative to the repository root; `--sample` overrides),
with the page's recorded metadata as the truth, and measures `archive.sources.read_source` +
`archive.metadata.extract` on them, as a user's `.txt` import would run.

The pages are copyrighted: the copies are made at run time and cached outside the repository
(`--cache`, default: a folder under the system's temporary folder, keyed by the sample's
metadata and this script's source, so changed rules make new copies). Each copy `<page>.txt` has its truth next to it (`<page>.truth.json`).

How a copy is made (no browser engine: an innerText imitation on the lxml tree):
  * visible text only: script, style, noscript, template, head, svg, iframe, media, form
    controls, and elements with `hidden`, `aria-hidden="true"`, an inline `display:none` or
    `visibility:hidden`, a class "hidden"/"d-none"/"is-hidden", or a class or id that a bare
    `.x`/`#x` rule of the page's own <style> blocks hides (outside @media), and a WordPress
    `time.updated` beside a `time.published` (themes hide it) are skipped; linked
    stylesheets are not applied (a saved page rarely has them); images give no text (a copy has
    no alt texts);
  * block elements start a new line; p, h1-h6, blockquote, figure, lists, tables and pre are
    set off by a blank line (as Chrome's copy does for blocks with a bottom margin); `<br>`
    breaks a line; inline elements join with the spaces the markup has; table cells are
    separated by a tab; whitespace collapses as in CSS (pre keeps it);
  * the copy starts at the headline: the h1 (else h2, h3, any element) whose text agrees with
    the recorded title, the one nearest before the article body; no match: the first h1
    before the body; none: the page is left out;
  * the copy ends at the end of the article body: the element with itemprop="articleBody"
    (its text 200 characters or more), else the densest block (the element whose direct <p>
    children hold the most text after the headline; when its parent adds at most half as much
    again in paragraphs of 80 characters or more, as a body split into sections does, the
    parent). After the body come at most 4 more lines of at most 120 characters each (share
    rows, tags, an author line) up to the first line that clearly starts another block
    (comments, "Mehr zum Thema", "Weitere Artikel", "Das könnte Sie auch interessieren",
    newsletter, ...): that is where a person stops selecting. A comment section or related-
    articles heading inside the body block, after its first paragraph of 150 characters or
    more, ends the body there - unless short link items under it are followed by the article's
    text (400 characters or more of paragraphs ending like sentences): a box inside the text;
  * kept: pages with a recorded title whose copy has a body of 400 characters or more.

Truth per copy (see `truth()`): title = the recorded title; date = the recorded date, scored
only where the copy shows that day (numeric, ISO or spelled-out German/English forms); credits =
the recorded authors where they name persons (bench_extraction's rule), scored as the token-set
F1 of archive's authors + agencies where the copy shows every recorded name (credits/all: every
copy with recorded persons; reviewed corrections of the recorded authors come from
`data/plaincopy-truth-review.json`); outlet = the registry's outlet for the URL's domain, scored
only where the copy shows its name, a domain or an alias (case as registered; a one-word alias
that is a common word - "Welt", "Zeit", "Stern", "Bild", ... - counts only in a line of 60
characters or less, as a credit or footer line).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import json
import pathlib
import re
import sys
import tempfile
import time
import warnings
from importlib import resources

import lxml.html
from lxml import etree

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_extraction import author_f1, names_persons, normalise_title, outlet_agrees, title_agrees  # noqa: E402

from archive.errors import InputError  # noqa: E402
from archive.metadata import extract  # noqa: E402
from archive.metadata.outlets import outlet_from_url  # noqa: E402
from archive.sources import read_source  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = REPO.parent / "shared" / "html-sample"
SEEDS = REPO / "seeds"
SEEDS_TRUTH = pathlib.Path(__file__).resolve().parent / "data" / "plaincopy-seeds-truth.json"
# recorded authors a reading of the copy and the page found wrong (a photographer, a category, a
# quoted person, a role word), each with the reason; applied at measuring time, so cached copies stay
TRUTH_REVIEW = pathlib.Path(__file__).resolve().parent / "data" / "plaincopy-truth-review.json"
RULES_VERSION = 2  # bump when the copying rules change: the cache is keyed by it
# credits and authors are scored where the copy shows every recorded name (a copy that does not
# show its writer cannot be asked for it); credits/all scores every copy with recorded persons
FIELDS = ("title", "date", "credits", "outlet", "credits/all", "authors")

# --- the innerText imitation -------------------------------------------------------------

SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "math",
        "iframe", "object", "embed", "video", "audio", "canvas", "map", "select", "option",
        "textarea", "input", "img", "picture", "source", "track", "param", "base", "datalist"}
BLOCK = {"address", "article", "aside", "body", "center", "dd", "details", "dialog", "dir", "div",
         "dt", "fieldset", "figcaption", "footer", "form", "header", "hgroup", "html", "legend",
         "li", "main", "menu", "nav", "section", "summary", "tr", "caption", "tbody", "thead",
         "tfoot", "hr", "noframes", "frameset"}
SPACED = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "ul", "ol", "dl", "pre",
          "table"}
HIDDEN_CLASSES = {"hidden", "d-none", "is-hidden", "display-none", "visuallyhidden-focusable-none"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"[ \t\n\r\f\u200b]+")


class _Builder:
    """Appends text with innerText's line-break rules, keeping offsets stable as it goes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending = 0  # required line breaks before the next text
        self.space = False  # a collapsible space is pending
        self.line_empty = True

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def text(self, chunk: str) -> None:
        if not chunk:
            return
        if not chunk.strip(" "):
            self.space = self.space or not self.line_empty
            return
        lead, trail = chunk[0] == " ", chunk[-1] == " "
        chunk = chunk.strip(" ")
        if self.pending:
            if self.length:
                self._emit("\n" * self.pending)
            self.pending, self.line_empty, self.space = 0, True, False
        if (lead or self.space) and not self.line_empty:
            self._emit(" ")
        self._emit(chunk)
        self.line_empty, self.space = False, trail

    def raw(self, chunk: str) -> None:  # pre-formatted text
        if self.pending and self.length:
            self._emit("\n" * self.pending)
        self.pending, self.space = 0, False
        self._emit(chunk)
        self.line_empty = chunk.endswith("\n")

    def block(self, count: int) -> None:
        if self.length or self.pending:
            self.pending = max(self.pending, count)
        self.space = False

    def br(self) -> None:
        if self.pending and self.length:
            self._emit("\n" * self.pending)
        self.pending = 0
        self._emit("\n")
        self.line_empty, self.space = True, False

    def result(self) -> str:
        return "".join(self.parts)


_MEDIA = re.compile(r"@(media|supports|container)[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", re.I)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^([.#])([\w-]+)$")


def stylesheet_hidden(root: etree._Element) -> tuple[set[str], set[str]]:
    """Classes and ids the page's own <style> blocks hide with a bare `.x`/`#x` rule outside
    @media (a theme's `.updated{display:none}`); linked stylesheets are not in a saved page."""
    classes: set[str] = set()
    ids: set[str] = set()
    for style in root.iter("style"):
        css = _MEDIA.sub("", re.sub(r"/\*.*?\*/", "", style.text or "", flags=re.S))
        for selectors, declarations in _RULE.findall(css):
            if not _HIDDEN_STYLE.search(declarations):
                continue
            for selector in selectors.split(","):
                match = _SIMPLE_SELECTOR.match(selector.strip())
                if match:
                    (classes if match.group(1) == "." else ids).add(match.group(2).lower())
    return classes, ids


def _hidden(element: etree._Element, css: tuple[set[str], set[str]] = (set(), set())) -> bool:
    attrib = element.attrib
    if css[1] and attrib.get("id", "").lower() in css[1]:
        return True
    if css[0] and css[0] & set(attrib.get("class", "").lower().split()):
        return True
    if "hidden" in attrib or attrib.get("aria-hidden", "").strip().lower() == "true":
        return True
    if attrib.get("type", "").lower() == "hidden":
        return True
    classes = set(attrib.get("class", "").lower().split())
    if element.tag == "time" and "updated" in classes and "published" not in classes:
        parent = element.getparent()  # WordPress themes hide `.updated:not(.published)`
        if parent is not None and any("published" in t.get("class", "").split() for t in parent.iter("time")):
            return True
    if _HIDDEN_STYLE.search(attrib.get("style", "")):
        return True
    return bool(HIDDEN_CLASSES & set(attrib.get("class", "").lower().split()))


def visible_text(root: etree._Element) -> tuple[str, dict[etree._Element, tuple[int, int]]]:
    """The page's innerText imitation and each rendered element's (start, end) offsets in it."""
    out = _Builder()
    spans: dict[etree._Element, tuple[int, int]] = {}
    css = stylesheet_hidden(root)

    def walk(element: etree._Element, pre: bool) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in SKIP or _hidden(element, css) or (tag == "dialog" and "open" not in element.attrib):
            return
        if tag == "br":
            out.br()
            return
        pre = pre or tag in ("pre", "textarea", "listing", "xmp")
        breaks = 2 if tag in SPACED else 1 if tag in BLOCK else 0
        if tag in ("td", "th") and element.getprevious() is not None:
            out.text("\t")
        if breaks:
            out.block(breaks)
        start = out.length
        if element.text:
            add(element.text, pre)
        for child in element:
            if isinstance(child.tag, str):
                walk(child, pre)
            if child.tail:
                add(child.tail, pre)
        if breaks:
            out.block(breaks)
        spans[element] = (start, out.length)

    def add(text: str, pre: bool) -> None:
        text = text.replace("\u00a0", " ")
        if pre:
            out.raw(text)
        else:
            out.text(_WS.sub(" ", text))

    walk(root, False)
    return out.result(), spans


# --- cutting the copy: headline to the end of the article --------------------------------

_STOP = re.compile(
    r"^(\d+\s+)?(kommentare?|leserkommentare|comments?|diskutieren sie mit|diskussion|"
    r"mehr zu[mr]? (thema|diesem thema)|mehr zum thema|weitere artikel|weitere nachrichten|"
    r"weitere themen|das könnte sie auch interessieren|auch interessant|lesen sie auch|"
    r"das könnte dich auch interessieren|ähnliche artikel|verwandte artikel|empfehlungen|"
    r"newsletter|zur startseite|top-themen|meistgelesen|neueste artikel|themen|schlagworte|"
    r"anzeige|werbung|related|lesen sie mehr|mehr aus|aus dem ressort|news-ticker|impressum|"
    r"datenschutz|kontakt|tags|schlagw(ö|o)rter|weitere inhalte|zurück|nach oben|"
    r"ähnliche beiträge|verwandte beiträge|beliebte|produkttipp|teaser|aktuell|seite drucken)\b", re.I)
_TAIL_LINES, _TAIL_WIDTH = 4, 120
_PARAGRAPH_END = re.compile(r"[.!?:;\"“”»«')…]$")


_COMMENTS = re.compile(r"^(\d+\s+)?(\d+\s+)?(kommentare?|leserkommentare|dein kommentar|ihr kommentar|"
                       r"kommentar schreiben|kommentieren|diskutieren sie mit|comments?|leave a (comment|reply)|"
                       r"schreibe einen kommentar|hinterlasse einen kommentar|das könnte sie auch interessieren|"
                       r"mehr zum thema|weitere artikel|lesen sie auch|auch interessant)\b", re.I)
_RELATED = re.compile(r"^(das könnte sie auch interessieren|mehr zum thema|weitere artikel|lesen sie auch|"
                      r"auch interessant)\b", re.I)


def _box_inside_text(lines: list[str]) -> bool:
    """Whether the lines after a related-articles heading are a box of short link items inside the
    text: the article goes on below it with paragraphs ending like sentences (400 characters or
    more), as a person sees and copies it; related teasers at the end have no text after them."""
    items = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if len(stripped) >= 150 and _PARAGRAPH_END.search(stripped):
            after = [l.strip() for l in lines[index:] if len(l.strip()) >= 80 and _PARAGRAPH_END.search(l.strip())]
            return items >= 1 and sum(map(len, after)) >= 400
        if len(stripped) > 120 or _COMMENTS.match(stripped):
            return False
        items += 1
    return False


def _comments_start(text: str, start: int, end: int) -> int:
    """Where a comment section or a related-articles block starts inside the body block, after
    its first paragraph of 150 characters or more (one in the head is a share row's count); a box
    of related links with the article's text going on below it does not end the body."""
    offset, seen_paragraph = start, False
    lines = text[start:end].split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if seen_paragraph and _COMMENTS.match(stripped) and len(stripped) <= 60:
            if not (_RELATED.match(stripped) and _box_inside_text(lines[index + 1:])):
                return offset
        seen_paragraph = seen_paragraph or len(stripped) >= 150
        offset += len(line) + 1
    return end


def _last_paragraph_end(text: str, start: int, end: int) -> int:
    """The end of the body block's last paragraph line: 80 characters or more, or 30 or more
    ending like a sentence (furniture at the block's end - tags, related links - is not body)."""
    end = _comments_start(text, start, end)
    offset = end
    for line in reversed(text[start:end].split("\n")):
        stripped = line.strip()
        if len(stripped) >= 80 or (len(stripped) >= 30 and _PARAGRAPH_END.search(stripped)):
            return offset - (len(line) - len(line.rstrip()))
        offset -= len(line) + 1
    return end


def _paragraph_chars(element: etree._Element, spans: dict, text: str, after: int, minimum: int = 0,
                     direct: bool = True) -> int:
    paragraphs = element.iterchildren("p") if direct else element.iterdescendants("p")
    total = 0
    for p in paragraphs:
        span = spans.get(p)
        if span and span[0] >= after:
            size = len(text[span[0]:span[1]].strip())
            if size >= minimum:
                total += size
    return total


def _body_element(root: etree._Element, spans: dict, text: str, after: int) -> etree._Element | None:
    bodies = [e for e in root.iter() if isinstance(e.tag, str)
              and "articlebody" in e.attrib.get("itemprop", "").lower().split() and e in spans]
    bodies = [e for e in bodies if spans[e][1] > after and len(text[spans[e][0]:spans[e][1]].strip()) >= 200]
    if bodies:
        return max(bodies, key=lambda e: spans[e][1] - spans[e][0])
    best, best_chars = None, 0
    for element in root.iter():
        if not isinstance(element.tag, str) or element not in spans:
            continue
        chars = _paragraph_chars(element, spans, text, after)
        if chars > best_chars:
            best, best_chars = element, chars
    if best is None:
        return None
    own = _paragraph_chars(best, spans, text, after, 80, direct=False)
    parent = best.getparent()
    if parent is not None and parent in spans and parent.tag not in ("body", "html"):
        more = _paragraph_chars(parent, spans, text, after, 80, direct=False) - own
        if 0 < more <= own / 2:
            best = parent
    return best


def _title_elements(root: etree._Element, spans: dict, text: str, title: str) -> list[etree._Element]:
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element not in spans:
            continue
        start, end = spans[element]
        if end - start > 4 * len(title) + 40:
            continue
        shown = text[start:end].strip()
        if shown and title_agrees(shown, title):
            found.append(element)
    return found


def make_copy(data: bytes, title: str | None) -> tuple[str | None, str]:
    """The plain copy of one page from its headline to the end of its article, or None and why."""
    try:
        markup = data.decode("utf-8")
    except UnicodeDecodeError:
        markup = None
    try:
        root = lxml.html.document_fromstring(markup if markup is not None else data)
    except (etree.ParserError, ValueError):
        try:  # an XML declaration with an encoding refuses a str
            root = lxml.html.document_fromstring(data)
        except (etree.ParserError, ValueError) as error:
            return None, f"unparsable: {error}"
    text, spans = visible_text(root)
    body = _body_element(root, spans, text, 0)
    if body is None:
        return None, "no article body"
    body_start, body_end = spans[body]
    rank = {"h1": 0, "h2": 1, "h3": 2}
    candidates = [e for e in _title_elements(root, spans, text, title) if spans[e][0] < body_end] if title else []
    # innermost matching elements only (a header holding the h1 matches too)
    candidates = [e for e in candidates if not any(o is not e and o in candidates for o in e.iterdescendants())]
    headline = None
    if candidates:
        headline = min(candidates, key=lambda e: (rank.get(e.tag, 3), -spans[e][0] if spans[e][0] <= body_start
                                                  else body_end))
    else:
        h1s = [e for e in root.iter("h1") if e in spans and spans[e][0] < body_start
               and text[spans[e][0]:spans[e][1]].strip()]
        headline = h1s[0] if h1s else None
    if headline is None:
        return None, "headline not found"
    start = spans[headline][0]
    if start > body_start:  # the body block begins above the headline: measure from the headline
        body = _body_element(root, spans, text, start)
        if body is None:
            return None, "no article body after the headline"
        body_start, body_end = spans[body]
    if len(text[max(start, body_start):body_end].strip()) < 400:
        return None, "body under 400 characters"
    end = _last_paragraph_end(text, max(start, body_start), body_end)
    rest = text[end:].split("\n")[1:]
    taken, offset = 0, end + 1
    for line in rest:
        if taken >= _TAIL_LINES:
            break
        stripped = line.strip()
        if stripped:
            if len(stripped) > _TAIL_WIDTH or _STOP.match(stripped) or " > " in stripped:
                break
            taken += 1
            end = offset + len(line)
        offset += len(line) + 1
    copy = "\n".join(line.rstrip() for line in text[start:end].strip().split("\n"))
    return re.sub(r"\n{3,}", "\n\n", copy) + "\n", "ok"


# --- truth --------------------------------------------------------------------------------

MONTHS_DE = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
             "oktober", "november", "dezember"]
MONTHS_EN = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december"]
_COMMON_WORD_ALIASES = {"welt", "zeit", "stern", "bild", "focus", "spiegel", "standard", "presse",
                        "kurier", "express", "freitag", "profil", "zeitung", "heute", "news"}


def _day_patterns(day: dt.date) -> list[re.Pattern]:
    d, m, y = day.day, day.month, day.year
    numeric = [rf"0?{d}\.\s?0?{m}\.\s?(?:{y}|{y % 100:02d})\b", rf"{y}-{m:02d}-{d:02d}",
               rf"0?{d}/0?{m}/{y}", rf"{y}/{m:02d}/{d:02d}"]
    de, en = MONTHS_DE[m - 1], MONTHS_EN[m - 1]
    names = [de, de[:3] + r"\.?", "jänner" if m == 1 else de, "sept\\.?" if m == 9 else de[:3]]
    spelled = [rf"0?{d}\.?\s+(?:{'|'.join(names)})\s+{y}", rf"(?:{en}|{en[:3]}\.?)\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}",
               rf"0?{d}(?:st|nd|rd|th)?\s+(?:{en}|{en[:3]}\.?)\s+{y}"]
    return [re.compile(rf"(?<![\d.]){p}", re.I) for p in numeric + spelled]


def shows_day(copy: str, date: str) -> bool:
    try:
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return False
    return any(p.search(copy) for p in _day_patterns(day))


def _registry_spellings() -> dict[str, list[str]]:
    """Canonical outlet -> its name, aliases and domains as the registry file writes them."""
    from archive.metadata.outlets import _parse_rows

    text = resources.files("archive.metadata").joinpath("data/outlets.csv").read_text("utf-8")
    spellings: dict[str, list[str]] = collections.defaultdict(list)
    for name, _country, domains, aliases in _parse_rows(text, "outlets.csv"):
        spellings[name] += [name, *aliases, *(d.split("/")[0] for d in domains)]
    return spellings


def shows_outlet(copy: str, outlet: str, spellings: dict[str, list[str]]) -> str | None:
    """The spelling of `outlet` the copy shows, or None (see the module's docstring)."""
    lines = copy.split("\n")
    for spelling in sorted(set(spellings.get(outlet, [outlet])), key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w.-]){re.escape(spelling)}(?![\w])", 0 if len(spelling) <= 4 or
                             spelling.isupper() else re.I)
        common = " " not in spelling and "." not in spelling and spelling.casefold() in _COMMON_WORD_ALIASES
        for line in lines:
            if pattern.search(line) and (not common or len(line.strip()) <= 60):
                return spelling
    return None


def outlet_cue(copy: str, spelling: str | None) -> bool:
    """Whether the shown spelling stands where a site names itself: a line of 80 characters or
    less, a credit ("© X", "Quelle: X"), a dateline ("(X) -", "X - " opening a paragraph) or a
    staff credit ("X-Redaktion", "X/dpa")."""
    if not spelling:
        return False
    word = re.escape(spelling)
    pattern = re.compile(rf"(©|quelle:|foto:|text:|bild:|^\(?)\s*{word}\b|\({word}[/)]|^{word}\s*[-–:|]|"
                         rf"{word}[-‑](redaktion|team|experte|expertin|redakteur)", re.I)
    for line in copy.split("\n"):
        if spelling.casefold() in line.casefold() and (len(line.strip()) <= 80 or pattern.search(line.strip())):
            return True
    return False


def shows_names(copy: str, persons: str | None) -> bool:
    """Whether every word (of three letters or more) of the recorded persons is in the copy."""
    return bool(persons) and all(t in copy.casefold() for t in re.findall(r"\w{3,}", persons.casefold()))


def reviewed(truths: list[dict], base: pathlib.Path) -> list[dict]:
    """The truths with the reviewed authors of `TRUTH_REVIEW` in place of the recorded ones."""
    review = json.loads(TRUTH_REVIEW.read_text("utf-8"))
    result = []
    for one in truths:
        fix = review.get(one["file"])
        if fix is not None:
            copy = (base / one["copy"]).read_text("utf-8")
            one = {**one, "authors": fix["authors"], "authors_shown": shows_names(copy, fix["authors"]),
                   "reviewed": fix["why"]}
        result.append(one)
    return result


def truth(record: dict, copy: str, spellings: dict[str, list[str]]) -> dict:
    authors = record.get("authors_raw")
    persons = authors if authors and names_persons(authors) else None
    outlet = outlet_from_url(record["url"]) if record.get("url") else None
    date = record.get("date")
    return {
        "file": record["file"], "url": record.get("url"), "title": record.get("title"),
        "date": date, "date_shown": bool(date) and shows_day(copy, date),
        "authors": persons, "authors_recorded": authors,
        "authors_shown": shows_names(copy, persons),
        "outlet": outlet, "outlet_shown": (shown := shows_outlet(copy, outlet, spellings) if outlet else None),
        "outlet_cue": outlet_cue(copy, shown),
    }


# --- building the set ---------------------------------------------------------------------

def default_cache(sample: pathlib.Path) -> pathlib.Path:
    digest = hashlib.sha256((sample / "metadata.jsonl").read_bytes()
                            + pathlib.Path(__file__).read_bytes()).hexdigest()[:12]
    return pathlib.Path(tempfile.gettempdir()) / f"archive-plaincopy-v{RULES_VERSION}-{digest}"


def build(sample: pathlib.Path, cache: pathlib.Path, rebuild: bool) -> tuple[list[dict], collections.Counter]:
    """Make (or reuse) the copies and their truth; return the truths and why pages were left out."""
    manifest = cache / "manifest.json"
    if manifest.is_file() and not rebuild:
        saved = json.loads(manifest.read_text("utf-8"))
        return saved["copies"], collections.Counter(saved["left_out"])
    (cache / "copies").mkdir(parents=True, exist_ok=True)
    records = [json.loads(line) for line in (sample / "metadata.jsonl").read_text("utf-8").splitlines() if line.strip()]
    spellings = _registry_spellings()
    truths, left_out = [], collections.Counter()
    for record in records:
        suite = "htmldate" if record["file"].startswith("hd__") else "trafilatura"
        if not record.get("title") and not (suite == "htmldate" and record.get("date")):
            left_out["no recorded title"] += 1
            continue
        if not record.get("date") and not record.get("authors_raw"):
            left_out["no recorded date or author (not an article: shops, index pages)"] += 1
            continue
        copy, why = make_copy((sample / record["file"]).read_bytes(), record.get("title"))
        if copy is None:
            left_out[why.split(":")[0]] += 1
            continue
        stem = pathlib.Path(record["file"]).stem
        (cache / "copies" / f"{stem}.txt").write_text(copy, "utf-8")
        one = truth(record, copy, spellings)
        one["copy"], one["suite"] = f"copies/{stem}.txt", suite
        (cache / "copies" / f"{stem}.truth.json").write_text(json.dumps(one, ensure_ascii=False, indent=1), "utf-8")
        truths.append(one)
    manifest.write_text(json.dumps({"rules": RULES_VERSION, "copies": truths, "left_out": left_out},
                                   ensure_ascii=False), "utf-8")
    return truths, left_out


# --- measuring ----------------------------------------------------------------------------

def run_one(path: pathlib.Path, today: dt.date) -> dict:
    """archive's answer for one copy, as strings; {"rejected": reason} when it refuses the text."""
    try:
        found = extract(read_source(path, path.read_bytes()), today=today)
    except InputError as error:
        return {"rejected": str(error).replace(str(path), path.name)}
    except Exception as error:  # a traceback is a defect of the product: count it, name the copy
        return {"rejected": f"traceback: {type(error).__name__}: {error}", "traceback": True}
    return {"title": found.title or None, "date": str(found.published) if found.published else None,
            "modified": str(found.modified) if found.modified else None,
            "authors": list(found.authors), "agencies": list(found.agencies), "outlet": found.outlet,
            "origins": dict(found.origins)}


def score(one: dict, found: dict) -> dict[str, float | None]:
    """Per field: 1/0 (or F1) where the field is measured on this copy, None where it is not."""
    credits = "; ".join(found.get("authors", []) + found.get("agencies", []))
    authors = "; ".join(found.get("authors", []))
    date = one.get("date")
    persons = one.get("authors")
    # the htmldate suite records a page's latest date: published or modified agrees there
    dates = [found.get("date")] + ([found.get("modified")] if one.get("suite") == "htmldate" else [])
    credits_all = (author_f1(credits, persons) if credits else 0.0) if persons else None
    return {
        "title": float(bool(found.get("title")) and title_agrees(found["title"], one["title"])) if one.get("title") else None,
        "date": (float(any(d and d[:10] == date[:10] and len(d) >= len(date[:10]) for d in dates))
                 if date and one.get("date_shown") else None),
        "credits": credits_all if one.get("authors_shown") else None,
        "credits/all": credits_all,
        "authors": ((author_f1(authors, persons) if authors else 0.0)
                    if persons and one.get("authors_shown") else None),
        "outlet": (float(bool(found.get("outlet")) and outlet_agrees(found["outlet"], one["outlet"]))
                   if one.get("outlet") and one.get("outlet_shown") else None),
    }


def measure(truths: list[dict], base: pathlib.Path, today: dt.date) -> list[dict]:
    rows = []
    for one in truths:
        found = run_one(base / one["copy"], today)
        rows.append({"truth": one, "found": found, "score": score(one, found)})
    return rows


def summary(rows: list[dict]) -> dict:
    result = {"copies": len(rows), "rejected": sum(1 for r in rows if "rejected" in r["found"]),
              "tracebacks": sum(1 for r in rows if r["found"].get("traceback"))}
    for name in FIELDS:
        values = [r["score"][name] for r in rows if r["score"][name] is not None]
        result[name] = {"measured": len(values), "score": round(sum(values) / len(values), 3) if values else None}
    cue = [r["score"]["outlet"] for r in rows if r["score"]["outlet"] is not None and r["truth"].get("outlet_cue")]
    result["outlet/cue"] = {"measured": len(cue), "score": round(sum(cue) / len(cue), 3) if cue else None}
    return result


def seed_truths() -> list[dict]:
    truths = json.loads(SEEDS_TRUTH.read_text("utf-8"))
    for one in truths:
        one["copy"] = one["file"]
    return truths


def _line_with(copy: str, needle: str | None) -> str:
    if not needle:
        return ""
    for line in copy.split("\n"):
        if needle.casefold() in line.casefold():
            return line.strip()[:140]
    return ""


def show(rows: list[dict], field_name: str, base: pathlib.Path, limit: int) -> None:
    """The worst cases of one field: expected, found, and the copy's first lines or the line at issue."""
    bad = [r for r in rows if r["score"][field_name] is not None and r["score"][field_name] < 1.0]
    bad.sort(key=lambda r: (r["score"][field_name], r["truth"]["file"]))
    print(f"\n{len(bad)} copies where {field_name} does not agree (worst first):")
    for row in bad[:limit]:
        one, found = row["truth"], row["found"]
        copy = (base / one["copy"]).read_text("utf-8")
        value = found.get("rejected") and f"REJECTED: {found['rejected']}"
        if not value:
            credits = "; ".join(found.get("authors", []) + found.get("agencies", []))
            value = {"credits": credits, "credits/all": credits,
                     "authors": "; ".join(found.get("authors", []))}.get(field_name, found.get(field_name))
        expected = one.get("authors") if field_name.startswith("credits") else one.get(field_name)
        print(f"{one['copy']}  ({row['score'][field_name]:.2f})\n    expected: {expected!r}\n    found:    {value!r}")
        if one.get("reviewed"):
            print(f"    reviewed: {one['reviewed']}")
        if field_name == "outlet":
            print(f"    shown as: {one['outlet_shown']!r} in {_line_with(copy, one['outlet_shown'])!r}")
            print(f"    origin:   {found.get('origins', {}).get('outlet')!r}")
        else:
            head = [line.strip()[:140] for line in copy.split("\n") if line.strip()][:6]
            print("    copy:     " + "\n              ".join(head))


# --- failure patterns ---------------------------------------------------------------------

_KEYWORDS = {"von", "by", "stand", "aktualisiert", "veröffentlicht", "erstellt", "uhr", "am", "um", "autor",
             "autorin", "text", "foto", "quelle", "kommentare", "kommentar", "comments", "teilen", "redaktion",
             "zuletzt", "geändert", "admin", "posted", "in", "und", "datum", "publiziert", "update", "0"}
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(\s?(uhr|am|pm|h))?\b", re.I)
_MONTH_WORD = re.compile(r"\b(" + "|".join(MONTHS_DE + MONTHS_EN + ["jänner", "jan", "feb", "mär", "apr", "jun", "jul",
                                                                     "aug", "sep", "sept", "okt", "oct", "nov", "dez", "dec"])
                         + r")\b\.?", re.I)
_WEEKDAY = re.compile(r"\b(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|"
                      r"thursday|friday|saturday|sunday|mo|di|mi|do|fr|sa|so)\b\.?,?", re.I)


def shape(line: str, date: str | None = None, names: str | None = None) -> str:
    """A line's form with the date, times, names and other words abstracted, to group failures:
    "von David · 18. Oktober 2019" -> "von NAME · DATE"."""
    text = line.strip()
    if date:
        for pattern in _day_patterns(dt.date.fromisoformat(date[:10])):
            text = pattern.sub(" DATE ", text)
    for name in re.split(r"[;,/]| und | and ", names or ""):
        if name.strip():
            text = re.sub(re.escape(name.strip()), " NAME ", text, flags=re.I)
    text = _TIME.sub(" TIME ", text)
    text = _WEEKDAY.sub(" WEEKDAY ", text)
    text = _MONTH_WORD.sub(" MONTH ", text)
    out = []
    for token in re.findall(r"DATE|TIME|NAME|WEEKDAY|MONTH|\w+|[^\w\s]", text):
        if token in ("DATE", "TIME", "NAME", "WEEKDAY", "MONTH") or token.casefold() in _KEYWORDS or not token[0].isalnum():
            out.append(token if token.isupper() or not token[0].isalnum() else token.casefold())
        elif token.isdigit():
            out.append("9")
        else:
            out.append("w")
    joined = " ".join(out)
    joined = re.sub(r"\bw( w)+\b", "w+", joined)
    joined = re.sub(r"(w\+?)( \1)+", r"\1", joined)
    return joined[:60] + (" …" if len(joined) > 60 else "")


def _lines(copy: str) -> list[str]:
    return [line.strip() for line in copy.split("\n") if line.strip()]


def failure_pattern(field_name: str, row: dict, copy: str) -> tuple[str, str]:
    """(pattern, example) for one failed copy."""
    one, found = row["truth"], row["found"]
    lines = _lines(copy)
    if found.get("traceback"):
        return "traceback", found["rejected"]
    if "rejected" in found:
        return "rejected: " + found["rejected"].split(": ", 1)[-1], lines[0][:80]
    if field_name == "title":
        value = found.get("title") or ""
        if not title_agrees(lines[0], one["title"]):
            return "the page's headline differs from the recorded title", f"{lines[0][:60]!r} / recorded {one['title'][:60]!r}"
        where = next((i for i, line in enumerate(lines) if value and normalise_title(value) in normalise_title(line)), None)
        if where == 0:
            return "a part of the headline line only", f"{lines[0][:70]!r} -> {value[:50]!r}"
        if where is None:
            return "a title not in any one line (joined or rewritten)", f"{value[:70]!r}"
        kind = "a date line" if shows_any_date(lines[where]) else "a byline" if re.match(r"(?i)(von|by|autor|text)\b", lines[where]) \
            else "a short line (kicker, category, share, author)" if len(lines[where]) < 40 else "a later sentence or paragraph"
        return f"took {kind} below the headline", f"{value[:70]!r}"
    if field_name == "date":
        where = next((line for line in lines if shows_day(line, one["date"])), "")
        label = date_context(where, one["date"], one.get("authors_recorded"))
        if found.get("date"):
            what = "month only" if len(found["date"]) == 7 else "another day"
            return f"found {what} instead; the day is shown {label}", f"{where[:70]!r} -> {found['date']}"
        return f"missed: {label}", where[:90]
    if field_name in ("credits", "credits/all", "authors"):
        names = one["authors"]
        value = "; ".join(found.get("authors", []) + (found.get("agencies", []) if field_name != "authors" else []))
        if not one.get("authors_shown"):
            return "the recorded name is not (fully) in the copy (handle, first name only, other spelling)", \
                f"{names!r} -> {value!r}"
        tokens = re.findall(r"\w{3,}", names.casefold()) or re.findall(r"\w+", names.casefold())
        where = next((line for line in lines if tokens and tokens[0] in line.casefold()), "")
        label = byline_context(where, names, one.get("date"))
        if not value:
            return f"missed: {label}", where[:90]
        if row["score"][field_name] > 0:
            extra = "extra name or agency" if len(name_set(value)) > len(name_set(names)) else "a name missing"
            return f"partly right ({extra})", f"{names!r} -> {value!r}"
        return f"wrong person: {wrong_kind(value, copy)}", f"{names!r} -> {value!r} ({where[:50]!r})"
    if field_name == "outlet":
        where = next((line for line in lines if one["outlet_shown"].casefold() in line.casefold()), "")
        label = outlet_context(where, one["outlet_shown"])
        return f"{'wrong outlet' if found.get('outlet') else 'missed'}: {label}", where[:90]
    return "other", ""


def name_set(text: str) -> set[str]:
    return {t for t in re.findall(r"\w+", text.casefold()) if len(t) > 1}


def _date_match(line: str, date: str) -> re.Match | None:
    matches = [m for p in _day_patterns(dt.date.fromisoformat(date[:10])) if (m := p.search(line))]
    return min(matches, key=lambda m: m.start()) if matches else None


def date_form(text: str) -> str:
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        return "ISO date"
    if re.match(r"\d{1,2}/\d{1,2}/\d{4}", text):
        return "dd/mm/yyyy"
    if re.match(r"\d{1,2}\.\s?\d{1,2}\.\s?\d{4}", text):
        return "dd.mm.yyyy"
    if re.match(r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2}\b", text):
        return "dd.mm.yy"
    if re.match(r"(?i)[a-z]", text):
        return "English 'Month d, yyyy'"
    if re.search(r"(?i)\d\.?\s+[a-zä]{3,4}\.", text) or re.search(r"(?i)\d\.?\s+[a-zä]{3}\s", text):
        return "'d. Mon. yyyy'"
    return "'d. Monat yyyy'"


_LABELS = re.compile(r"(?i)(stand|aktualisiert|veröffentlicht|erstellt|datum|publiziert|erschienen|"
                     r"published|posted|post date|posted on|vom|am|zuletzt geändert am|erstveröffentlichung|"
                     r"veröffentlichung|pressemitteilung vom|on)\s*:?\s*$")


def date_context(line: str, date: str, authors: str | None) -> str:
    """How a shown date stands in its line: its form and what is around it."""
    match = _date_match(line, date)
    if match is None:
        return "(not found again)"
    form = date_form(match.group(0).lstrip("0123456789")[:0] + match.group(0))
    before, after = line[:match.start()].strip(), _TIME.sub("", line[match.end():]).strip(" ,|·-–")
    timed = bool(_TIME.match(line[match.end():].strip(" ,|·-–")))
    form += " + time" if timed else ""
    names = [t for t in re.findall(r"\w{3,}", (authors or "").casefold())]
    if len(line) > 160:
        where = "inside a paragraph"
    elif not before and not after:
        where = "alone on its line"
    elif _LABELS.search(before):
        where = "after a label ('Veröffentlicht:', 'vom', 'Stand:', 'Posted on')"
    elif names and any(n in before.casefold() for n in names) or re.search(r"(?i)\b(von|by)\s+\S+", before):
        where = "after the author (byline, date)"
    elif names and any(n in after.casefold() for n in names):
        where = "before the author (date, byline)"
    elif _WEEKDAY.search(before):
        where = "after a weekday"
    elif before.endswith(","):
        where = "after a place or name and a comma (dateline)"
    elif re.search(r"\d{4}\s*$", before) or shows_any_date(before):
        where = "glued to or after another date (published and updated)"
    elif not before:
        where = "at a line's start, other words after it (category, comments, place)"
    else:
        where = "after other words in a short line"
    return f"{form}, {where}"


def byline_context(line: str, names: str, date: str | None) -> str:
    lowered = line.casefold()
    first = (re.findall(r"\w{3,}", names.casefold()) or re.findall(r"\w+", names.casefold()) or [""])[0]
    position = lowered.find(first)
    before = line[:position].strip()
    single = len(re.findall(r"\w{2,}", names)) == 1
    if len(line) > 160:
        return "the name inside a paragraph (signature, bio, quote)"
    if re.search(r"(?i)(geschrieben|artikel|beitrag|posted|verfasst|erstellt|written)\s+(von|by)\s*$", before):
        return "a labelled byline ('Geschrieben von', 'Artikel von', 'Posted by')"
    if re.search(r"(?i)(autor(in)?|text|redaktion|von|by|from)\s*:?\s*$", before):
        return "'von/by NAME' with a date, time or separator in the same line" if shows_any_date(line) or \
            re.search(r"[|·•]", line) else "'von/by NAME' alone on its line"
    if shows_any_date(line) or (date and shows_day(line, date)) or _TIME.search(line):
        return "a bare name next to a date ('NAME, DATE', 'DATE NAME', 'DATE | NAME')"
    if lowered.strip() == names.casefold().strip() or len(line) <= len(names) + 3:
        return "a bare name alone on its line" + (" (one word: a handle or first name)" if single else "")
    if re.search(r"[|·•]", line) or re.search(r"(?i)kommentar|comment", line):
        return "a bare name in a meta line with separators or comment counts"
    return "a bare name with other words in a short line"


def wrong_kind(value: str, copy: str) -> str:
    for name in re.split(r";\s*", value):
        line = next((line for line in _lines(copy) if name and name in line), "")
        if re.search(r"(?i)(foto|bild|photo|©|quelle|getty|imago|unsplash)", line):
            return "a photographer from a photo credit"
        if line and not re.search(r"(?i)\b(von|by|autor|text)\b", line) and len(line) < 120:
            return "words that are not a name (tags, navigation, headings)"
    return "another person named in the text"


def outlet_context(line: str, spelling: str) -> str:
    text = line.strip()
    at = text.casefold().find(spelling.casefold())
    before, after = text[:at], text[at + len(spelling):]
    if re.search(r"(?i)(©|quelle:|textquelle:|foto:|bild:)\s*$", before):
        return "a credit ('© X', 'Quelle: X')"
    if (before.endswith("(") and after[:1] in ")/") or (not before and re.match(r"\s*[-–:]", after) and len(text) > 80):
        return "a dateline opening the text ('(X) - …', 'X - …', 'Rom (X/as)')"
    if not before.strip() and not after.strip():
        return "a line that is only the outlet's name"
    if re.match(r"[-‑]\s?(redaktion|team|experte|expertin|news|berechnung)", after, re.I):
        return "a compound ('X-Redaktion', 'X-Experte', 'X-News')"
    if "." in spelling:
        return "its domain in a sentence or link line ('auf Utopia.de')"
    if shows_any_date(text) or _TIME.search(text):
        return "next to a date in a meta line"
    return "named in running text"


def shows_any_date(line: str) -> bool:
    return bool(re.search(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b", line) or
                (_MONTH_WORD.search(line) and re.search(r"\b(19|20)\d{2}\b", line)))


def patterns(rows: list[dict], base: pathlib.Path, top: int = 15) -> dict[str, list[dict]]:
    """Per field the most common failure patterns, with counts and up to two examples."""
    result = {}
    for name in ("title", "date", "credits/all", "outlet"):
        groups: dict[str, list[str]] = collections.defaultdict(list)
        for row in rows:
            value = row["score"][name]
            if value is None or value >= 1.0 or (name == "title" and not row["truth"].get("title")):
                continue
            pattern, example = failure_pattern(name, row, (base / row["truth"]["copy"]).read_text("utf-8"))
            groups[pattern].append(f"{pathlib.Path(row['truth']['copy']).stem}: {example}")
        ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))[:top]
        result[name] = [{"pattern": p, "count": len(e), "examples": e[:2]} for p, e in ordered]
    return result


def print_patterns(found: dict[str, list[dict]]) -> None:
    for name, items in found.items():
        print(f"\n{name}: the {len(items)} most common failure patterns")
        for item in items:
            print(f"  {item['count']:>3}  {item['pattern']}")
            for example in item["examples"]:
                print(f"         e.g. {example}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=pathlib.Path, default=DEFAULT_SAMPLE,
                        help="the saved pages and metadata.jsonl (default: ../shared/html-sample)")
    parser.add_argument("--cache", type=pathlib.Path, help="where the copies and truths go "
                        "(default: a folder under the system's temporary folder)")
    parser.add_argument("--rebuild", action="store_true", help="make the copies again")
    parser.add_argument("--show", choices=FIELDS, help="print the worst cases of one field")
    parser.add_argument("--limit", type=int, default=40, help="how many cases --show prints")
    parser.add_argument("--patterns", action="store_true", help="print the 15 most common failure patterns per field")
    parser.add_argument("--seeds-only", action="store_true", help="measure the five seeds only")
    parser.add_argument("--json", type=pathlib.Path, help="write figures and per-copy results here")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    today = dt.date.today()
    seed_rows = measure(seed_truths(), SEEDS, today)
    results: dict = {"seeds": summary(seed_rows)}
    rows: list[dict] = []
    if not args.seeds_only:
        if not (args.sample / "metadata.jsonl").is_file():
            print(f"no metadata.jsonl in {args.sample} (--sample)", file=sys.stderr)
            return 2
        cache = args.cache or default_cache(args.sample)
        start = time.perf_counter()
        truths, left_out = build(args.sample, cache, args.rebuild)
        built = time.perf_counter() - start
        start = time.perf_counter()
        truths = reviewed(truths, cache)
        rows = measure(truths, cache, today)
        results["plain copies"] = summary(rows)
        for suite in ("trafilatura", "htmldate"):
            results[f"  {suite} suite"] = summary([r for r in rows if r["truth"].get("suite") == suite])
        results["set"] = {
            "cache": str(cache), "copies": len(truths), "left_out": dict(left_out),
            "htmldate suite (no recorded title)": sum(1 for t in truths if t.get("suite") == "htmldate"),
            "with date": sum(1 for t in truths if t["date"]),
            "date shown": sum(1 for t in truths if t["date_shown"]),
            "with persons": sum(1 for t in truths if t["authors"]),
            "persons shown": sum(1 for t in truths if t["authors_shown"]),
            "truths reviewed": sum(1 for t in truths if t.get("reviewed")),
            "with registry outlet": sum(1 for t in truths if t["outlet"]),
            "outlet shown": sum(1 for t in truths if t["outlet_shown"]),
            "outlet as a cue": sum(1 for t in truths if t.get("outlet_cue")),
            "seconds": {"copies": round(built, 1), "extraction": round(time.perf_counter() - start, 1)}}
    _print(results)
    if args.show:
        if rows:
            show(rows, args.show, cache, args.limit)
        show(seed_rows, args.show, SEEDS, args.limit)
    if args.patterns and rows:
        results["patterns"] = patterns(rows, cache)
        print_patterns(results["patterns"])
    if args.json:
        results["rows"] = rows
        results["seed rows"] = seed_rows
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 0


def _print(results: dict) -> None:
    info = results.get("set")
    if info:
        print(f"{info['copies']} plain copies ({info['htmldate suite (no recorded title)']} of them from the htmldate "
              f"suite, no recorded title; cache: {info['cache']}); left out: "
              + ", ".join(f"{n} {why}" for why, n in sorted(info["left_out"].items(), key=lambda x: -x[1])))
        print(f"recorded date {info['with date']} (shown in the copy {info['date shown']}), persons "
              f"{info['with persons']} (all names shown {info['persons shown']}; {info['truths reviewed']} "
              f"reviewed), registry outlet "
              f"{info['with registry outlet']} (shown {info['outlet shown']}, as a cue {info['outlet as a cue']}); "
              f"copies made in {info['seconds']['copies']} s, extracted in {info['seconds']['extraction']} s")
    names = ["title", "date", "credits", "outlet", "credits/all", "authors", "outlet/cue"]
    print(f"\n{'':22}{'copies':>8}{'rejected':>10}{'tracebacks':>12}" + "".join(f"{n:>16}" for n in names))
    for label, figures in results.items():
        if label == "set":
            continue
        cells = "".join(f"{'-' if figures[n]['score'] is None else format(figures[n]['score'], '.2f'):>9} "
                        f"({figures[n]['measured']:>3})" for n in names)
        print(f"{label:22}{figures['copies']:>8}{figures['rejected']:>10}{figures['tracebacks']:>12}{cells}")
    print("\nscores: title agreement over every copy with a recorded title; date = same day where the copy "
          "shows the recorded day (htmldate suite: published or modified, it records the latest date); "
          "credits = token-set F1 of authors + agencies against the recorded persons where the copy shows every "
          "name (credits/all: every copy with recorded persons; authors: archive's authors alone, where shown); "
          "outlet where the copy shows the outlet (outlet/cue: in a short line, credit, dateline or staff credit). "
          "(n) = copies measured.")


if __name__ == "__main__":
    sys.exit(main())

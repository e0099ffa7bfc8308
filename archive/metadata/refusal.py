"""When a file is not an article, and why.

A text file a user imports is an article if it has a line of text. An HTML page is refused only
when it is clearly something else: a listing of links or teasers, a form, an error page, or a
page with no main text at all. A short text is no reason: a real brief of 165 characters is an
article. Every refusal names its reason; `extract(..., accept_all=True)` imports the page anyway.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.metadata.findings import TextFindings
    from archive.sources.document import SourceDocument

# A sentence ends inside or at the end of a paragraph: "… an. Der", "… geben.“", "… (dpa)."
_SENTENCE_END = re.compile(r"[\w)][.!?…](?:[\"“”»«)]*)(?:\s|$)")
_ERROR_PAGE = re.compile(r"\b(?:404|410|403|500)\b|nicht gefunden|not found|existiert nicht|nicht mehr verfügbar"
                         r"|fehlerseite|error page|seite wurde nicht", re.IGNORECASE)
# A listing: this many teasers (headings that are links) or title-length links, and no prose.
_MIN_TEASERS = 5
_MIN_LINKS = 10
# Text without a sentence-like paragraph (tables, recipes, lists) is still an article at this length.
_MIN_PLAIN_TEXT = 200


def refusal(document: "SourceDocument", found: "TextFindings") -> str | None:
    """The reason the document is no article, or None when it is one.

    >>> import pathlib
    >>> from archive.metadata.findings import TextFindings
    >>> from archive.sources.document import SourceDocument
    >>> refusal(SourceDocument(pathlib.Path("a.txt"), "text", "  \\n"), TextFindings())
    'empty text'
    >>> refusal(SourceDocument(pathlib.Path("a.txt"), "text", "Eine Zeile."), TextFindings())
    """
    if document.format != "html":
        return None if document.text.strip() else "empty text"
    hints = document.html
    text = "\n\n".join(part for part in (found.teaser.strip(), found.body.strip()) if part)
    titles = [hints.title_tag, *hints.headings[:2]] if hints else []
    error = any(_ERROR_PAGE.search(title) for title in titles if title)
    if error and len(text) < 600:
        return "no article text found: an error page (404 …)"
    # Running text, or text enough of another kind (a table, a recipe): an article.
    if has_prose(text) or len(text) >= _MIN_PLAIN_TEXT:
        return None
    if hints is not None and hints.teaser_count >= _MIN_TEASERS:
        return f"no article text found: a listing of {hints.teaser_count} teasers"
    if hints is not None and hints.link_count >= _MIN_LINKS:
        return f"no article text found: a listing of {hints.link_count} links"
    if hints is not None and hints.form_fields:
        return "no article text found: a form"
    return None if text else "no article text found: no main text"


def has_prose(text: str) -> bool:
    """A paragraph that reads like running text: eight words or more, ending like a sentence.

    >>> has_prose("Matthias Flohr wird neuer Cheftrainer des TSV Bayer Dormagen.")
    True
    >>> has_prose("Startseite\\n\\nKontakt\\n\\nImpressum")
    False
    """
    return any(len(p) >= 50 and len(p.split()) >= 8 and _SENTENCE_END.search(p) for p in text.split("\n\n"))


_INVISIBLE = re.compile(r"<(script|style|noscript|template|svg|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|nav|main|aside"
                    r"|blockquote|br|dd|dt|dl|form|figure|figcaption|pre)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def text_of_markup(markup: str) -> str:
    """All visible text of a page, one block a line, for pages imported with --accept-all
    (no parser here: archive.metadata reads no markup otherwise).

    >>> text_of_markup("<head><title>T</title></head><body><h2><a href='/a'>Eine Meldung</a></h2>"
    ...     "<p>Mit <b>fett</b>em Text &amp; mehr</p><script>x()</script></body>")
    'Eine Meldung\\n\\nMit fettem Text & mehr'
    """
    text = _BLOCK.sub("\n", _INVISIBLE.sub(" ", _COMMENT.sub(" ", markup)))
    lines = (re.sub(r"\s+", " ", html.unescape(_TAG.sub("", line))).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)

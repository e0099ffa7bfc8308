"""How much of each article the index analyses. Pure data and one note-maker, free of Whoosh,
so that `show --explain` can say what was capped without loading the index code."""

from __future__ import annotations

from archive.model import Article

# How much of each field the index analyses; the store keeps every value whole, and search,
# show and export read them from there. Each bounds the work and memory of indexing one
# article, whatever a file or sidecar holds (a 5 MB title grew the writer past 20 GB).
# A headline is a line: the longest in 20k real news articles is far below 1,000 characters.
MAX_TITLE_CHARS = 1_000
# A teaser is a paragraph or two.
MAX_TEASER_CHARS = 5_000
# The body: 1,000,000 characters are about 140,000 words, a book; the longest real news
# article in the test corpora has well under 100,000 characters. Past this a body is not
# an article's text, and each word more costs the writer memory (positions, exact field).
MAX_BODY_CHARS = 1_000_000
# Names (outlet, each author and agency): a name is a few words.
MAX_NAME_CHARS = 200
# Authors and agencies per article: bylines name a handful; a list of hundreds is a
# mis-parsed page, and each one costs a term and a facet value.
MAX_NAMES = 50
# Each field's cap, for notes such as `show --explain` ("title indexed up to 1,000 characters").
FIELD_LIMITS = {"title": MAX_TITLE_CHARS, "teaser": MAX_TEASER_CHARS, "body": MAX_BODY_CHARS}


def capped_fields(article: Article) -> list[str]:
    """The fields of an article that the index holds only in part, as notes:
    ["title indexed up to 1,000 characters"]. The store keeps them whole."""
    notes = [f"{name} indexed up to {limit:,} characters"
             for name, limit in FIELD_LIMITS.items()
             if len(getattr(article, name) or "") > limit]
    if len(article.authors) > MAX_NAMES or len(article.agencies) > MAX_NAMES:
        notes.append(f"the first {MAX_NAMES} authors and agencies indexed")
    if any(len(name) > MAX_NAME_CHARS for name in
           (*article.authors, *article.agencies, article.outlet or "")):
        notes.append(f"names indexed up to {MAX_NAME_CHARS} characters")
    return notes

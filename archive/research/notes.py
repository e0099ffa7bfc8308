"""Notes: a researcher's free text on an article (`archive note ID "text"`), found with `note:`.

Notes live in the store's `notes` table, apart from the articles (a re-import, `reextract` or
`reindex` never touches them) and outside the search index: `note:word` is resolved through the
store into the ids of the articles whose notes hold the word (archive/research/resolve.py), so a
new note is searchable at once, without re-indexing.

**The matching rule.** Note text and the query are both folded the same way: Unicode NFC, case
folded (`ß` is `ss`), and `ä ö ü` written as `ae oe ue`, so `note:MUELLER` finds "Müller" and
`note:müller` finds "Mueller". Then both are cut into words (runs of letters and digits; a
hyphen or any other sign separates words). `note:Quelle` matches a note holding the word
`quelle` — whole words only, no stemming (`Quellen` is another word); `note:Quell*` matches
words starting so; `note:"zweite Quelle"` (and `note:Kreml-Chef`) the words side by side.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from archive.errors import UsageError
from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.paths import ArchivePaths
from archive.store import Store, now_iso

MAX_NOTE_CHARS = 10_000
_WORD = re.compile(r"[^\W_]+")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


@dataclass(frozen=True)
class Note:
    """One note: its number, the article it is on, its text and when it was written."""

    id: int
    article_id: str
    text: str
    set_at: str


def fold(text: str) -> str:
    """Text as notes are compared (see the module's rule).

    >>> fold("Müller, STRASSE"), fold("Mueller, Straße")
    ('mueller, strasse', 'mueller, strasse')
    """
    return unicodedata.normalize("NFC", text).casefold().translate(_UMLAUTS)


def note_words(text: str) -> list[str]:
    """The folded words of a text, in order.

    >>> note_words("Kreml-Chef: Prüfen!")
    ['kreml', 'chef', 'pruefen']
    """
    return _WORD.findall(fold(text))


def holds(words: list[str], wanted: list[str], prefix: bool) -> bool:
    """Whether `wanted` stands side by side in `words` (with `prefix`, its last word may be the
    start of a longer one)."""
    size = len(wanted)
    if not size:
        return False
    for start in range(len(words) - size + 1):
        window = words[start:start + size]
        if window[:-1] == wanted[:-1] and (window[-1] == wanted[-1] or prefix
                                             and window[-1].startswith(wanted[-1])):
            return True
    return False


def add_note(archive: ArchivePaths, article_id: str, text: str,
             wait: float = DEFAULT_WAIT_SECONDS) -> Note:
    """Write a note on the article with this id (or unique id start)."""
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        raise UsageError("the note is empty")
    if len(text) > MAX_NOTE_CHARS:
        raise UsageError(f"the note is {len(text):,} characters long; "
                         f"the limit is {MAX_NOTE_CHARS:,}")
    with write_lock(archive.lock_file, wait), Store.open(archive.store_file) as store:
        article = store.resolve(article_id)
        stamp = now_iso()
        with store.transaction():
            cursor = store.connection.execute(
                "INSERT INTO notes (article_id, text, set_at) VALUES (?, ?, ?)",
                (article.id, text, stamp))
        return Note(int(cursor.lastrowid or 0), article.id, text, stamp)


def delete_note(archive: ArchivePaths, note_id: int,
                wait: float = DEFAULT_WAIT_SECONDS) -> Note:
    """Remove the note with this number; UsageError when there is none."""
    with write_lock(archive.lock_file, wait), Store.open(archive.store_file) as store:
        row = store.connection.execute(
            "SELECT id, article_id, text, set_at FROM notes WHERE id=?", (note_id,)).fetchone()
        if row is None:
            raise UsageError(f"there is no note number {note_id}")
        with store.transaction():
            store.connection.execute("DELETE FROM notes WHERE id=?", (note_id,))
        return Note(*row)


def list_notes(archive: ArchivePaths, article_id: str | None = None) -> list[Note]:
    """The notes on one article (an id or its unique start), or every note; oldest first."""
    with Store.open(archive.store_file) as store:
        if article_id is None:
            rows = store.connection.execute(
                "SELECT id, article_id, text, set_at FROM notes ORDER BY id")
        else:
            rows = store.connection.execute(
                "SELECT id, article_id, text, set_at FROM notes WHERE article_id=? ORDER BY id",
                (store.resolve(article_id).id,))
        return [Note(*row) for row in rows]


def noted_ids(store: Store, text: str, prefix: bool = False) -> frozenset[str]:
    """The ids of the articles with a note holding the words of `text` (the module's rule)."""
    wanted = note_words(text)
    if not wanted:
        return frozenset()
    return frozenset(article_id for article_id, note in store.connection.execute(
        "SELECT article_id, text FROM notes") if holds(note_words(note), wanted, prefix))


def notes_of(store: Store, ids: Iterable[str]) -> dict[str, list[dict[str, str]]]:
    """The notes of each of these articles as `{"text", "set_at"}`, oldest first (articles
    without notes left out): the form export writes and import reads back."""
    wanted = list(ids)
    found: dict[str, list[dict[str, str]]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for article_id, text, set_at in store.connection.execute(
                f"SELECT article_id, text, set_at FROM notes WHERE article_id IN ({marks}) "
                "ORDER BY id", chunk):
            found.setdefault(article_id, []).append({"text": text, "set_at": set_at})
    return found

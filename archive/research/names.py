"""Names a researcher gives: tags and saved queries share one rule, so both can be written
after `tag:` / `query:` in a query without quotes.

The rule: after Unicode NFC and case folding (`Relevant` is `relevant`, `ß` is `ss`), a name
is 1 to 64 characters, letters (any script, umlauts included) and digits, and inside it also
`-`, `_`, `.`, `/` and `:`; it begins with a letter or a digit. Spaces, quotes, parentheses,
`*`, `+` and other signs are refused, because they mean something in queries and commands.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_CHARS = 64
_NAME = re.compile(r"[^\W_][\w\-./:]*")


def name_problem(text: str) -> str | None:
    """Why `text` is no valid name (see the module's rule), or None when it is one.

    >>> name_problem("wahl/2021"), name_problem("zu prüfen")
    (None, "contains ' ' (allowed: letters, digits and - _ . / : inside)")
    """
    name = fold_name(text)
    if not name:
        return "is empty"
    if len(name) > MAX_NAME_CHARS:
        return f"is {len(name)} characters long (at most {MAX_NAME_CHARS})"
    if not name[0].isalnum():
        return "must begin with a letter or a digit"
    if _NAME.fullmatch(name) is None:
        bad = next(char for char in name if not (char.isalnum() or char in "-_./:"))
        return f"contains {bad!r} (allowed: letters, digits and - _ . / : inside)"
    return None


def fold_name(text: str) -> str:
    """A name as stored and compared: NFC, case-folded, without surrounding spaces.

    >>> fold_name(" Zu-Prüfen "), fold_name("Straße")
    ('zu-prüfen', 'strasse')
    """
    return unicodedata.normalize("NFC", text.strip()).casefold()

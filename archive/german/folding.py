"""Folding of German spelling variants, for names, prefixes and the exact field.

Engine-independent (no index code): the name analyzer of archive.index.analysis, the exact
field's plans (archive.german.plans) and the query terms (archive.german.query_terms) fold
words with `fold_german`, so "Müller", "Mueller" and "Muller" meet.
"""

from __future__ import annotations

import re
import unicodedata

# A word of a name: letters, with invisible characters and combining marks inside it.
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
WORD_RE = re.compile("(?:[^\\W_]|[\u00ad\u200b\u200c\u200d\u2060\ufeff\u0300-\u036f])+")
# Lucene's GermanNormalizationFilter rule: ae/oe/ue stand for umlauts except after a vowel or q
# ("Mueller" -> "muller", but "Feuer", "Quelle", "Abenteuer" keep their "ue").
_DIGRAPH_RE = re.compile(r"(?<![aeiouyäöüq])(ae|oe|ue)")
_DIGRAPH_FOLD = {"ae": "a", "oe": "o", "ue": "u"}


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_german(text: str) -> str:
    """Lowercase and fold German spelling variants and other diacritics to one form.

    >>> [fold_german(name) for name in ("Müller", "Mueller", "Muller", "Straße", "Quelle")]
    ['muller', 'muller', 'muller', 'strasse', 'quelle']
    """
    lowered = _INVISIBLE_RE.sub("", text).lower().replace("ß", "ss")
    lowered = _DIGRAPH_RE.sub(lambda match: _DIGRAPH_FOLD[match.group(1)], lowered)
    return lowered if lowered.isascii() else _strip_marks(lowered)

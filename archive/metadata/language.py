"""The language of an article: detected offline from its text, as an ISO 639-1 code.

The archive holds German news, so German is the answer whenever the text is short or unclear.
Only the first few thousand characters are read, so the cost per article is bounded.

Most articles are plainly German: their most frequent words are German function words ("der",
"und", "nicht", …), which settles it without the statistical model. Only the rest go to py3langid
(a naive Bayes model over byte n-grams for 97 languages; see docs/architecture.md for the choice),
which is loaded on first use: reading its model takes a second or two, once per process.
"""

from __future__ import annotations

import functools
import re
from typing import Any

DEFAULT_LANGUAGE = "de"
# What is read of a text: enough for a confident answer, a bounded cost for long articles.
_SAMPLE_CHARS = 3000
# Fewer words than this ("Corona", "Elon Musk", a headline) are not enough to tell.
_MIN_WORDS = 12
# The headline and lead: about the first 100 words.
_LEAD_WORDS = 100
# The model must be this sure (normalised probability) to name another language than German.
_MIN_CONFIDENCE = 0.9
_WORD = re.compile(r"[^\W\d_]{2,}")
# Frequent German words that are no frequent words of English, Dutch, French or Scandinavian
# languages ("in", "was", "so", "man", "will", "is" are left out for that reason).
_GERMAN_WORDS = frozenset("""
der die das und nicht ein eine einen einem einer den dem des zu mit sich auf für von im auch es sie
wir ich dass daß wird werden wurde wurden sind hat haben bei nach aus noch nur wie über oder aber
vom zum zur ihr ihre sein seine seiner bereits wenn durch unter gegen diese dieser dieses kann mehr
schon soll sollen hatte gibt beim seit sei keine kein dann doch sehr wieder jetzt ob uns nun
""".split())
_ENGLISH_WORDS = frozenset("""
the and of to that for it with as on are be by this have from or at not which but were has been
their they would there what about who when can more one all also its
""".split())


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language; "de" for short or unclear texts.

    >>> detect_language("Der Stadtrat hat am Donnerstag beschlossen, dass am Rheinufer ein neuer Radweg gebaut wird.")
    'de'
    >>> detect_language("The city council decided on Thursday that a new cycle path will be built along the river bank.")
    'en'
    >>> detect_language("Elon Musk")
    'de'
    """
    sample = text[:_SAMPLE_CHARS]
    words = [word.casefold() for word in _WORD.findall(sample)]
    if len(words) < _MIN_WORDS:
        return DEFAULT_LANGUAGE
    # Plainly German, as a whole or in its headline and lead (a German report that quotes a long
    # post in Russian is German): the model is not needed.
    if _plainly_german(words) or _plainly_german(words[:_LEAD_WORDS]):
        return DEFAULT_LANGUAGE
    language, confidence = _identifier().classify(sample)
    if confidence < _MIN_CONFIDENCE or not re.fullmatch(r"[a-z]{2}", language):
        return DEFAULT_LANGUAGE
    return language


def _plainly_german(words: list[str]) -> bool:
    german = sum(word in _GERMAN_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    return german >= 0.15 * len(words) and german >= 3 * english


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    # Imported here: the model is read only when a text needs it, never by `archive search`.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

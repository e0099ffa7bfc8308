"""Splitting German compounds into their parts, with guards against over-splitting.

A lexicon- and frequency-ranked splitter in the style of Koehn & Knight (2003): a word is cut
into known lexicon words (the last one as written, the others possibly followed by a linking
element s/es/n/en/e/er/ens or missing a final -e), and the segmentation whose parts are on average
most frequent wins, but only if that average beats the frequency of the whole word. So frequent
words that merely *contain* words stay whole ("Beispiel" is more frequent than "bei" + "Spiel"
could make it), and rare compounds split ("Satellitensystems" -> satelliten + systems).

Guards (each reported by `guard_reason` for `archive explain`): names and brands (a curated list
plus the lexicon's proper names), CamelCase and acronyms, and a short list of lexicalised words
that the frequencies would split wrongly. Parts must be at least 4 letters (a few short nouns
such as Amt, Bau, Rat excepted), and function words, prefixes and suffix-like strings are
never parts: "Botschaft" is not Bot + schaft, "insgesamt" not ins + gesamt.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from archive.german.caching import remember
from archive.german.lexicon import lexicon, parse_split_code
from archive.german.stopwords import GERMAN_STOP_WORDS

MIN_WORD = 6
MIN_PART = 4
MAX_PARTS = 4
MIN_PART_ZIPF = 2.0
# A word at least this frequent is never split (no segmentation's parts average more).
MAX_WHOLE_ZIPF = 5.0
# Longer words are not decompounded (indexed whole, folded and stemmed). The search below
# costs O(n^2) lookups of O(n) slices in the word's length n: 10,000 letters ran for seconds
# and 100,000 past five minutes and 5 GB. The lexicon's longest word has 33 letters, and the
# longest German compounds in real use ("Rindfleischetikettierungsüberwachungsaufgaben-
# übertragungsgesetz", 63) fit; anything longer is a run-on string, not a word.
MAX_SPLIT_CHARS = 64

# Three-letter nouns common as compound parts (Finanzamt, Neubau, Stadtrat, Wahltag, ...).
SHORT_PARTS = frozenset("""
amt bad bau eis gas hof not ohr rad rat see tag tal tee tor tür uhr weg zug zoo art akt arm
bus öl ski kur ruf hut bär hai kuh ufo app
""".split())
# Strings that are words in the frequency list but never a compound part: function words,
# prefixes, suffixes and fragments ("schaft", "kratie", "ung").
BARRED_PARTS = frozenset("""
ab an auf aus bei durch ein ent er ge gegen innen inne her hin los miss mit nach neben über um un unter ur
ver vor weg wider zer zu zusammen
ant anz chen lein ling schaft schaften heit heiten keit keiten ung ungen lich lichen isch tum
nis nisse sal sam bar haft ig ial ion ionen tät täten ismus ist isten kratie kratien logie
logien nahme selbst sowie etwa eher also ende enden gesamt samt tion tionen ierung ierungen
lung lungen nung nungen rung rungen tung tungen dung dungen gung gungen ten tern tens
ische ischen liche lichen iger igen ige bare baren same samen
""".split()) | GERMAN_STOP_WORDS
# Linking elements ("Fugen") a non-final part may carry; longest first.
LINKS = ("ens", "es", "en", "er", "s", "n", "e")
# Lexicalised words the frequencies would split wrongly (checked on news vocabulary).
NO_SPLIT = frozenset("""
vorsitzende vorsitzenden vorsitzender gebrauch verbrauch beispiel beispiele botschaft
botschafter demokratie bundestag bundesrat bundesliga bundeswehr landtag reichstag kreistag
bundesland bundesländer bundesländern landkreis wirtschaft gesellschaft mannschaft
unternehmen arbeitgeber arbeitnehmer ausland inland abend abende abenden
verhandlung verhandlungen erfahrung erfahrungen verantwortung hausarzt ergebnis ergebnisse
freitag samstag sonntag montag dienstag mittwoch donnerstag feiertag geburtstag haushalt
haushalts haushalte mitarbeiter mitarbeiterin mitarbeitern
""".split())
# Words that must stay whole when they are parts of a longer compound (Bundestag|wahl, not
# Bund|tag|wahl).
UNITS = NO_SPLIT
# Longest first, so that "bundesländern" wins over "bundesland".
_UNITS_RE = re.compile("|".join(sorted(UNITS, key=len, reverse=True)))
# Names and brands that are compounds of ordinary words (Zucker + Berg, Club + House); the
# lexicon's surname/place list covers many more (Lauterbach, Steinmeier).
NAMES_AND_BRANDS = frozenset("""
zuckerberg lauterbach steinmeier baerbock bärbock wagenknecht hofreiter habeck kühnert
weidel gauland höcke spahn laschet söder giffey esken lindner merz kretschmer
clubhouse starlink spacex facebook youtube whatsapp instagram twitter tiktok microsoft netflix
airbnb paypal playstation blackrock goldman volkswagen lufthansa telekom biontech moderna
astrazeneca pfizer zalando lieferando rossmann wirecard greenpeace starbucks snapchat bluesky
airbus linkedin openai chatgpt hollywood silicon wallstreet salesforce thyssenkrupp
commerzbank rheinmetall bertelsmann springer lidl edeka aldi rewe dax nasdaq tagesspiegel
tagesschau
""".split())


class Split(NamedTuple):
    """A segmentation: the parts as lexicon words (linking elements removed), the surface
    slices of the word they came from, the mean Zipf frequency that ranked it, and `groups`:
    the parts with adjacent ones joined where the join is itself a common word
    (klima + schutz + gesetz -> klimaschutz + gesetz)."""

    parts: tuple[str, ...]
    surfaces: tuple[str, ...]
    score: float
    groups: tuple[str, ...]

# A join of adjacent parts at least this frequent is a group of its own.
GROUP_ZIPF = 3.0


def lexicon_key(word: str) -> str:
    """The lexicon's spelling of a lowercase word: ß as ss ("straße" -> "strasse")."""
    return word.replace("ß", "ss")


def guard_reason(surface: str, key: str) -> str | None:
    """Why a word must not be decompounded, or None.

    `surface` is the word as written (case kept), `key` its lowercase lexicon key.

    >>> guard_reason("SpaceX", "spacex"), guard_reason("Zuckerberg", "zuckerberg")
    ('CamelCase or acronym', 'name or brand')
    """
    # (islower() is True only without upper- or titlecase letters: the cheap common answer.)
    if len(surface) > 1 and not surface[1:].islower() and any(ch.isupper() for ch in surface[1:]):
        return "CamelCase or acronym"
    if key in NAMES_AND_BRANDS:
        return "name or brand"
    if key in NO_SPLIT:
        return "lexicalised word"
    if lexicon().is_name(key):
        return "proper name in the lexicon"
    return None


def _part_zipf(word: str) -> float:
    """The frequency of a candidate part, 0.0 if it may not be a part."""
    if word in BARRED_PARTS or (len(word) < MIN_PART and word not in SHORT_PARTS):
        return 0.0
    zipf = lexicon().zipf(word)
    return zipf if zipf >= MIN_PART_ZIPF else 0.0


def _modifier_forms(piece: str) -> list[str]:
    """The lexicon words a non-final piece may stand for: itself, minus a linking element, plus
    an elided -e ("schul" in "Schulbuch" -> "schule")."""
    forms = [piece]
    for link in LINKS:
        if piece.endswith(link) and len(piece) - len(link) >= 3:
            forms.append(piece[: -len(link)])
    if len(piece) >= 4:
        forms.append(piece + "e")
    return forms


# Pieces recur across compounds ("regierungs", "gesetz"), so their lookups are cached.
_MODIFIER_CACHE: dict[str, tuple[str, float]] = {}
_HEAD_CACHE: dict[str, float] = {}
_SPLIT_CACHE: dict[str, tuple[tuple[str, ...], tuple[str, ...], float, tuple[str, ...]] | None] = {}
_MISSING = object()
# Entries per cache before it is cleared (100-330 bytes each): ~17 MB for the three at most.
# They are asked only when a token's plan is not cached (archive.german.plans), mostly for new
# words, so they hit less than the plan caches: at 100,000 they held ~60 MB for no measurable
# time (2,000 FANG-COVID articles analysed: 29.5 s CPU with these limits, 29.0 s with 100,000
# here and 300,000 stems; docs/performance.md, "Memory").
_CACHE_LIMIT = 30_000


# The links a piece can end with, by its last letter (in LINKS order, which breaks ties).
_LINKS_BY_END: dict[str, tuple[str, ...]] = {
    end: tuple(link for link in LINKS if link[-1] == end) for end in {link[-1] for link in LINKS}
}


def _modifier(piece: str) -> tuple[str, float]:
    """The most frequent lexicon word a non-final piece stands for, with its frequency."""
    found = _MODIFIER_CACHE.get(piece)
    if found is None:
        found = remember(_MODIFIER_CACHE, piece, _best_modifier(piece), _CACHE_LIMIT)
    return found


def _best_modifier(piece: str) -> tuple[str, float]:
    """`_modifier` without the cache: the first of `_modifier_forms(piece)` with the highest
    part frequency. Written out (no list of forms, no call per form) because the splitter asks
    this for every piece of every new word, which is most of a cold import's splitting time."""
    zipf = lexicon().zipf
    barred, short = BARRED_PARTS, SHORT_PARTS
    best_form, best_zipf = "", 0.0
    size = len(piece)
    if piece not in barred and (size >= MIN_PART or piece in short):
        value = zipf(piece)
        if value >= MIN_PART_ZIPF:
            best_form, best_zipf = piece, value
    for link in _LINKS_BY_END.get(piece[-1], ()):
        rest = size - len(link)
        if rest >= 3 and piece.endswith(link):
            form = piece[:rest]
            if form not in barred and (rest >= MIN_PART or form in short):
                value = zipf(form)
                if value >= MIN_PART_ZIPF and value > best_zipf:
                    best_form, best_zipf = form, value
    if size >= 4:
        form = piece + "e"
        if form not in barred:
            value = zipf(form)
            if value >= MIN_PART_ZIPF and value > best_zipf:
                best_form, best_zipf = form, value
    return best_form, best_zipf


def _head(piece: str) -> float:
    """The frequency of a piece as the last part (written as it is), 0.0 if it cannot be."""
    found = _HEAD_CACHE.get(piece)
    if found is None:
        found = remember(_HEAD_CACHE, piece, _part_zipf(piece), _CACHE_LIMIT)
    return found


def clear_caches() -> None:
    """Forget cached lookups and splits (benchmarks measure the cold path with this)."""
    _MODIFIER_CACHE.clear()
    _HEAD_CACHE.clear()
    _SPLIT_CACHE.clear()


def _forbidden_cuts(word: str) -> set[int]:
    """Cut positions inside a unit word occurring in `word` (Bundestagswahl: not inside
    "bundestag")."""
    cuts: set[int] = set()
    for match in _UNITS_RE.finditer(word):
        cuts.update(range(match.start() + 1, match.end()))
    return cuts


def split(key: str) -> Split | None:
    """The best segmentation of a lowercase word into at least two parts, or None.

    >>> split("satellitensystems").parts
    ('satelliten', 'systems')
    >>> split("beispiel") is None, split("botschaft") is None
    (True, True)
    """
    cached = _SPLIT_CACHE.get(key, _MISSING)
    if cached is not _MISSING:
        return None if cached is None else Split._make(cached)  # type: ignore[arg-type]
    found = _split(key)
    # Kept as a plain tuple: the cyclic garbage collector untracks a tuple of tuples, strings
    # and floats, never a NamedTuple, and walking 10k+ cached splits on each of its full
    # collections cost a cold import more than rebuilding a Split on each cache hit.
    remember(_SPLIT_CACHE, key, None if found is None else tuple(found), _CACHE_LIMIT)
    return found


# Bump when _split's algorithm changes in a way its parameters below do not show: the data
# file's precomputed splits are then ignored until tools/build_lexicon.py regenerates them.
SPLIT_RULES = 1
_fingerprint_ok: bool | None = None
# Words this process has asked the splitter about. After _BULK_AFTER (a bulk import, not a
# search) the prefix filter is built (60–150 ms from every word); the packed lexicon (format 4)
# reads it from its file in ~5 ms, so it is used from the first word. The precomputed splits
# of lexicon words are used from the first word: the packed lexicon reads them in place (a lexicon parsed from the text,
# when no cache can be written, splits them into a list once, ~4 ms).
_asked = 0
_BULK_AFTER = 500


def splitter_fingerprint() -> str:
    """A checksum of everything that decides `split`'s answer besides the lexicon; the data
    file stores the one its precomputed splits were made with."""
    import zlib

    rules = repr((SPLIT_RULES, MIN_WORD, MIN_PART, MAX_PARTS, MIN_PART_ZIPF, MAX_WHOLE_ZIPF,
                  LINKS, sorted(SHORT_PARTS), sorted(BARRED_PARTS), sorted(UNITS)))
    return format(zlib.crc32(rules.encode("utf-8")), "08x")


def _precomputed(key: str) -> str | None:
    """The data file's split code for a lexicon word, if the file matches this splitter."""
    global _fingerprint_ok
    if _fingerprint_ok is None:
        _fingerprint_ok = lexicon().splits_fingerprint == splitter_fingerprint()
    return lexicon().split_code(key) if _fingerprint_ok else None


def _decode(key: str, code: str) -> Split | None:
    """The Split a data-file code stands for, with the score _split would have computed (the
    parts' frequencies summed in the same order)."""
    decoded = parse_split_code(key, code)
    if decoded is None:
        return None
    parts, surfaces = decoded
    zipf = lexicon().zipf
    total = 0.0
    for part in parts[:-1]:
        total += zipf(part)
    found = Split(parts, surfaces, (total + zipf(parts[-1])) / len(parts), parts)
    return found._replace(groups=_groups(found)) if len(parts) > 2 else found


def _possible_starts(key: str) -> list[bool] | None:
    """For each position of `key`, whether a compound part may start there (see _split); None
    (all may) until enough words were split to make building the filter worth its cost, unless
    the packed lexicon holds it."""
    words = lexicon()
    if _asked < _BULK_AFTER and not words.prefixes_packed():
        return None
    prefixes4 = words.prefixes4()
    return [key[start:start + 4] in prefixes4 or key[start:start + 3] in SHORT_PARTS
            for start in range(len(key))]


def _split(key: str) -> Split | None:
    global _asked
    if len(key) < MIN_WORD or len(key) > MAX_SPLIT_CHARS or not key.isalpha():
        return None
    whole_zipf = lexicon().zipf(key)
    if whole_zipf >= MAX_WHOLE_ZIPF:
        return None  # parts never average this much: save the search (Regierung, Menschen)
    _asked += 1
    if whole_zipf:
        # A lexicon word: the data file has the answer, computed by this same function; the
        # packed lexicon's table answers it with one lookup (archive/german/lexicon_table.py).
        code = _precomputed(key)
        if code is not None:
            return _decode(key, code)
    return compute_split(key, whole_zipf)


def compute_split(key: str, whole_zipf: float) -> Split | None:
    """The segmentation search behind `split` (tools/build_lexicon.py precomputes it for the
    lexicon's words): `key` is a lowercase alphabetic word of MIN_WORD+ letters, `whole_zipf`
    its own frequency.

    Words longer than MAX_SPLIT_CHARS get no split (the cost grows with the cube of the
    length). `prefixes` recurses once per part boundary, at least 3 letters apart, so its depth
    is at most MAX_SPLIT_CHARS / 3."""
    if len(key) > MAX_SPLIT_CHARS:
        return None
    # Necessary conditions, cheap with the piece caches: some known word starts the compound
    # and some known word ends it. Most words fail here and skip the segmentation search.
    # (Loops written out with the caches' bound `get`: this runs for every new noun.)
    head_get = _HEAD_CACHE.get
    # A part of 4+ letters starts with a 4-letter prefix of some lexicon word, a 3-letter part
    # is a SHORT_PARTS noun; so a position where neither starts needs no lookups at all.
    starts_word = _possible_starts(key) or [True] * len(key)
    heads: list[tuple[int, float]] = []
    for cut in range(3, len(key) - 2):
        if not starts_word[cut]:
            continue
        piece = key[cut:]
        value = head_get(piece)
        if value is None:
            value = _head(piece)
        if value:
            heads.append((cut, value))
    if not heads:
        return None
    modifier_get = _MODIFIER_CACHE.get
    if starts_word[0]:
        for end in range(3, heads[-1][0] + 1):
            if (modifier_get(key[:end]) or _modifier(key[:end]))[1]:
                break
        else:
            return None
    else:
        return None
    forbidden = _forbidden_cuts(key) if _UNITS_RE.search(key) else set()
    memo: dict[int, list[tuple[float, tuple[str, ...], tuple[str, ...]]]] = {}

    def prefixes(end: int) -> list[tuple[float, tuple[str, ...], tuple[str, ...]]]:
        """Segmentations of key[:end] into modifier parts: (sum of zipf, parts, surfaces)."""
        if end in memo:
            return memo[end]
        found: list[tuple[float, tuple[str, ...], tuple[str, ...]]] = []
        for start in range(0, end - 2):
            if start in forbidden or not starts_word[start]:
                continue
            piece = key[start:end]
            best_form, best_zipf = modifier_get(piece) or _modifier(piece)
            if not best_zipf:
                continue
            if start == 0:
                found.append((best_zipf, (best_form,), (piece,)))
            else:
                for total, parts, surfaces in prefixes(start):
                    if len(parts) < MAX_PARTS - 1:
                        found.append((total + best_zipf, parts + (best_form,),
                                      surfaces + (piece,)))
        found.sort(key=lambda item: item[0] / len(item[1]), reverse=True)
        memo[end] = found[:4]
        return memo[end]

    best: Split | None = None
    for cut, head_zipf in heads:
        if cut in forbidden:
            continue
        head = key[cut:]
        for total, parts, surfaces in prefixes(cut):
            score = (total + head_zipf) / (len(parts) + 1)
            if best is None or score > best.score:
                best = Split(parts + (head,), surfaces + (head,), score, parts + (head,))
    if best is None or best.score <= whole_zipf:
        return None
    if len(best.parts) > 2:
        best = best._replace(groups=_groups(best))
    return best


def _groups(found: Split) -> tuple[str, ...]:
    """Join adjacent parts whose joined surface is a common word (see Split.groups)."""
    surfaces = list(found.surfaces)
    parts = list(found.parts)
    index = 0
    while index < len(parts) - 1 and len(parts) > 2:
        joined = surfaces[index] + surfaces[index + 1]
        last = index + 1 == len(parts) - 1
        forms = [joined] if last else _modifier_forms(joined)
        best = max(forms, key=lexicon().zipf)
        if lexicon().zipf(best) >= GROUP_ZIPF:
            surfaces[index:index + 2] = [joined]
            parts[index:index + 2] = [best]
        else:
            index += 1
    return tuple(parts)


def head_of(key: str) -> str | None:
    """The last part of a compound as written, for completing an elliptical conjunct:
    "regierungschefs" -> "chefs" (so "Staats- und Regierungschefs" yields "Staatschefs").

    >>> head_of("regierungschefs"), head_of("ausreise")
    ('chefs', 'reise')
    """
    found = split(key)
    if found is not None:
        return found.surfaces[-1]
    # Not a compound by frequency (Ausreise): take the longest known word it ends with (among
    # its last MAX_SPLIT_CHARS letters: a lookup per cut, each slicing the word).
    for cut in range(max(2, len(key) - MAX_SPLIT_CHARS), len(key) - 3):
        if _part_zipf(key[cut:]):
            return key[cut:]
    return None

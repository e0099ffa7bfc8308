"""German text analysis for the index and for queries.

Whoosh pickles the analyzers into the index's table of contents, so the classes here must stay
at this import path (`archive.index.analysis`) and must not hold large data: their state is a
version number, and word-level work goes through module-level caches. The lexicon behind the
decompounder is loaded lazily (archive.index.lexicon), only when a word needs splitting.

Public interface (used by archive.index.schema and archive.index.compile):

    ANALYSIS_VERSION              bumped on any change that alters index terms
    GermanAnalyzer()              title / teaser / body: stems, compound parts, variants
    NameAnalyzer()                outlet / authors: normalise, lowercase, German folding
    ExactAnalyzer()               exact: surface words, folded, no stemming, no splitting
    text_query_terms(word)        alternatives of AND-ed terms for one query word
    family_query_terms(word)      terms of the word's derivational family (lower weight)
    name_query_terms(text)        folded terms of a name ("Müller" -> ["muller"])
    exact_query_terms(word)       terms of a word in the exact field (consecutive positions)
    prefix_term(word)             the index-side prefix for a trailing-wildcard query
    describe_word(word)           how one query word is analysed, for `archive explain`
    fold_german(text)             the folding used for names, prefixes and exact terms

The chain, per token (see docs/analysis-design.md): character cleanup (soft hyphens,
zero-width characters, apostrophes, NFC) -> German tokenizer (dates, numbers with separators,
gender forms, hyphen chains, elliptical "Staats- und ...") -> stop words (positions kept) ->
name/brand guard -> decompounder (parts at the word's position) -> Snowball 3 stem with overrides
and the -s rule.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import product
from typing import Iterator, Match

from whoosh.analysis import Analyzer, Token

from archive.faults import checkpoint
from archive.index import families, plans
from archive.index.german_tokens import TOKEN_RE, clean, split_chain, token_text, visible
from archive.index.stem_overrides import stems as word_stems
from archive.index.word_analysis import analyse_word
from archive.index.word_analysis import pair_terms as pair_terms  # for the query compiler

# 4: words over decompound.MAX_SPLIT_CHARS letters are not split; fields are indexed up to
# the caps of archive.index.schema (only articles beyond them get other terms).
ANALYSIS_VERSION = 4

_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WORD_RE = re.compile("(?:[^\\W_]|[\u00ad\u200b\u200c\u200d\u2060\ufeff\u0300-\u036f])+")
# Lucene's GermanNormalizationFilter rule: ae/oe/ue stand for umlauts except after a vowel or q
# ("Mueller" -> "muller", but "Feuer", "Quelle", "Abenteuer" keep their "ue").
_DIGRAPH_RE = re.compile(r"(?<![aeiouyäöüq])(ae|oe|ue)")
_DIGRAPH_FOLD = {"ae": "a", "oe": "o", "ue": "u"}
# More alternatives than this for one query word are cut (a safety net; real words have < 8).
MAX_ALTERNATIVES = 24


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


class _VersionedAnalyzer(Analyzer):
    """Analyzers compare equal when their class and analysis version do, so two schemas built
    by the same version compare equal (Whoosh compares fields, analyzers included)."""

    version = ANALYSIS_VERSION

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.version == getattr(other, "version", None)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.version))


class _PlanAnalyzer(_VersionedAnalyzer):
    """Tokenise with the German tokenizer and emit each token's cached plan: the terms at each
    of its positions with their character offsets (see archive.index.plans)."""

    _exact = False

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs: object) -> Iterator[Token]:
        if self._exact:
            # Once per indexed article (the exact field holds all its text): fault tests raise
            # here, as an analysis bug no text has shown yet would.
            checkpoint("analyse", value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        cache = plans.EXACT_CACHE if self._exact else plans.TEXT_CACHE
        build = plans.exact_plan if self._exact else plans.text_plan
        position = start_pos
        after_first_name = False
        for match in TOKEN_RE.finditer(value):
            raw = token_text(match)
            plan = cache.get(raw)
            if plan is None:
                plan = build(raw, match.lastgroup or "chain")
            entries = plan.entries
            if plan.ellipsis and not self._exact:
                entries = plans.ellipsis_entries(raw, value, match.end())
            elif after_first_name and plan.split:
                entries = plans.unsplit_entries(raw)
            offset = start_char + match.start()
            for delta, text, start, end, stopped in entries:
                if stopped and removestops:
                    continue
                token.text = text
                token.stopped = stopped
                token.boost = 1.0
                if keeporiginal:
                    token.original = raw[start:end]
                if positions:
                    token.pos = position + delta
                if chars:
                    token.startchar = offset + start
                    token.endchar = offset + end
                yield token
            position += plan.width
            after_first_name = plan.first_name


class GermanAnalyzer(_PlanAnalyzer):
    """Running German text for title/teaser/body: each word's stem (Snowball 3 with overrides,
    ä/ae, ö/oe, ü/ue, ß/ss folded), plus at the same position its compound parts, the stem
    without a plural -s, gender forms; hyphen chains also as one closed word; numbers without
    separators, dates also as their year. Stop words leave a position gap.

    >>> [t.text for t in GermanAnalyzer()("Die Gespräche über Internet-Satellitensysteme")][:5]
    ['gesprach', 'internetsatellitensystem', 'internet', 'satellitensystem', 'satellit']
    >>> [t.text for t in GermanAnalyzer()("Satellitensysteme")]
    ['satellitensystem', 'satellit', 'system', 'satellit+system']
    """


class ExactAnalyzer(_PlanAnalyzer):
    """Surface words for exact matching: folded like names, no stemming, no decompounding, stop
    words kept; numbers and dates normalised as in the stemmed fields.

    >>> [t.text for t in ExactAnalyzer()("Die Gespräche, 178.000 Wähler:innen")]
    ['die', 'gesprache', '178000', 'wahlerinnen', 'wahler']
    """

    _exact = True


class NameAnalyzer(_VersionedAnalyzer):
    """Names of outlets and people: every word kept, lowercased and folded.

    >>> [t.text for t in NameAnalyzer()("Thomas Müller-Wohlfahrt")]
    ['thomas', 'muller', 'wohlfahrt']
    """


    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs: object) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for match in _WORD_RE.finditer(value):
            folded = fold_german(match.group(0))
            if not folded:
                continue
            token.text = folded
            token.stopped = False
            token.boost = 1.0
            if keeporiginal:
                token.original = match.group(0)
            if positions:
                token.pos = position
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token
            position += 1


def _simplify(alternatives: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Drop duplicate alternatives and those that contain another one (A or (A and B) = A)."""
    # (An empty term comes from a match of invisible characters alone: it is no word.)
    unique = list(dict.fromkeys(kept for alt in alternatives
                                if (kept := tuple(dict.fromkeys(term for term in alt if term)))))
    kept = [alt for alt in unique
            if not any(other != alt and set(other) <= set(alt) for other in unique)]
    return kept[:MAX_ALTERNATIVES]


def _match_alternatives(match: Match[str]) -> list[tuple[str, ...]]:
    """Query alternatives of one token of a query word (see text_query_terms)."""
    kind = match.lastgroup or "chain"
    raw = token_text(match)
    if kind != "chain":
        return [tuple(dict.fromkeys(entry[1] for entry in plans.text_plan(raw, kind).entries))]
    chain = split_chain(raw)
    per_piece: list[list[tuple[str, ...]]] = []
    for index, piece in enumerate(chain.pieces):
        gender = chain.gender if index == len(chain.pieces) - 1 else ""
        terms = analyse_word(visible(piece.text), gender=gender, noun=True)
        if not terms.stop:
            per_piece.append(terms.alternatives())
    found: list[tuple[str, ...]] = []
    if len(chain.pieces) > 1:
        closed = plans.closed_form(chain)
        found.extend((term,) for term in analyse_word(closed, noun=True).stems)
    for combination in product(*per_piece):
        found.append(tuple(term for alternative in combination for term in alternative))
        if len(found) > MAX_ALTERNATIVES * 4:
            break
    return _simplify(found)


def text_query_terms(word: str) -> list[tuple[str, ...]]:
    """How one query word meets the stemmed text fields: a list of alternatives, each a tuple of
    terms that must all occur. An empty list means the word is a stop word.

    >>> text_query_terms("Gespraeche"), text_query_terms("der")
    ([('gesprach',)], [])
    >>> text_query_terms("Kreml-Chef")
    [('kremlchef',), ('kreml', 'chef')]
    >>> text_query_terms("Klimaschutzgesetz")
    [('klimaschutzgesetz',), ('klimaschutz', 'gesetz'), ('klima', 'schutz', 'gesetz')]
    """
    combined: list[tuple[str, ...]] = [()]
    for match in TOKEN_RE.finditer(word):
        alternatives = _match_alternatives(match)
        if not alternatives:
            continue
        combined = [left + right for left in combined for right in alternatives]
        if len(combined) > MAX_ALTERNATIVES * 4:
            # Tokens glued without spaces ("a/b/c/…") multiply their alternatives: keep the
            # product bounded at each step, not only at the end (3^12 took seconds).
            combined = _simplify(combined)
    return _simplify(combined)


def family_query_terms(word: str) -> list[str]:
    """Terms of a query word's family (archive.index.families): derived forms searched at a
    lower weight than the word itself. Only plain words have families (not chains, numbers,
    gender forms).

    >>> family_query_terms("Kündigung"), family_query_terms("Lage")
    (['gekundigt'], [])
    """
    if not word.isalpha():
        return []
    return list(families.word_family(word).terms)


def is_form_of(exact_word: str, stem: str) -> bool:
    """Whether a word of the exact field (folded, as written) is a form of a stemmed-field
    stem: its own stem, or the stem plus a short ending (the exact field folds umlauts, so
    "wahlern" no longer shows it is a form of Wähler, stem "wahler").

    >>> is_form_of("klimas", "klima"), is_form_of("amtlich", "amt"), is_form_of("usa", "us")
    (True, False, False)
    """
    if not exact_word.startswith(stem):
        return False
    if stem in word_stems(exact_word):
        return True
    return len(exact_word) - len(stem) <= 2 and exact_word[len(stem):] in _SHORT_ENDINGS


# Inflection endings after a stem, for is_form_of.
_SHORT_ENDINGS = frozenset(("", "e", "n", "s", "en", "er", "es", "em", "in", "ns"))


def name_query_terms(text: str) -> list[str]:
    """The folded terms of a name as the name fields index them.

    >>> name_query_terms("W&V"), name_query_terms("Mueller")
    (['w', 'v'], ['muller'])
    """
    return [folded for raw in _WORD_RE.findall(text) if (folded := fold_german(raw))]


def prefix_term(word: str) -> str:
    """The index-side prefix for `word*` on the stemmed fields: folded, not stemmed, because the
    stem of a word fragment is meaningless ("Satell*" must reach "satellit").

    >>> prefix_term("Gespräch"), prefix_term("Bürg")
    ('gesprach', 'burg')
    """
    return fold_german(clean(word))


def exact_query_terms(word: str) -> list[str]:
    """The terms of a word in the exact field; several terms mean consecutive words.

    >>> exact_query_terms("Gespräche"), exact_query_terms("Kreml-Chef")
    (['gesprache'], ['kreml', 'chef'])
    """
    terms: list[str] = []
    for match in TOKEN_RE.finditer(word):
        plan = plans.exact_plan(token_text(match), match.lastgroup or "chain")
        seen: set[int] = set()
        for delta, text, _start, _end, _stopped in plan.entries:
            if delta not in seen:
                seen.add(delta)
                terms.append(text)
    return terms


def describe_word(word: str) -> dict[str, object]:
    """How one query word is analysed, for `archive explain`.

    Keys: word, normalised, stop_word, stem, variants, parts, groups, guard, alternatives
    (searched in title/teaser/body, OR between them, AND inside one, a compound's parts near
    each other), family and family_terms (derived words, searched at a lower weight), exact
    (exact field).

    >>> info = describe_word("Satellitensystems")
    >>> info["stem"], info["parts"], info["alternatives"]
    (['satellitensystem'], ['satelliten', 'systems'], [['satellitensystem'], ['satellit', 'system']])
    """
    alternatives = text_query_terms(word)
    family = families.word_family(word) if word.isalpha() and alternatives else families.Family(
        (), ())
    stems: list[str] = []
    variants: list[str] = []
    parts: list[str] = []
    groups: list[str] = []
    guards: list[str] = []
    normalised: list[str] = []
    for match in TOKEN_RE.finditer(word):
        if match.lastgroup != "chain":
            normalised.append(token_text(match))
            continue
        chain = split_chain(token_text(match))
        for index, piece in enumerate(chain.pieces):
            gender = chain.gender if index == len(chain.pieces) - 1 else ""
            terms = analyse_word(visible(piece.text), gender=gender, noun=True)
            normalised.append(terms.normalised)
            stems.extend(terms.stems)
            variants.extend(terms.variants)
            parts.extend(terms.part_words)
            if terms.groups != terms.parts:
                groups.extend(terms.groups)
            if terms.guard:
                guards.append(f"{piece.text}: {terms.guard}")
        if len(chain.pieces) > 1:
            variants.append(clean(plans.closed_form(chain)))
    return {
        "word": word,
        "normalised": " ".join(normalised),
        "stop_word": not alternatives,
        "stem": list(dict.fromkeys(stems)),
        "variants": list(dict.fromkeys(variants)),
        "parts": parts,
        "groups": groups,
        "guard": "; ".join(guards) or None,
        "alternatives": [list(alternative) for alternative in alternatives],
        "family": list(family.words) if family.terms else [],
        "family_terms": list(family.terms),
        "exact": exact_query_terms(word),
    }

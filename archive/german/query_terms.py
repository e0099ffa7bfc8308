"""How a query word meets the index's German fields: the terms to look up, engine-independent.

The query compiler (archive.index.compile) turns these terms into the engine's queries; the
index side analyses text with the same plans (archive.german.plans) through the analyzers of
archive.index.analysis, so a query word and the indexed words meet in the same terms.

    text_query_terms(word)        alternatives of AND-ed terms for one query word
    family_query_terms(word)      terms of the word's derivational family (lower weight)
    name_query_terms(text)        folded terms of a name ("Müller" -> ["muller"])
    exact_query_terms(word)       terms of a word in the exact field (consecutive positions)
    prefix_term(word)             the index-side prefix for a trailing-wildcard query
    describe_word(word)           how one query word is analysed, for `archive explain`
    pair_terms(terms)             a compound's neighbouring parts (archive.german.word_analysis)
"""

from __future__ import annotations

from itertools import product
from typing import Match

from archive.german import families, plans
from archive.german.folding import WORD_RE, fold_german
from archive.german.german_tokens import TOKEN_RE, clean, split_chain, token_text, visible
from archive.german.stem_overrides import stems as word_stems
from archive.german.word_analysis import analyse_word
from archive.german.word_analysis import pair_terms as pair_terms  # for the query compiler

# More alternatives than this for one query word are cut (a safety net; real words have < 8).
MAX_ALTERNATIVES = 24


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
    """Terms of a query word's family (archive.german.families): derived forms searched at a
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
    return [folded for raw in WORD_RE.findall(text) if (folded := fold_german(raw))]


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

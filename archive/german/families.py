"""Word families: the regular derivations that link a German noun to its verb and back, for
queries only (the index is unchanged). "Telefonat" also finds "telefonierte", "Kündigung" also
finds "gekündigt", "Explosion" also finds "explodierte" — at a lower weight than the word's own
forms (archive.index.compile), so articles using the word itself rank first.

Families are derived, not listed: regular suffix rules (-ung, -ation, -ktion, -sion, -ssion,
-at, -ie, -i, -nahme on the noun side; -ieren, participles with and without ge-, -t/-te forms
on the verb side) propose candidate words, and only candidates that are words of the shipped
lexicon are kept. Guards: words under 5 letters (Rat, Tat), names, a short list of look-alikes
(Diplomat is no diplomieren, Taxi no taxieren), a verb must show a conjugated form in the
lexicon (so Zeitung does not lead to "zeiten", a plural of Zeit), a verb without a derived
noun has no family (raten is no relative of Rat or Rate), a verb with a separable relative
(kündigen: ankündigen) brings only its participle (kündigte may be "kündigte ... an"), and a
member whose stem is an unrelated word's stem brings only its other forms (bilden: Bild).
"""

from __future__ import annotations

from typing import NamedTuple

from archive.german.caching import remember
from archive.german.german_tokens import clean
from archive.german.lexicon import lexicon
from archive.german.stem_overrides import stems

MIN_LENGTH = 5
# Candidates rarer than this are noise of the frequency list, not words.
MIN_ZIPF = 2.0
# Look-alikes the rules would link although the words are unrelated, and participles that are
# words of their own ("wie gewohnt" is no Wohnung, "bestimmt" mostly "certainly").
_NOT_RELATED = frozenset("""diplomat diplomaten taxi taxis format formate formaten automat
automaten soldat soldaten salat salate senat senats prälat spinat spinate granat granate
pirat piraten kandidatur tomate tomaten regie regi
gewohnt gewohnte gewohnten bestimmt bestimmte bestimmten""".split())
_SEPARABLE = ("zurück", "fest", "teil", "nach", "weg", "auf", "aus", "bei", "ein", "mit", "vor",
              "ab", "an", "zu", "los", "her", "hin", "um")
_INSEPARABLE = ("be", "ent", "emp", "er", "ge", "miss", "ver", "zer", "über", "unter", "wider",
                "hinter")
# noun ending -> verb ending (the rest of the word is shared)
_NOUN_TO_VERB = (("ation", "ieren"), ("ktion", "zieren"), ("ssion", "tieren"),
                 ("sion", "dieren"), ("nahme", "nehmen"), ("ung", "en"), ("ung", "n"),
                 ("at", "ieren"), ("ie", "ieren"), ("i", "ieren"))


class Family(NamedTuple):
    """Related words of a query word and the index terms (stems) they add; empty if none."""

    words: tuple[str, ...]
    terms: tuple[str, ...]


_NONE = Family((), ())
_CACHE: dict[str, Family] = {}


def _known(word: str) -> bool:
    return word not in _NOT_RELATED and lexicon().zipf(word) >= MIN_ZIPF


def _verb_forms(verb: str) -> list[str]:
    """Conjugated forms of an infinitive that the lexicon knows (telefoniert, gekündigt,
    eingeladen, abgeschaltet, eröffnete)."""
    root = verb[:-2] if verb.endswith("en") else verb[:-1]
    t_ending = "et" if root.endswith(("t", "d")) or root.endswith(("chn", "ffn", "gn")) else "t"
    candidates = [root + t_ending, root + t_ending + "e", root + t_ending + "en"]
    if any(_known(prefix + verb) for prefix in _SEPARABLE):
        # "kündigte" is as often "kündigte ... an" (ankündigen, its prefix split off in a main
        # clause): with such a relative only the participle is unambiguous (gekündigt).
        candidates = []
    if not verb.endswith("ieren"):
        separable = next((prefix for prefix in _SEPARABLE
                          if verb.startswith(prefix) and len(verb) - len(prefix) >= 5), "")
        rest_verb, rest_root = verb[len(separable):], root[len(separable):]
        if not rest_verb.startswith(_INSEPARABLE):
            candidates.append(separable + "ge" + rest_root + t_ending)
            if separable:
                # A strong participle only with a separable prefix (eingeladen): without one,
                # ge- + infinitive is as often another word (Gezeiten, gemeinen).
                candidates.append(separable + "ge" + rest_verb)
        if verb.endswith("nehmen"):
            # The one irregular verb family the rules name (Übernahme, Teilnahme, Festnahme).
            base = verb[:-6]
            candidates += [base + "nimmt", base + "nahm", base + "nahmen"]
            candidates.append(separable + "genommen" if separable else base + "nommen")
    return [form for form in candidates if _known(form)]


def _colliding_stems(word: str, related: set[str]) -> set[str]:
    """Stems a family member shares with an unrelated word (bilden, bildet and Bild are all
    "bild"; halten/Halt; regieren/Regie): those terms would find that word, so they are left
    out of the family and only the member's other forms count."""
    if word.endswith("ieren"):
        others: tuple[str, ...] = (word[:-5] + "ie", word[:-5] + "i")
    elif word.endswith("en"):
        # Only short roots are nouns (Bild, Halt, Stelle); a long one with a prefix is a verb
        # form (übernehm, übernehme).
        root = word[:-2]
        others = (root, root + "e") if len(root) <= 5 else ()
    else:
        return set()
    return {term for other in others
            if other not in related and lexicon().zipf(other) >= MIN_ZIPF
            for term in stems(other)}


def _verb_of(word: str) -> str | None:
    """The infinitive behind a verb form, if the lexicon knows it (telefonierte ->
    telefonieren, gekündigt -> kündigen, eingeladen -> einladen)."""
    candidates: list[str] = []
    if word.endswith(("ieren", "iert", "ierte", "ierten")):
        candidates.append(word[:word.rindex("ier")] + "ieren")
    else:
        for prefix in _SEPARABLE + ("",):
            body = word[len(prefix):]
            if word.startswith(prefix) and body.startswith("ge") and len(body) >= 6:
                inner = body[2:]
                for ending in ("et", "t", "en"):
                    if inner.endswith(ending):
                        candidates.append(prefix + inner[:-len(ending)] + "en")
        if word.endswith("en"):
            candidates.append(word)
        for ending in ("ete", "eten", "te", "ten", "et", "t"):
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                candidates.append(word[:-len(ending)] + "en")
    return next((verb for verb in candidates if _known(verb) and _verb_forms(verb)), None)


def _nouns_of(verb: str) -> list[str]:
    """Nouns regularly derived from an infinitive (kündigen -> Kündigung, telefonieren ->
    Telefonat, Telefonie; explodieren -> Explosion; übernehmen -> Übernahme)."""
    candidates = [verb[:-len(verb_end)] + noun_end
                  for noun_end, verb_end in _NOUN_TO_VERB if verb.endswith(verb_end)]
    return [noun for noun in dict.fromkeys(candidates) if _known(noun)]


def _singulars(noun: str) -> list[str]:
    """The noun and, for a plural or genitive of a derived noun, its singular (Kündigungen,
    Explosionen, Telefonate, Telefonats -> Kündigung, Explosion, Telefonat)."""
    found = [noun]
    for ending, cut in (("ungen", 2), ("ionen", 2), ("aten", 2), ("ate", 1), ("ats", 1),
                        ("ien", 1), ("nahmen", 1)):
        if noun.endswith(ending):
            found.append(noun[:-cut])
    return found


def _verbs_of(noun: str) -> list[str]:
    found = [noun[:-len(noun_end)] + verb_end for noun_end, verb_end in _NOUN_TO_VERB
             if noun.endswith(noun_end) and len(noun) - len(noun_end) >= 3]
    return [verb for verb in dict.fromkeys(found) if _known(verb) and _verb_forms(verb)]


def word_family(surface: str) -> Family:
    """The family of one query word (a plain word, no hyphens), without the word's own stems.

    >>> word_family("Telefonat").words
    ('telefonieren', 'telefoniert', 'telefonierte', 'telefonierten', 'telefonie')
    >>> word_family("Rat"), word_family("Lage").words
    (Family(words=(), terms=()), ())
    """
    word = clean(surface).replace("ß", "ss")
    found = _CACHE.get(word)
    if found is None:
        found = _derive(word)
        remember(_CACHE, word, found, 10_000)
    return found


# Endings a family member can have (noun suffixes of _NOUN_TO_VERB, verb forms): other words
# are answered without loading the lexicon (a search for "Gespräch" never pays for it).
_FAMILY_ENDINGS = tuple({noun_end for noun_end, _ in _NOUN_TO_VERB} | {"n", "t", "te", "ats"})


def _derive(word: str) -> Family:
    if len(word) < MIN_LENGTH or not word.isalpha() or word in _NOT_RELATED:
        return _NONE
    if not word.endswith(_FAMILY_ENDINGS):
        return _NONE
    if lexicon().is_name(word) or lexicon().is_first_name(word):
        return _NONE
    related: list[str] = []
    for verb in [verb for noun in _singulars(word) for verb in _verbs_of(noun)]:
        related += [verb] + _verb_forms(verb)
        related += [noun for noun in _nouns_of(verb) if noun != word]
    if not related:
        verb = _verb_of(word)
        nouns = _nouns_of(verb) if verb else []
        if verb and nouns:
            related += nouns + [verb] + _verb_forms(verb)
    own = set(stems(word))
    words = [item for item in dict.fromkeys(related) if item != word]
    members = set(words) | {word}
    blocked = own.union(*(_colliding_stems(item, members) for item in words))
    terms = [term for item in words for term in stems(item) if term not in blocked]
    if not terms:
        return _NONE
    return Family(tuple(words), tuple(dict.fromkeys(terms)))


def clear_caches() -> None:
    """Forget derived families (tests and benchmarks)."""
    _CACHE.clear()

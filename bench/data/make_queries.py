"""Make the judged queries of bench/relevance.py: bench/data/relevance-queries.tsv.

    python bench/data/make_queries.py [--corpora DIR] [--fang 3000] [--out FILE]

Seeded and deterministic for a given corpus selection. Judgements never use the archive's
analysis: a query is a list of *concepts*, each a set of word forms (a regular expression
matched against whole lower-case words of headline and body), and an article is relevant when
every *required* concept of the query occurs in it in one of its forms. Forms come from
hand-written lists (the derived-word pairs and the topical queries below) or, for words drawn
from an article, from one plain rule (see `word_concept`). See bench/README.md for the kinds
and the limits of this set.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

BENCH = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BENCH))

from relevance import DEFAULT_CORPORA, DEFAULT_FANG, DEFAULT_QUERIES, Doc, load_corpus  # noqa: E402

SEED = 20250317
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
_INNER = re.compile(r"(?<=[a-zäöüß,] )[A-ZÄÖÜ][a-zäöüß]+\b")
MAX_KNOWN = 5  # a known-item query's relevant set is at most this big
# Whoosh's German stop words plus news words too common to be distinctive.
EXTRA_STOP = {
    "sagte", "sagt", "heute", "gestern", "morgen", "jahr", "jahre", "jahren", "prozent", "montag",
    "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "januar", "februar",
    "märz", "april", "juni", "juli", "august", "september", "oktober", "november", "dezember",
    "immer", "schon", "mehr", "sowie", "dabei", "damit", "denn", "diese", "dieser", "wurde",
    "wurden", "worden", "werden", "seit", "sollen", "sollte", "können", "könnte", "müssen",
    "beim", "vor", "nach", "laut", "etwa", "rund", "bereits", "dass", "wegen", "bisher",
    "unter", "zwei", "drei", "vier", "fünf", "zehn", "erste", "ersten", "neue", "neuen",
    "menschen", "zeit", "teil", "ende", "anfang", "seite", "zudem", "jedoch", "allerdings",
    "außerdem", "weitere", "weiteren", "sei", "seien", "hatte", "hätten", "hätte", "wäre",
    "gibt", "geht", "steht", "kommt", "macht", "lassen", "viele", "vielen", "einige", "einen",
    "eines", "einem", "wieder", "weil", "während", "gegen", "ohne", "über", "zwischen",
    "bild", "foto", "quelle", "video", "artikel", "woche", "wochen", "tage", "tagen",
}


def stop_words() -> frozenset[str]:
    from whoosh.lang import stopwords_for_language

    return frozenset(stopwords_for_language("de")) | frozenset(EXTRA_STOP)


# ---------------------------------------------------------------- concepts and the judge


@dataclass(frozen=True)
class Concept:
    """A query concept: a name (for notes) and a regex its forms match (whole lower-case word)."""

    name: str
    forms: str
    contains: str = ""  # a fast path for word_concept: every word containing this
    starts: str = ""  # ... or every word starting with this

    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.forms)


class Judge:
    """Which articles contain a concept in some form: words of the corpus -> articles."""

    def __init__(self, docs: Sequence[Doc]) -> None:
        self.docs = list(docs)
        self.keys = [doc.key for doc in docs]
        self.words: list[set[str]] = []
        self.cased: list[Counter[str]] = []
        self.titles: list[list[str]] = []
        self.inner: list[set[str]] = []  # capitalised inside a sentence: nouns and names
        postings: dict[str, set[int]] = defaultdict(set)
        for number, doc in enumerate(docs):
            tokens = _WORD.findall(doc.text)
            lower = {token.lower() for token in tokens}
            self.words.append(lower)
            self.cased.append(Counter(tokens))
            self.titles.append(_WORD.findall(doc.title))
            self.inner.append(set(_INNER.findall(doc.text)))
            for word in lower:
                postings[word].add(number)
        self.postings = dict(postings)
        self.vocabulary = sorted(self.postings)
        self._cache: dict[str, frozenset[int]] = {}

    def df(self, word: str) -> int:
        return len(self.postings.get(word.lower(), ()))

    def having(self, concept: Concept) -> frozenset[int]:
        """The articles with at least one word matching the concept's forms."""
        if concept.forms not in self._cache:
            found: set[int] = set()
            if concept.contains:
                words = [word for word in self.vocabulary if concept.contains in word]
            elif concept.starts:
                words = [word for word in self.vocabulary if word.startswith(concept.starts)]
            else:
                pattern = concept.pattern()
                words = [word for word in self.vocabulary if pattern.fullmatch(word)]
            for word in words:
                found |= self.postings[word]
            self._cache[concept.forms] = frozenset(found)
        return self._cache[concept.forms]

    def relevant(self, concepts: Iterable[Concept]) -> frozenset[int]:
        result: frozenset[int] | None = None
        for concept in concepts:
            have = self.having(concept)
            result = have if result is None else result & have
        return result or frozenset()


_SUFFIXES = ("ern", "en", "er", "es", "em", "e", "n", "s")


def word_concept(word: str) -> Concept:
    """The plain rule for a word taken from an article: strip one inflection ending (if at
    least five letters remain); the concept is every word containing that stem (inflected
    forms and compounds: "Fahrwerk" -> fahrwerk, fahrwerks, bugfahrwerk). Stems shorter than
    five letters must begin the word."""
    lower = word.lower()
    stem = lower
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 5:
            stem = lower[:-len(suffix)]
            break
    escaped = re.escape(stem)
    if len(stem) >= 5:
        return Concept(word, f"[a-zäöüß]*{escaped}[a-zäöüß]*", contains=stem)
    return Concept(word, f"{escaped}[a-zäöüß]*", starts=stem)


# ---------------------------------------------------------------- variations of a word

NUMBER_RULES = [("ungen", "ung"), ("ionen", "ion"), ("heiten", "heit"), ("keiten", "keit"),
                ("innen", "in"), ("täten", "tät"), ("schaften", "schaft"), ("ung", "ungen"),
                ("heit", "heiten"), ("keit", "keiten"), ("schaft", "schaften")]
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                         "ß": "ss"})


def number_variant(word: str) -> str | None:
    """Plural for singular or singular for plural, by the endings of NUMBER_RULES."""
    for old, new in NUMBER_RULES:
        if word.endswith(old) and len(word) > len(old) + 3:
            return word[:-len(old)] + new
    return None


def umlaut_variant(word: str) -> str | None:
    """The spelling without umlauts or ß (ae, oe, ue, ss), as on a keyboard without them."""
    spelled = word.translate(UMLAUTS)
    return spelled if spelled != word else None


# ---------------------------------------------------------------- hand-written derived pairs

# (noun a journalist types, regex of the noun's forms, regex of the verb's forms). A query with
# the noun is made from an article that has the verb but no form of the noun; judged by both.
DERIVED = [
    ("Telefonat", r"[a-zäöüß]*telefonat[a-zäöüß]*|[a-zäöüß]*telefongespräch[a-zäöüß]*",
     r"(ge)?telefonier[a-zäöüß]*"),
    ("Übernahme", r"[a-zäöüß]*übernahme[a-zäöüß]*",
     r"übernimmt|übernahm|übernahmst|übernommen[a-zäöüß]*|übernehmen|übernehme|übernehmend[a-z]*"),
    ("Entlassung", r"[a-zäöüß]*entlassung[a-zäöüß]*",
     r"entlassen[a-zäöüß]*|entlässt|entließ[a-zäöüß]*"),
    ("Eröffnung", r"[a-zäöüß]*eröffnung[a-zäöüß]*", r"eröffne|eröffnen|eröffnet[a-zäöüß]*"),
    ("Einladung", r"[a-zäöüß]*einladung[a-zäöüß]*", r"eingeladen[a-zäöüß]*|einladen|einlädt"),
    ("Abschaltung", r"[a-zäöüß]*abschaltung[a-zäöüß]*",
     r"abgeschaltet[a-zäöüß]*|abschalten|abzuschalten|abschaltet"),
    ("Explosion", r"[a-zäöüß]*explosion[a-zäöüß]*", r"(ge)?explodier[a-zäöüß]*"),
    ("Dementi", r"[a-zäöüß]*dementi|[a-zäöüß]*dementis", r"dementier[a-zäöüß]*"),
    ("Kündigung", r"(?!an)[a-zäöüß]*kündigung[a-zäöüß]*",
     r"gekündigt[a-zäöüß]*|kündigen|kündigt|kündigte[a-zäöüß]*"),
    ("Festnahme", r"[a-zäöüß]*festnahme[a-zäöüß]*", r"festgenommen[a-zäöüß]*|festnehmen|festzunehmen"),
    ("Verhaftung", r"[a-zäöüß]*verhaftung[a-zäöüß]*", r"verhaftet[a-zäöüß]*|verhaften"),
    ("Rücktritt", r"[a-zäöüß]*rücktritt[a-zäöüß]*",
     r"zurückgetreten|zurücktreten|zurückzutreten|zurücktritt"),
    ("Schließung", r"(?!(er|be|ent|auf|ein|an|aus|zusammen|ehe))[a-zäöüß]*schließung[a-zäöüß]*",
     r"geschlossen[a-zäöüß]*|schließen|schließt"),
    ("Verurteilung", r"[a-zäöüß]*verurteilung[a-zäöüß]*",
     r"verurteilt[a-zäöüß]*|verurteilen|verurteilte[a-zäöüß]*"),
    ("Ermittlung", r"[a-zäöüß]*ermittlung[a-zäöüß]*",
     r"ermittelt|ermitteln|ermittelte[a-zäöüß]*|ermittelnd[a-zäöüß]*"),
    ("Absage", r"[a-zäöüß]*absage[a-zäöüß]*", r"abgesagt[a-zäöüß]*|abzusagen"),
    ("Verschiebung", r"[a-zäöüß]*verschiebung[a-zäöüß]*",
     r"verschoben[a-zäöüß]*|verschieben|verschiebt"),
    ("Entführung", r"[a-zäöüß]*entführung[a-zäöüß]*", r"entführt[a-zäöüß]*|entführen"),
    ("Erhöhung", r"[a-zäöüß]*erhöhung[a-zäöüß]*", r"erhöht|erhöhen|erhöhte[a-zäöüß]*"),
    ("Unterzeichnung", r"[a-zäöüß]*unterzeichnung[a-zäöüß]*",
     r"unterzeichnet[a-zäöüß]*|unterzeichnen|unterzeichnete[a-zäöüß]*"),
    ("Landung", r"[a-zäöüß]*landung[a-zäöüß]*", r"gelandet|landete[a-zäöüß]*|landen|landet"),
    ("Streik", r"[a-zäöüß]*streik|[a-zäöüß]*streiks|[a-zäöüß]*streike",
     r"streikt[a-zäöüß]*|streiken|gestreikt[a-zäöüß]*|streikende[a-zäöüß]*"),
    ("Zulassung", r"[a-zäöüß]*zulassung[a-zäöüß]*", r"zugelassen[a-zäöüß]*|zulassen|zuzulassen"),
    ("Investition", r"[a-zäöüß]*investition[a-zäöüß]*", r"(ge)?investier[a-zäöüß]*"),
    ("Verhandlung", r"[a-zäöüß]*verhandlung[a-zäöüß]*",
     r"verhandelt[a-zäöüß]*|verhandeln|verhandelte[a-zäöüß]*"),
    ("Warnung", r"[a-zäöüß]*warnung[a-zäöüß]*", r"warnt|warnte[a-zäöüß]*|gewarnt|warnen"),
    ("Demonstration", r"[a-zäöüß]*demonstration[a-zäöüß]*",
     r"demonstrier[a-zäöüß]*|demonstriert[a-zäöüß]*"),
    ("Rettung", r"(?!(er|be))[a-zäöüß]*rettung[a-zäöüß]*", r"gerettet[a-zäöüß]*|retten|rettete[a-zäöüß]*"),
    ("Gründung", r"(?!be)[a-zäöüß]*gründung[a-zäöüß]*", r"gegründet[a-zäöüß]*|gründete[a-zäöüß]*"),
    ("Abschiebung", r"[a-zäöüß]*abschiebung[a-zäöüß]*",
     r"abgeschoben[a-zäöüß]*|abschieben|abzuschieben"),
    ("Einführung", r"[a-zäöüß]*einführung[a-zäöüß]*", r"eingeführt[a-zäöüß]*|einführen|einzuführen"),
    ("Beschluss", r"[a-zäöüß]*beschluss[a-zäöüß]*|[a-zäöüß]*beschlüsse[a-zäöüß]*",
     r"beschlossen[a-zäöüß]*|beschließen|beschließt|beschloss"),
]


# ---------------------------------------------------------------- the queries


@dataclass
class Query:
    kind: str
    words: list[str]
    required: list[Concept]
    source: str = ""
    note: str = ""
    optional: list[Concept] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.words)


class Maker:
    def __init__(self, docs: Sequence[Doc]) -> None:
        self.judge = Judge(docs)
        self.stop = stop_words()
        self.rng = random.Random(SEED)
        self.used_sources: set[str] = set()
        self.order = list(range(len(docs)))
        self.rng.shuffle(self.order)

    def distinctive(self, number: int, max_df: int = 25) -> list[str]:
        """Capitalised words (nouns, names) of at least five letters, rare in the corpus, from
        the headline or used at least twice: what a reader remembers of an article."""
        title = set(self.judge.titles[number])
        inner = self.judge.inner[number]
        scored = []
        for word, count in self.judge.cased[number].items():
            lower = word.lower()
            if len(word) < 5 or not word[0].isupper() or word.isupper() or lower in self.stop \
                    or word not in inner:
                continue
            df = self.judge.df(lower)
            if (word in title or count >= 2) and 1 <= df <= max_df:
                scored.append(((count + (3 if word in title else 0)) / df, word))
        return sorted(word for _, word in sorted(scored, reverse=True)[:8])

    def known_set(self, number: int, words: Sequence[str]) -> frozenset[int] | None:
        relevant = self.judge.relevant(word_concept(word) for word in words)
        if number not in relevant or len(relevant) > MAX_KNOWN:
            return None
        return relevant

    def pick_words(self, number: int, size: int, avoid: str = "") -> list[str] | None:
        """`size` distinctive words of the article that together find at most MAX_KNOWN."""
        candidates = [word for word in self.distinctive(number)
                      if not avoid or avoid[:5].lower() not in word.lower()]
        if len(candidates) < size:
            return None
        for _ in range(12):
            words = self.rng.sample(candidates, size)
            if self.known_set(number, words) is not None:
                return words
        return None

    def next_sources(self) -> Iterable[int]:
        for number in self.order:
            if self.judge.keys[number] not in self.used_sources:
                yield number

    def claim(self, number: int) -> str:
        key = self.judge.keys[number]
        self.used_sources.add(key)
        return key

    # -- known-item queries, as written or varied by one rule

    def known_items(self, count: int, kind: str) -> list[Query]:
        queries: list[Query] = []
        for number in self.next_sources():
            if len(queries) >= count:
                break
            size = self.rng.choice((2, 2, 3))
            words = self.pick_words(number, size)
            if words is None:
                continue
            concepts = [word_concept(word) for word in words]
            text_words = self.judge.words[number]
            note = "as written"
            if kind == "known-item":
                if self.rng.random() < 0.3:
                    words = [word.lower() for word in words]
                    note = "lower case"
            elif kind == "number":
                varied = [(i, number_variant(w)) for i, w in enumerate(words)]
                varied = [(i, v) for i, v in varied if v and v.lower() not in text_words]
                if not varied:
                    continue
                i, variant = varied[0]
                note = f"{words[i]} -> {variant}"
                words[i] = variant
            elif kind == "umlaut":
                varied = [(i, umlaut_variant(w)) for i, w in enumerate(words)]
                varied = [(i, v) for i, v in varied if v and v.lower() not in text_words]
                if not varied:
                    continue
                i, variant = varied[0]
                note = f"{words[i]} -> {variant}"
                words[i] = variant
            elif kind == "compound":
                split = None
                for i, word in enumerate(words):
                    parts = self.split_compound(word)
                    if parts:
                        split = (i, parts)
                        break
                if split is None:
                    continue
                i, parts = split
                note = f"{words[i]} -> {' '.join(parts)}"
                concepts = [c for j, c in enumerate(concepts) if j != i] + \
                    [word_concept(part) for part in parts]
                words = words[:i] + parts + words[i + 1:]
                if len(words) > 4 or len({w.lower() for w in words}) < len(words) or number not in self.judge.relevant(concepts):
                    continue
            relevant = self.judge.relevant(concepts)
            if len(relevant) > MAX_KNOWN:
                continue
            queries.append(self.finish(Query(kind, words, concepts, self.claim(number), note)))
        return queries

    def split_compound(self, word: str) -> list[str] | None:
        """A compound as its two parts, when both are common words of the corpus (a capitalised
        head of at least four letters, a first part of at least four, an optional linking s):
        "Gesundheitsminister" -> "Gesundheit Minister"."""
        lower = word.lower()
        for cut in range(4, len(lower) - 3):
            head = lower[cut:]
            for first in (lower[:cut], lower[:cut - 1] if lower[cut - 1] == "s" else None):
                if not first or len(first) < 4 or len(head) < 5:
                    continue
                if self.judge.df(first) >= 30 and self.judge.df(head) >= 30 \
                        and first not in self.stop and head not in self.stop:
                    return [first.capitalize(), head.capitalize()]
        return None

    # -- the noun of a verb the article uses

    def derived(self, per_pair: int, first_pairs: int, per_first: int) -> list[Query]:
        queries: list[Query] = []
        for index, (noun, noun_forms, verb_forms) in enumerate(DERIVED):
            wanted = per_first if index < first_pairs else per_pair
            noun_docs = self.judge.having(Concept(noun, noun_forms))
            verb_docs = self.judge.having(Concept(noun, verb_forms))
            family = Concept(noun, f"(?:{noun_forms})|(?:{verb_forms})")
            made = 0
            for number in self.next_sources():
                if made >= wanted:
                    break
                if number not in verb_docs or number in noun_docs:
                    continue
                words = self.pick_words(number, self.rng.choice((1, 2, 2)), avoid=noun)
                if words is None:
                    continue
                concepts = [word_concept(word) for word in words] + [family]
                if len(self.judge.relevant(concepts)) > MAX_KNOWN:
                    continue
                verbs = sorted(w for w in self.judge.words[number]
                               if re.fullmatch(verb_forms, w))
                queries.append(self.finish(Query("derived", words + [noun], concepts,
                                                 self.claim(number),
                                                 f"text has {', '.join(verbs[:2])}")))
                made += 1
        return queries

    # -- four words, one of which the article lacks

    def absent_word(self, count: int) -> list[Query]:
        queries: list[Query] = []
        for number in self.next_sources():
            if len(queries) >= count:
                break
            words = self.pick_words(number, 3)
            if words is None:
                continue
            concepts = [word_concept(word) for word in words]
            extra = self.related_absent(number, concepts)
            if extra is None:
                continue
            position = self.rng.randrange(4)
            query_words = words[:position] + [extra] + words[position:]
            queries.append(self.finish(Query("absent-word", query_words, concepts,
                                             self.claim(number), f"{extra} not in the article",
                                             optional=[word_concept(extra)])))
        return queries

    def related_absent(self, number: int, concepts: Sequence[Concept]) -> str | None:
        """A capitalised word common in the articles sharing any of the query's concepts but
        absent in every form from this article: a word the searcher associates with the topic."""
        neighbours: set[int] = set()
        for concept in concepts:
            neighbours |= self.judge.having(concept)
        neighbours.discard(number)
        if len(neighbours) < 3:
            return None
        counts: Counter[str] = Counter()
        for other in neighbours:
            counts.update(word for word in self.judge.cased[other]
                          if len(word) >= 5 and word[0].isupper() and not word.isupper()
                          and word.lower() not in self.stop)
        best = None
        for word, together in counts.most_common(200):
            if together < 2:
                break
            concept = word_concept(word)
            if number in self.judge.having(concept):
                continue
            if any(word.lower()[:5] in other.name.lower() or other.name.lower()[:5] in word.lower()
                   for other in concepts):
                continue
            df = self.judge.df(word)
            if not 5 <= df <= 400:
                continue
            weight = together / df ** 0.5
            if best is None or weight > best[0]:
                best = (weight, word)
        return best[1] if best else None

    def finish(self, query: Query) -> Query:
        return query


# ---------------------------------------------------------------- hand-written topical queries

# (query as typed, [(concept name, regex of its forms)]): several relevant articles each; the
# query's words are often not the texts' forms (noun for verb, singular, compound or parts).
W = r"[a-zäöüß]*"
CORONA = rf"{W}corona{W}|{W}covid{W}|sars|{W}coronavirus{W}"
DEAD = rf"tote|toten|{W}todesopfer{W}|getötet{W}|starben|gestorben|umgekommen{W}|{W}verstorben{W}"
TEST = rf"(?!(pro|at|kon))[a-zäöüß]*test(s|e|en|ergebnis{W}|pflicht{W}|zentr{W})?|getestet{W}|testen|testet"
TOPICAL: list[tuple[str, list[tuple[str, str]]]] = [
    ("Maskenpflicht Schule", [("Maskenpflicht", rf"{W}maskenpflicht{W}"),
                              ("Schule", rf"{W}schule(n)?|schul(?![dzt]){W}|{W}schüler{W}")]),
    ("Impfstoff Zulassung", [("Impfstoff", rf"{W}impfst(o|ö)ff{W}|{W}vakzin{W}"),
                             ("Zulassung", rf"{W}zulassung{W}|zugelassen{W}|zulassen|zuzulassen")]),
    ("Lockdown Verlängerung", [("Lockdown", rf"{W}lockdown{W}|{W}shutdown{W}"),
                               ("Verlängerung", rf"{W}verlängerung{W}|verlängert{W}|verlängern")]),
    ("Querdenker Demo Berlin", [("Querdenker", rf"{W}querdenk{W}"),
                                ("Demo", rf"{W}demo(s)?|{W}demonstration{W}|demonstrier{W}|{W}kundgebung{W}"),
                                ("Berlin", rf"berlin{W}")]),
    ("Spahn Impfstrategie", [("Spahn", rf"spahn{W}"), ("Impfstrategie", rf"{W}impfstrategie{W}")]),
    ("Kurzarbeit Lufthansa", [("Kurzarbeit", rf"{W}kurzarbeit{W}"), ("Lufthansa", rf"lufthansa{W}")]),
    ("Trump Wahlbetrug", [("Trump", rf"trump{W}"),
                          ("Wahlbetrug", rf"{W}wahlbetrug{W}|{W}wahlfälschung{W}")]),
    ("Drosten Studie Kinder", [("Drosten", rf"drosten{W}"), ("Studie", rf"{W}studie(n)?"),
                               ("Kinder", rf"{W}kind(er|ern|es)?|{W}kinder{W}")]),
    ("Schweden Sonderweg", [("Schweden", rf"schwed{W}"), ("Sonderweg", rf"{W}sonderweg{W}")]),
    ("Ausgangssperre Frankreich", [("Ausgangssperre", rf"{W}ausgangssperre{W}|{W}ausgangsbeschränkung{W}"),
                                   ("Frankreich", rf"frankreich{W}|französisch{W}")]),
    ("Grenzschliessung Österreich", [("Grenzschließung", rf"{W}grenzschließung{W}|{W}grenzschliessung{W}|{W}grenzkontroll{W}"),
                                     ("Österreich", rf"österreich{W}")]),
    ("Flüchtling Obergrenze", [("Flüchtling", rf"{W}flüchtling{W}|{W}geflüchtet{W}|{W}asylwerber{W}|{W}asylsuchend{W}"),
                               ("Obergrenze", rf"{W}obergrenze{W}")]),
    ("Asylantrag Deutschland", [("Asylantrag", rf"{W}asylantr(a|ä)g{W}"), ("Deutschland", rf"deutschland{W}")]),
    ("Champions League Bayern", [("Champions", r"champions"), ("League", r"league"), ("Bayern", rf"bayern{W}")]),
    ("Erdbeben Tote", [("Erdbeben", rf"{W}erdbeben{W}|{W}beben"), ("Tote", DEAD)]),
    ("Flugzeug Absturz", [("Flugzeug", rf"{W}flugzeug{W}|{W}flieger{W}"),
                          ("Absturz", rf"{W}absturz{W}|{W}abstürz{W}|abgestürzt{W}|stürzte{W}")]),
    ("Hochwasser Evakuierung", [("Hochwasser", rf"{W}hochwasser{W}|{W}überschwemm{W}"),
                                ("Evakuierung", rf"{W}evakuier{W}")]),
    ("Wirecard Pleite", [("Wirecard", rf"wirecard{W}"),
                         ("Pleite", rf"{W}pleite{W}|{W}insolvenz{W}|insolvent{W}|{W}zusammenbruch{W}")]),
    ("Biontech Pfizer Wirksamkeit", [("Biontech", rf"biontech{W}"), ("Pfizer", rf"pfizer{W}"),
                                     ("Wirksamkeit", rf"{W}wirksam{W}")]),
    ("Merkel Ministerpräsidenten Beschluss", [("Merkel", rf"merkel{W}"),
                                              ("Ministerpräsident", rf"{W}ministerpräsident{W}|{W}länderchef{W}"),
                                              ("Beschluss", rf"{W}beschluss{W}|{W}beschlüsse{W}|beschlossen{W}|beschließen|beschließt|beschloss")]),
    ("Homeoffice Pflicht", [("Homeoffice", rf"{W}homeoffice{W}|office"),
                            ("Pflicht", rf"{W}pflicht{W}|verpflicht{W}")]),
    ("Reisewarnung Spanien", [("Reisewarnung", rf"{W}reisewarnung{W}"),
                              ("Spanien", rf"spanien{W}|spanisch{W}|mallorca{W}")]),
    ("Quarantäne Rückkehrer", [("Quarantäne", rf"{W}quarantäne{W}"), ("Rückkehrer", rf"{W}rückkehrer{W}")]),
    ("Intensivbetten Auslastung", [("Intensivbetten", rf"{W}intensivbett{W}|{W}intensivstation{W}"),
                                   ("Auslastung", rf"{W}auslastung{W}|ausgelastet{W}|{W}belegung{W}")]),
    ("Corona Tote Italien", [("Corona", CORONA), ("Tote", DEAD), ("Italien", rf"italien{W}")]),
    ("Impfpflicht Verfassung", [("Impfpflicht", rf"{W}impfpflicht{W}|{W}zwangsimpf{W}"),
                                ("Verfassung", rf"{W}verfassung{W}|{W}grundgesetz{W}")]),
    ("Polizeigewalt Demonstranten", [("Polizei", rf"{W}polizei{W}|{W}polizist{W}"), ("Gewalt", rf"{W}gewalt{W}"),
                                     ("Demonstranten", rf"{W}demonstrant{W}")]),
    ("Bill Gates Impfung", [("Gates", rf"gates"), ("Impfung", rf"{W}impf{W}|geimpft{W}")]),
    ("Biden Wahlsieg", [("Biden", rf"biden{W}"),
                        ("Wahlsieg", rf"{W}wahlsieg{W}|{W}sieg(er|es|e)?|gewonnen|gewann|gewinnt")]),
    ("Hypo Heta Gläubiger", [("Hypo", rf"hypo{W}"), ("Heta", rf"heta{W}"), ("Gläubiger", rf"{W}gläubiger{W}")]),
    ("Griechenland Schulden Einigung", [("Griechenland", rf"griech{W}"), ("Schulden", rf"{W}schulden{W}"),
                                        ("Einigung", rf"{W}einigung{W}|geeinigt{W}|einig(en|t|te)")]),
    ("Faymann Rücktritt", [("Faymann", rf"faymann{W}"),
                           ("Rücktritt", rf"{W}rücktritt{W}|zurückgetreten|zurücktreten|zurückzutreten|zurücktritt")]),
    ("Rauchverbot Gastro", [("Rauchverbot", rf"{W}rauchverbot{W}|{W}nichtraucherschutz{W}"),
                            ("Gastronomie", rf"{W}gastro{W}")]),
    ("Kita Schließung", [("Kita", rf"{W}kita(s)?|{W}kindergärten|{W}kindergarten{W}"),
                         ("Schließung", rf"{W}schließung{W}|geschlossen{W}|schließen|schließt")]),
    ("Mehrwertsteuer Senkung", [("Mehrwertsteuer", rf"{W}mehrwertsteuer{W}"),
                                ("Senkung", rf"{W}senkung{W}|gesenkt{W}|senken|senkt")]),
    ("Kanzlerkandidat Union", [("Kanzlerkandidat", rf"{W}kanzlerkandidat{W}"), ("Union", rf"union|cdu|csu")]),
    ("Brexit Verhandlungen", [("Brexit", rf"brexit{W}"),
                              ("Verhandlung", rf"{W}verhandlung{W}|verhandelt{W}|verhandeln|verhandelte{W}")]),
    ("Tedros Pandemie", [("Tedros", rf"tedros{W}"), ("Pandemie", rf"{W}pandemie{W}")]),
    ("Tönnies Schlachthof Ausbruch", [("Tönnies", rf"tönnies{W}"),
                                      ("Schlachthof", rf"{W}schlachthof{W}|{W}schlachthöfe{W}|{W}schlachtbetrieb{W}|{W}fleischindustrie{W}"),
                                      ("Ausbruch", rf"{W}ausbruch{W}|{W}ausbrüche{W}|{W}infektionsherd{W}|{W}hotspot{W}")]),
    ("Ischgl Infektionen", [("Ischgl", rf"ischgl{W}"),
                            ("Infektion", rf"{W}infektion{W}|infiziert{W}|angesteckt{W}|{W}ansteckung{W}")]),
    ("Kreuzfahrtschiff Corona", [("Kreuzfahrt", rf"{W}kreuzfahrt{W}"), ("Corona", CORONA)]),
    ("Briefwahl Betrug", [("Briefwahl", rf"{W}briefwahl{W}"),
                          ("Betrug", rf"{W}betrug{W}|{W}fälschung{W}|gefälscht{W}|manipul{W}")]),
    ("Lehrer Gewerkschaft Präsenzunterricht", [("Lehrer", rf"{W}lehrer{W}|{W}lehrkr(a|ä)ft{W}"),
                                               ("Gewerkschaft", rf"{W}gewerkschaft{W}"),
                                               ("Präsenzunterricht", rf"{W}präsenz{W}")]),
    ("Atomkraftwerk Abschaltung", [("Atomkraftwerk", rf"{W}atomkraft{W}|{W}akw{W}|{W}kernkraft{W}"),
                                   ("Abschaltung", rf"{W}abschaltung{W}|abgeschaltet{W}|abschalten|abzuschalten|{W}ausstieg{W}")]),
    ("Antikörper Test", [("Antikörper", rf"{W}antikörper{W}"), ("Test", TEST)]),
    ("Musk Tesla Fabrik", [("Musk", r"musk|musks"), ("Tesla", rf"tesla{W}"),
                           ("Fabrik", rf"{W}fabrik{W}|gigafactory{W}|{W}werk(s|e|en)?")]),
    ("Erdogan Putsch", [("Erdoğan", rf"erdo(g|ğ)an{W}"), ("Putsch", rf"{W}putsch{W}|geputscht{W}")]),
]


def topical(judge: Judge) -> list[Query]:
    queries = []
    for text, concepts in TOPICAL:
        required = [Concept(name, forms) for name, forms in concepts]
        found = len(judge.relevant(required))
        if found < 2:  # a topical query needs several relevant articles in this corpus
            print(f"topical query dropped ({found} relevant): {text}", file=sys.stderr)
            continue
        queries.append(Query("topical", text.split(), required, "", "hand-written forms"))
    return queries


# ---------------------------------------------------------------- writing


def write(queries: Sequence[Query], judge: Judge, out: Path) -> None:
    lines = ["kind\tquery\trelevant\tsource\tnote"]
    for query in queries:
        relevant = judge.relevant(query.required)
        keys = sorted(judge.keys[number] for number in relevant)
        if query.source and query.source in keys:  # the article the query was made from first
            keys.remove(query.source)
            keys.insert(0, query.source)
        lines.append("\t".join((query.kind, query.text, " ".join(keys), query.source,
                                query.note)))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--fang", type=int, default=DEFAULT_FANG)
    parser.add_argument("--out", type=Path, default=DEFAULT_QUERIES)
    options = parser.parse_args(argv)
    docs = load_corpus(options.corpora, options.fang)
    maker = Maker(docs)
    queries = topical(maker.judge)
    for kind, count in (("known-item", 30), ("number", 15), ("umlaut", 12), ("compound", 15)):
        queries += maker.known_items(count, kind)
    queries += maker.derived(per_pair=1, first_pairs=9, per_first=2)
    queries += maker.absent_word(30)
    empty = [query.text for query in queries if not maker.judge.relevant(query.required)]
    if empty:
        print(f"queries without a relevant article (dropped): {empty}", file=sys.stderr)
    queries = [query for query in queries if maker.judge.relevant(query.required)]
    write(queries, maker.judge, options.out)
    counts = Counter(query.kind for query in queries)
    print(f"{len(queries)} queries: {dict(counts)} -> {options.out}")


if __name__ == "__main__":
    main()

"""Turn a parsed query (`archive.query.ast`) into a Whoosh query.

A free word W is searched in title (boosted), teaser and body through the German analysis:
an Or over the word's alternatives, each alternative its terms side by side in one indexed
compound or near each other in the text (so a compound's parts are required together and
close, never one of them alone), plus the terms of the word's family at a lower weight. The
same word in the `exact` field (surface form) adds score, so literal matches rank first.
Quoted phrases and `=word` search the exact field only.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh import matching
from whoosh.matching import ListMatcher
from whoosh.query.spans import SpanNear2, SpanOr
from whoosh.fields import NUMERIC
from whoosh.query.compound import DefaultOr

from archive.errors import QueryError
from archive.german import query_terms
from archive.index.schema import TEXT_FIELDS, day_number
from archive.index.segment_caches import words_with_prefix
from archive.query import ast


# How far apart (in positions, stop words counted) a compound's parts may stand when written
# as separate words: "Gesetz zum Schutz des Klimas" spans 4, "System nutzt mehrere Satelliten"
# 3. Parts of one compound share a position, so they are always near.
NEAR_SLOP = 5
# The weight of a word-family term against the word's own terms (1.0).
FAMILY_BOOST = 0.3
# Written forms of one part looked up at most (a stem has a handful; a safety net).
MAX_FORMS = 200
# The distinct index words a query's wildcards (`ge*`) may expand to, in all. Ranking ORs a
# posting list per expanded word and field: `ge*` is 8,000 words on 2,906 news articles and
# took 2-20 s, five short prefixes ORed 5-47 s, and both grow with the archive; a useful
# prefix (`Satell*`, `Impfstoff*`) expands to tens or hundreds. Checked by
# archive.index.docsets before any posting is read, so a refusal costs milliseconds.
MAX_PREFIX_TERMS = 2_000


class WordPrefix(wq.Prefix):
    """A trailing wildcard the user wrote (`Satell*`, `author:Kle*`): Whoosh's Prefix, plus how
    it was written (`shown`) and the whole query (`source`), for the one-line refusal when the
    query's wildcards expand past MAX_PREFIX_TERMS. (Attributes, not constructor arguments:
    Whoosh copies queries with copy.copy, which keeps them.)"""

    shown = ""
    source = ""


def _word_prefix(fieldname: str, text: str, shown: str, source: str) -> WordPrefix:
    query = WordPrefix(fieldname, text)
    query.shown = shown
    query.source = source
    return query


class IdSetQuery(wq.Query):
    """Articles given by id: what `tag:`, `note:` (resolved through the store) stand for.

    It matches the live documents holding one of the ids in the unique `id` field, each with
    score 0: being tagged says nothing about how well an article fits the words, so ranking
    stays the words' BM25F. archive.index.docsets evaluates it as a set directly."""

    def __init__(self, ids: frozenset[str], label: str = "ids") -> None:
        self.ids = ids
        self.label = label
        self.boost = 1.0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IdSetQuery) and other.ids == self.ids

    def __hash__(self) -> int:
        return hash((IdSetQuery, self.ids))

    def __repr__(self) -> str:
        return f"IdSetQuery({self.label!r}, {len(self.ids)} ids)"

    def __str__(self) -> str:
        return f"{self.label}[{len(self.ids)} articles]"

    __unicode__ = __str__

    def estimate_size(self, ixreader) -> int:  # type: ignore[no-untyped-def]
        return len(self.ids)

    def estimate_min_size(self, ixreader) -> int:  # type: ignore[no-untyped-def]
        return 0

    def docnums(self, reader) -> list[int]:  # type: ignore[no-untyped-def]
        """The live document numbers (local to `reader`) holding one of the ids, ascending."""
        found: set[int] = set()
        for article_id in self.ids:
            if ("id", article_id) in reader:
                found.update(reader.postings("id", article_id).all_ids())
        if reader.has_deletions():
            found = {docnum for docnum in found if not reader.is_deleted(docnum)}
        return sorted(found)

    def matcher(self, searcher, context=None):  # type: ignore[no-untyped-def]
        docnums = self.docnums(searcher.reader())
        if not docnums:
            return matching.NullMatcher()
        # A weight per posting: ListMatcher reads all_weights=0.0 as "not given" (1.0).
        return ListMatcher(docnums, weights=[0.0] * len(docnums))


@dataclass
class HighlightTerms:
    """The terms a result snippet should mark: stemmed-field terms, exact terms, prefixes."""

    text: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)


@dataclass
class Compiled:
    """A Whoosh query and what to highlight for it."""

    query: wq.Query
    highlight: HighlightTerms


def compile_query(node: ast.Node, source: str = "") -> Compiled:
    """Compile a parsed query; `source` is the user's text, for error messages."""
    highlight = HighlightTerms()
    compiled = _Compiler(highlight, source).node(node, positive=True)
    if compiled is None:
        raise QueryError(source, "the query has only stop words; put it in quotes to search "
                                 "these exact words")
    return Compiled(compiled, highlight)


def compile_filter(node: ast.Node) -> wq.Query | None:
    """Compile filter conditions (options such as --outlet); None for no restriction."""
    if isinstance(node, ast.MatchAll):
        return None
    return _Compiler(HighlightTerms(), "").node(node, positive=False)


class _Compiler:
    def __init__(self, highlight: HighlightTerms, source: str) -> None:
        self.highlight = highlight
        self.source = source

    def node(self, node: ast.Node, positive: bool) -> wq.Query | None:
        if isinstance(node, ast.Word):
            return self.word(node, positive)
        if isinstance(node, ast.Phrase):
            return self.phrase(node, positive)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.YearRange):
            return _closed_range("year", node.low, node.high)
        if isinstance(node, ast.DateRange):
            return self.date_range(node)
        if isinstance(node, ast.IdPrefix):
            return wq.Prefix("id", node.text)
        if isinstance(node, ast.IdSet):
            return IdSetQuery(node.ids, node.label)
        if isinstance(node, (ast.Tag, ast.Note, ast.SavedQuery)):
            # Not resolved through the store (archive.research.resolve), as when a query is
            # only checked or explained before the store is opened: it stands for no article.
            return IdSetQuery(frozenset(), ast.describe(node))
        if isinstance(node, ast.MatchAll):
            return wq.Every()
        if isinstance(node, ast.Not):
            inner = self.node(node.item, positive=False)
            return None if inner is None else wq.Not(inner)
        items = [self.node(item, positive) for item in node.items]
        kept = [item for item in items if item is not None]
        if not kept:
            return None
        if isinstance(node, ast.Or):
            return kept[0] if len(kept) == 1 else DefaultOr(kept)
        if all(isinstance(item, wq.Not) for item in kept):
            kept.insert(0, wq.Every())
        return kept[0] if len(kept) == 1 else wq.And(kept)

    def fields_of(self, node_field: str | None) -> list[str]:
        return [node_field] if node_field else list(TEXT_FIELDS)

    def word(self, node: ast.Word, positive: bool) -> wq.Query | None:
        if node.prefix:
            prefix = query_terms.prefix_term(node.text)
            if positive:
                self.highlight.prefixes.add(prefix)
            shown = node.text + "*"
            return _any([_word_prefix(name, prefix, shown, self.source)
                         for name in self.fields_of(node.field)]
                        + ([_word_prefix("exact", prefix, shown, self.source)]
                           if node.field is None else []))
        exact_terms = query_terms.exact_query_terms(node.text)
        exact = _sequence("exact", exact_terms)
        if node.exact:
            if positive:
                self.highlight.exact.update(exact_terms)
            return exact
        alternatives = query_terms.text_query_terms(node.text)
        if not alternatives:
            return None
        family = query_terms.family_query_terms(node.text)
        if positive:
            self.highlight.text.update(term for alternative in alternatives for term in alternative)
            self.highlight.text.update(family)
        # Each alternative needs all its terms side by side in one compound or near each other
        # in the text (a compound's parts written apart: "Gesetz zum Schutz des Klimas"), never
        # one part alone and never parts scattered over unrelated words of the article ("warm"
        # ... "Pumpspeicherwerke").
        fields = self.fields_of(node.field)
        options = [_alternative(fields, alternative) for alternative in alternatives]
        # Derived words of the same family (Telefonat: telefonierte) count, at a lower weight.
        options += [_any([wq.Term(name, term, boost=FAMILY_BOOST) for name in fields])
                    for term in family]
        if node.field is None and exact is not None:
            options.append(exact)
        return _any(options)

    def phrase(self, node: ast.Phrase, positive: bool) -> wq.Query | None:
        terms = query_terms.exact_query_terms(node.text)
        if not terms:
            raise QueryError(self.source, f'the phrase "{node.text}" has no words')
        if positive:
            self.highlight.exact.update(terms)
        exact = _sequence("exact", terms)
        if node.field is None:
            return exact
        # The exact field mixes title, teaser and body: require the words in the named field too.
        stems = [term for word in node.text.split()
                 for alternative in query_terms.text_query_terms(word)[:1] for term in alternative]
        return _all([exact] + [wq.Term(node.field, stem) for stem in stems])

    def name(self, node: ast.Name) -> wq.Query | None:
        terms = query_terms.name_query_terms(node.text)
        if not terms:
            raise QueryError(self.source, f"{node.field}:{node.text} has no letters or digits")
        if node.prefix:
            return _all([wq.Term(node.field, term) for term in terms[:-1]]
                        + [_word_prefix(node.field, terms[-1], f"{node.field}:{node.text}*",
                                        self.source)])
        return _sequence(node.field, terms)

    def date_range(self, node: ast.DateRange) -> wq.Query:
        # An article matches when its publication period overlaps the range: one known only
        # to the month (2021-02) is in date:2021-02-10..2021-02-20. Its date_precision says so.
        # Undated articles have no terms in these fields, so no range holds them.
        high = day_number(node.high.last_day) if node.high is not None else None
        low = day_number(node.low.date) if node.low is not None else None
        return _all([_closed_range("published", None, high),
                     _closed_range("published_end", low, None)])  # type: ignore[return-value]


# Whoosh's numeric ranges search tiered terms (a value indexed again at coarser precisions) and
# their upper tiers matched every dated article: `date:..1990` and even `year:0..2020` found
# articles of 2024. A range here is a plain term range over the full-precision terms only
# (their encoding starts with the tier byte 0), so an open end cannot reach another tier.
_NUMERIC_FIELDS = {name: NUMERIC(int, bits=32, signed=False)
                   for name in ("year", "published", "published_end")}
_LOWEST, _HIGHEST = 0, 2**32 - 1


class NumberRange(wq.TermRange):
    """A range of full-precision numeric terms; prints its numbers, not their bytes."""

    def __init__(self, fieldname: str, low: int, high: int) -> None:
        field = _NUMERIC_FIELDS[fieldname]
        super().__init__(fieldname, field.to_bytes(low), field.to_bytes(high), constantscore=True)
        self.low, self.high = low, high

    def __str__(self) -> str:
        low = "" if self.low == _LOWEST else self.low
        high = "" if self.high == _HIGHEST else self.high
        return f"{self.fieldname}:[{low} TO {high}]"

    __unicode__ = __str__


def _closed_range(field_name: str, low: int | None, high: int | None) -> wq.Query:
    """Documents whose value of a numeric field lies in [low, high]; None is an open end.
    Documents without a value (undated articles) are never in a range."""
    return NumberRange(field_name, _LOWEST if low is None else low,
                       _HIGHEST if high is None else high)


# (segment id, field, stem) -> the stem's written forms in that segment, least recent first.
_FORMS_CACHE: "OrderedDict[tuple[str, str, str], tuple[str, ...]]" = OrderedDict()
_FORMS_CACHE_SIZE = 50_000
# (written word, stem) -> whether the word is a form of the stem (query_terms.is_form_of, a
# pure function): a compound's short part ("unter") starts thousands of words in each of 20
# segments, mostly the same words, and testing each again was a third of its forms' time.
_FORM_TESTS: dict[tuple[str, str], bool] = {}
_FORM_TESTS_SIZE = 200_000


def _is_form(text: str, stem: str) -> bool:
    key = (text, stem)
    found = _FORM_TESTS.get(key)
    if found is None:
        if len(_FORM_TESTS) >= _FORM_TESTS_SIZE:
            _FORM_TESTS.clear()
        found = _FORM_TESTS[key] = query_terms.is_form_of(text, stem)
    return found


class StemSpans(wq.Prefix):
    """The words of the exact field that are forms of one stem ("klima": klima, klimas), as a
    span query with positions. They are found as the words starting with the stem whose own
    stem it is (query_terms.is_form_of: "amt" is not "amtlich"); Whoosh's own Prefix would also
    OR them into a matcher without positions on small indexes."""

    def estimate_size(self, ixreader) -> int:  # type: ignore[no-untyped-def]
        """Whoosh's Prefix estimate (the document frequencies of every word starting with the
        stem, summed), read from the term list in one pass instead of one term lookup each:
        the same number, so Whoosh orders the query's trees the same."""
        iter_prefix = getattr(ixreader, "iter_prefix", None)
        if iter_prefix is None or self.fieldname not in ixreader.schema:
            return super().estimate_size(ixreader)
        return sum(info.doc_frequency() for _text, info in iter_prefix(self.fieldname,
                                                                       self.text))

    def forms(self, reader) -> list[str]:  # type: ignore[no-untyped-def]
        """The written forms of the stem in `reader`, in term order (at most MAX_FORMS).
        A segment's are kept (segments never change): a compound's parts are looked up in
        every segment, by the match set and again by the ranking, and reading the term list
        for them was most of a long query's time on an index of 50 segments."""
        segment = getattr(reader, "segment", None)
        segment = segment() if segment is not None else None
        key = (segment.segment_id(), self.fieldname, self.text) if segment else None
        if key is not None and key in _FORMS_CACHE:
            _FORMS_CACHE.move_to_end(key)
            return list(_FORMS_CACHE[key])
        found: list[str] = []
        walked = words_with_prefix(reader, self.fieldname, self.text)
        for word in walked if walked is not None else reader.expand_prefix(self.fieldname,
                                                                            self.text):
            text = word.decode("utf-8") if isinstance(word, bytes) else word
            if _is_form(text, self.text):
                found.append(text)
                if len(found) >= MAX_FORMS:
                    break
        if key is not None:
            _FORMS_CACHE[key] = tuple(found)
            if len(_FORMS_CACHE) > _FORMS_CACHE_SIZE:
                _FORMS_CACHE.popitem(last=False)
        return found

    def matcher(self, searcher, context=None):  # type: ignore[no-untyped-def]
        terms = [wq.Term(self.fieldname, text) for text in self.forms(searcher.reader())]
        if not terms:
            return matching.NullMatcher()
        return SpanOr(terms).matcher(searcher, context)


def _alternative(fields: list[str], terms: tuple[str, ...]) -> wq.Query | None:
    """One alternative of a word in the stemmed `fields`: its term, or for several terms (a
    compound's parts, a hyphenated word's pieces) either their pair terms (the parts side by
    side inside one indexed compound: Luftwärmepumpe for Wärmepumpe) or all terms together
    with the words near each other in the text (the parts written apart: "Gesetz zum Schutz
    des Klimas"). The stemmed fields keep no positions, so nearness is checked in the exact
    field, on the written words whose stem each part is."""
    def anywhere(term: str) -> wq.Query | None:
        return _any([wq.Term(name, term) for name in fields])

    if len(terms) == 1:
        return anywhere(terms[0])
    together = _all([anywhere(term) for term in terms])
    near = SpanNear2([StemSpans("exact", term) for term in terms], slop=NEAR_SLOP,
                     ordered=False, mindist=0)
    return _any([_all([anywhere(pair) for pair in query_terms.pair_terms(terms)]),
                 _all([together, near])])


def _sequence(field_name: str, terms: list[str]) -> wq.Query | None:
    if not terms:
        return None
    if len(terms) == 1:
        return wq.Term(field_name, terms[0])
    return wq.Phrase(field_name, terms)


def _any(queries: list[wq.Query | None]) -> wq.Query | None:
    kept = [item for item in queries if item is not None]
    if not kept:
        return None
    # Whoosh's plain Or preloads every match into arrays of index size on indexes under 5,000
    # documents; the union tree it uses on larger ones is faster for our many small Ors.
    return kept[0] if len(kept) == 1 else DefaultOr(kept)


def _all(queries: list[wq.Query | None]) -> wq.Query | None:
    kept = [item for item in queries if item is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else wq.And(kept)

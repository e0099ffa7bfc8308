"""The Whoosh analyzers of the index fields, over the German chain of archive.german.

Whoosh pickles the analyzers into the index's table of contents, so the classes here must stay
at this import path (`archive.index.analysis`) and must not hold large data: their state is a
version number, and word-level work goes through the chain's module-level caches
(archive.german.plans). The lexicon behind the decompounder is loaded lazily
(archive.german.lexicon), only when a word needs splitting.

Public interface (used by archive.index.schema, the writer and the snippets):

    ANALYSIS_VERSION              bumped on any change that alters index terms
    GermanAnalyzer()              title / teaser / body: stems, compound parts, variants
    NameAnalyzer()                outlet / authors: normalise, lowercase, German folding
    ExactAnalyzer()               exact: surface words, folded, no stemming, no splitting

How a query word meets these fields is archive.german.query_terms; the folding is
archive.german.folding. The chain, per token (see docs/analysis-design.md): character cleanup
(soft hyphens, zero-width characters, apostrophes, NFC) -> German tokenizer (dates, numbers
with separators, gender forms, hyphen chains, elliptical "Staats- und ...") -> stop words
(positions kept) -> name/brand guard -> decompounder (parts at the word's position) -> Snowball
3 stem with overrides and the -s rule.
"""

from __future__ import annotations

from typing import Iterator

from whoosh.analysis import Analyzer, Token

from archive.faults import checkpoint
from archive.german import plans
from archive.german.folding import WORD_RE, fold_german
from archive.german.german_tokens import TOKEN_RE, token_text

# 4: words over decompound.MAX_SPLIT_CHARS letters are not split; fields are indexed up to
# the caps of archive.index.schema (only articles beyond them get other terms).
ANALYSIS_VERSION = 4


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
    of its positions with their character offsets (see archive.german.plans)."""

    _exact = False

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs: object) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for raw, entries, offset, position in self._plans(value, start_pos):
            offset += start_char
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

    def term_positions(self, value: str) -> Iterator[tuple[str, int]]:
        """(term, position) of every token `__call__(value, positions=True)` yields, in the
        same order, without setting a Token's attributes per term (the index writer's path,
        archive.index.preanalysed.field_terms).

        >>> list(GermanAnalyzer().term_positions("Die Satellitensysteme"))[:2]
        [('satellitensystem', 1), ('satellit', 1)]
        """
        for _raw, entries, _offset, position in self._plans(value, 0):
            for delta, text, _start, _end, stopped in entries:
                if not stopped:
                    yield text, position + delta

    def _plans(self, value: str, start_pos: int
               ) -> Iterator[tuple[str, tuple[plans.Entry, ...], int, int]]:
        """Per token of `value`: its text, its plan's entries (position delta, term, start and
        end within the token, stopped), its offset in `value` and its first position."""
        if self._exact:
            # Once per indexed article (the exact field holds all its text): fault tests raise
            # here, as an analysis bug no text has shown yet would.
            checkpoint("analyse", value)
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
            yield raw, entries, match.start(), position
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
        for match in WORD_RE.finditer(value):
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



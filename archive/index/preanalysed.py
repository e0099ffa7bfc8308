"""The German analysis of the index fields in worker processes (`archive import --jobs N`).

`--jobs N` starts N − 1 analysis workers (at least one): the writer process is the other
busy job (`analysis_workers`). The writer itself analyses nothing while its workers live, so it
never loads the analysis data.

Analysing an article's fields is about a third of an import's CPU time, and for a crawler's
records (no HTML to extract) the largest part that is not Whoosh's own writing. Workers run
the very field analysis Whoosh runs (`field.index(value)`: the analyzer, then the field's
format grouping tokens into terms, frequencies and encoded positions) and send back each
field's term list; the one writer process hands those lists to Whoosh's writer in the store's
order. The postings are therefore byte for byte those of a serial import.

    with ParallelAnalysis(jobs=2) as analysis:
        for seq, article in analysis.articles(store.articles_after(0)):
            ...  # the writer opened by `analysis.writer(index)` finds the article's terms

Safety: the writer process checks, per document, that the texts it is given are the texts the
worker analysed (else it analyses them itself); a field a worker could not analyse (an
analysis bug) is analysed by the writer, which then fails exactly as a serial import does (and
leaves the article out, listed); a worker that dies (killed, out of memory) ends the parallel
analysis and the writer analyses the rest itself. Workers never write anything.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TYPE_CHECKING, Iterable, Iterator

from whoosh import formats
from whoosh.fields import TEXT
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from archive.faults import checkpoint
from archive.index.schema import build_schema, document_for
from archive.workers import start_worker, stop_pool

if TYPE_CHECKING:
    from whoosh.fields import FieldType, Schema
    from whoosh.index import Index

    from archive.model import Article

# One field's terms as Whoosh's `field.index(value)` yields them:
# (term as UTF-8, frequency, weight, encoded posting value).
FieldTerms = list[tuple[bytes, int, float, bytes]]
# The analysed indexed text fields of one document.
Analysed = dict[str, FieldTerms]

# Articles per task sent to a worker: large enough that pickling and the round trip are small
# beside ~15 ms of analysis per article, small enough that the writer never waits long.
CHUNK_ARTICLES = 16
# Tasks in flight per worker: bounds the memory of texts and terms waiting in between.
TASKS_PER_WORKER = 3
# Fewer articles than this to index are analysed in the writer process: starting workers (and
# their copies of the analysis data) costs more than they would save.
# `ARCHIVE_PARALLEL_MIN` sets another number (the tests use 1).
MIN_PARALLEL_ARTICLES = 64

_schema: "Schema | None" = None


def min_parallel_articles() -> int:
    """Articles to index from which workers are used: `ARCHIVE_PARALLEL_MIN` when set to a
    positive number, else MIN_PARALLEL_ARTICLES."""
    try:
        value = int(os.environ.get("ARCHIVE_PARALLEL_MIN", ""))
    except ValueError:
        return MIN_PARALLEL_ARTICLES
    return value if value > 0 else MIN_PARALLEL_ARTICLES


def indexed_texts(document: dict[str, object]) -> dict[str, str]:
    """The text fields of an index document that an analyzer turns into terms.

    >>> sorted(indexed_texts({"id": "a1", "title": "Wahl", "body": "", "year": 2021}))
    ['body', 'title']
    """
    schema = _worker_schema()
    return {name: value for name, value in document.items()
            if isinstance(value, str) and isinstance(schema[name], TEXT)}


def analyse_texts(texts: dict[str, str]) -> Analysed | None:
    """Each field's terms, as Whoosh's writer would compute them; None when any field fails
    (the writer process then analyses the document itself, and reports it as a serial import
    does).

    >>> terms = analyse_texts({"title": "Gespräche"})["title"]
    >>> [(term, freq) for term, freq, _weight, _value in terms]
    [(b'gesprach', 1)]
    """
    schema = _worker_schema()
    try:
        return {name: field_terms(schema[name], text) for name, text in texts.items()}
    except Exception:  # noqa: BLE001 - an analysis bug: the writer meets it again and reports it
        return None


def field_terms(field: "FieldType", text: str) -> FieldTerms:
    """`list(field.index(text))`, byte for byte: for the archive's German and exact fields
    (frequencies or positions) the terms are grouped here straight from the analyzer's
    (term, position) pairs, without a Whoosh Token per term and Whoosh's generic grouping
    (about a fifth of the analysis workers' time); any other field goes through Whoosh.

    >>> [(term, freq) for term, freq, _w, _v in field_terms(_worker_schema()["title"], "Wahl, Wahl")]
    [(b'wahl', 2)]
    """
    analyzer, kind = field.analyzer, type(field.format)
    if not hasattr(analyzer, "term_positions") or not isinstance(text, str) \
            or kind not in (formats.Frequency, formats.Positions):
        return list(field.index(text))
    boost = field.format.field_boost
    if kind is formats.Frequency:
        counts: dict[str, int] = {}
        for term, _position in analyzer.term_positions(text):
            counts[term] = counts.get(term, 0) + 1
        # Whoosh sums a boost of 1.0 per token: exactly float(count).
        return [(term.encode("utf-8"), count, float(count) * boost, pack_uint(count))
                for term, count in counts.items()]
    found: dict[str, list[int]] = {}
    for term, position in analyzer.term_positions(text):
        where = found.get(term)
        if where is None:
            found[term] = [position]
        else:
            where.append(position)
    encode = field.format.encode
    return [(term.encode("utf-8"), len(where), float(len(where)) * boost, encode(where))
            for term, where in found.items()]


def _analyse_chunk(chunk: list[dict[str, str]]) -> list[Analysed | None]:
    """A worker's task: the terms of several documents' fields."""
    checkpoint("analysis-worker")
    return [analyse_texts(texts) for texts in chunk]


def analysis_workers(jobs: int) -> int:
    """Worker processes analysing for `--jobs` `jobs`: one fewer than the jobs, at least one.

    The writer process is busy the whole time (Whoosh's own writing is more than half of an
    import's CPU time, the analysis about a third), so it is one of the jobs: one worker keeps
    up with it, and each further worker would hold its own copy of the analysis data and
    caches (about 200 MB) to sit idle half the time.

    >>> [analysis_workers(jobs) for jobs in (2, 3, 8)]
    [1, 2, 7]
    """
    return max(1, jobs - 1)


def _start_analysis_worker(importer: int, workers: int) -> None:
    """Set up an analysis worker: as every worker (`start_worker`), and with the analysis
    caches' limits divided among the `workers`: each sees only its share of the texts, so
    the tree holds no more cached entries than one process would."""
    start_worker("analysis-worker", importer)
    if workers > 1:
        from archive.german import decompound, plans, stem_overrides, word_analysis

        for module in (plans, decompound, stem_overrides, word_analysis):
            module._CACHE_LIMIT = max(1, module._CACHE_LIMIT // workers)


def _worker_schema() -> "Schema":
    global _schema
    if _schema is None:
        _schema = build_schema()
    return _schema


class ParallelAnalysis:
    """Worker processes analysing the index fields of the articles an index writer is given.

    Use as a context manager (the workers stop at its end); `articles(items)` passes the
    (seq, article) pairs on in their order, each once its fields are analysed, and a writer
    from `writer(index)` adds each document with the terms found for it."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.workers = analysis_workers(jobs)
        self._pool: ProcessPoolExecutor | None = None
        self._ready: tuple[str, dict[str, str], Analysed] | None = None
        self.broken = False
        # Stopped for a commit (`rest`): started again when articles are sent.
        self._resting = False
        # Documents added with the workers' terms (the others were analysed by the writer).
        self.taken = 0

    def __enter__(self) -> "ParallelAnalysis":
        # spawn: each worker is a new interpreter (not a copy of the importer's memory, nor of
        # a test runner's threads), and a child of this process, so its CPU time and memory
        # are counted in this process's (waited-for) children.
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                         initializer=partial(_start_analysis_worker,
                                                             os.getpid(), self.workers))
        return self

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        if self._pool is not None:
            stop_pool(self._pool, interrupted=exc_type is not None)
            self._pool = None

    def rest(self) -> None:
        """Stop the workers for a commit that merges segments (writer.merge_policy): a worker
        holds about 200 MB of analysis data and caches, idle while the writer merges, which
        is the writer's own peak (100,000 articles: 311 MB). The next articles sent start
        them again (a second or two)."""
        if self._pool is not None and not self.broken:
            stop_pool(self._pool, interrupted=False)
            self._pool = None
            self._resting = True

    def articles(self, items: Iterable[tuple[int, "Article"]]) -> Iterator[tuple[int, "Article"]]:
        """`items` in their order, each passed on once its terms are known (at most
        workers × TASKS_PER_WORKER chunks are analysed ahead). The first is analysed alone
        before any other is sent: a caller that only looks whether there is one costs the
        workers one article (the last look, which finds none, costs nothing). Give `items`
        bounded to what the caller will take, or the workers analyse articles ahead that
        nobody takes."""
        pending: deque[tuple[list[tuple[int, "Article"]], list[dict[str, str]],
                             Future[list[Analysed | None]] | None]] = deque()
        source = iter(items)
        first = next(source, None)
        if first is None:
            return
        self._ready = None
        # The first article alone, analysed by a worker like every other: the writer process
        # then never loads the analysis data (about 50 MB). A caller that only looks whether
        # there is one costs the workers this one article.
        texts = [indexed_texts(document_for(first[1]))]
        pending.append(([first], texts, self._submit(texts)))
        limit = self.workers * TASKS_PER_WORKER
        exhausted = False
        started = False
        try:
            while True:
                # After the first article the pipeline fills: workers × TASKS_PER_WORKER chunks.
                while started and not exhausted and len(pending) < limit:
                    chunk = [item for _, item in zip(range(CHUNK_ARTICLES), source)]
                    if not chunk:
                        exhausted = True
                        break
                    texts = [indexed_texts(document_for(article)) for _seq, article in chunk]
                    pending.append((chunk, texts, self._submit(texts)))
                if not pending:
                    return
                chunk, texts, future = pending.popleft()
                found = self._result(future, len(chunk))
                for (seq, article), fields, analysed in zip(chunk, texts, found):
                    self._ready = (article.id, fields, analysed) if analysed is not None else None
                    yield seq, article
                self._ready = None
                started = True
        finally:
            # Stopped early (an article that failed to index: the batch is written again):
            # the chunks not yet started are dropped.
            for _chunk, _texts, waiting in pending:
                if waiting is not None:
                    waiting.cancel()
            self._ready = None

    def _submit(self, texts: list[dict[str, str]]) -> "Future[list[Analysed | None]] | None":
        if self._resting and not self.broken:
            self._resting = False
            self.__enter__()
        if self.broken or self._pool is None:
            return None
        try:
            return self._pool.submit(_analyse_chunk, texts)
        except (BrokenProcessPool, RuntimeError):
            self.broken = True
            return None

    def _result(self, future: "Future[list[Analysed | None]] | None",
                size: int) -> list[Analysed | None]:
        if future is None:
            return [None] * size
        try:
            return future.result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory): the writer analyses the rest itself.
            self.broken = True
            return [None] * size
        except Exception:  # noqa: BLE001 - a failed task: the writer analyses its articles
            return [None] * size

    def take(self, fields: dict[str, object]) -> Analysed | None:
        """The terms found for the document being added, if they are for exactly its texts."""
        ready = self._ready
        if ready is None or fields.get("id") != ready[0]:
            return None
        article_id, texts, analysed = ready
        self._ready = None
        if any(fields.get(name) != text for name, text in texts.items()):
            return None
        self.taken += 1
        return analysed

    def writer(self, index: "Index", **kwargs: object) -> "PreAnalysedWriter":
        """A Whoosh writer on `index` that adds each document with its terms found here."""
        return PreAnalysedWriter(index, self, **kwargs)


class PreAnalysedWriter(SegmentWriter):
    """Whoosh's segment writer, taking a document's terms from the workers when they have
    them. `add_document` is Whoosh's own (2.7.5), with `field.index(value)` replaced by the
    terms the worker computed with that same call; everything else is unchanged."""

    def __init__(self, index: "Index", analysis: ParallelAnalysis, **kwargs: object) -> None:
        super().__init__(index, **kwargs)
        self._analysis = analysis

    @property
    def analysis(self) -> ParallelAnalysis:
        """The workers this writer takes terms from (a merging commit rests them)."""
        return self._analysis

    def add_document(self, **fields: object) -> None:
        """Add one document (see Whoosh's SegmentWriter.add_document)."""
        analysed = self._analysis.take(fields)
        if analysed is None:
            super().add_document(**fields)
            return
        # The fault point the exact field's analyzer passes in the writer process.
        checkpoint("analyse", fields.get("exact"))
        self._add_analysed(fields, analysed)

    def _add_analysed(self, fields: dict[str, object], analysed: Analysed) -> None:
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        add_post = self.pool.add
        # The archive's pool takes a field's whole term list at once (bulk_postings.py; not
        # imported here: the analysis workers import this module and need no numpy).
        bulk = self.pool if hasattr(self.pool, "add_document") else None
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    items = analysed.get(fieldname)
                    if items is None:
                        items = field.index(value)
                    scorable = field.scorable
                    if bulk is not None:
                        total = bulk.add_document(fieldname, docnum, items, fieldboost)
                        length = total if scorable else 0
                    else:
                        for tbytes, freq, weight, vbytes in items:
                            weight *= fieldboost
                            if scorable:
                                length += freq
                            add_post((fieldname, tbytes, docnum, weight, vbytes))
                if field.separate_spelling() or field.vector:
                    # The archive's schema has neither; Whoosh's own code if it ever does.
                    raise NotImplementedError(f"field {fieldname}: spelling or vectors")
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None,
                                       length)
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column,
                                                  field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

"""The importer's one-article step, shared by single files and the records of multi-record
files: skip unchanged inputs, derive the article, and store it in its own transaction — or
recognise it as a duplicate of a stored article, or as one whose recorded source has moved.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from archive import sources_store
from archive.derive import article_id_for, build_article, extracted_json, json_value, same_record
from archive.faults import checkpoint
from archive.handgiven import HandGiven
from archive.paths import ArchivePaths
from archive.recordextract import RecordArticle
from archive.sources.records import file_of_source
from archive.store import Store


class SeenSources:
    """The source keys (files, records of files) an import run stored or confirmed. With a
    store, they are kept in a temporary table of its connection, on disk beside it: a
    million-record file's keys ("…/crawl.jsonl.gz#line=123456") held as a Python set would be
    over 100 MB, and an import's memory must not grow with its input. Without one (a
    throwaway run state), a set."""

    _TABLE = "temp.import_run_seen"

    def __init__(self, store: Store | None = None) -> None:
        self._store = store
        self._keys: set[str] = set()
        if store is not None:
            store.connection.execute("CREATE TEMP TABLE IF NOT EXISTS import_run_seen "
                                     "(source TEXT PRIMARY KEY) WITHOUT ROWID")
            store.connection.execute(f"DELETE FROM {self._TABLE}")

    def add(self, key: str) -> None:
        """Note `key` as seen in this run."""
        if self._store is None:
            self._keys.add(key)
        else:
            self._store.connection.execute(f"INSERT OR IGNORE INTO {self._TABLE} VALUES (?)",
                                           (key,))

    def __contains__(self, key: object) -> bool:
        if self._store is None:
            return key in self._keys
        return self._store.connection.execute(
            f"SELECT 1 FROM {self._TABLE} WHERE source = ?", (key,)).fetchone() is not None


@dataclass
class RunState:
    """What one import run has seen: the source paths it stored or confirmed (a stored article
    found again at another of them is a duplicate) and how many multi-record files it read."""

    seen: SeenSources = field(default_factory=SeenSources)
    record_files: int = 0
    moved: int = 0


def place_article(source_key: str, data: bytes, input_digest: str,
                  derive: Callable[[], RecordArticle], *, store: Store,
                  archive: ArchivePaths, flags: HandGiven, run: RunState,
                  stable_source: bool = True) -> tuple[str, str]:
    """Store one article read from `source_key` (a file, or a record of one): unchanged inputs
    are not extracted again. Returns the outcome ("added", "updated", "unchanged",
    "duplicates") and the article's id. The same article already stored from another source
    that is still there is a duplicate (its first source stays its provenance); one whose
    recorded source is gone (a moved folder) gets this path. `stable_source` is False for
    standard input, whose record places say nothing about which article they hold."""
    source_sha256 = hashlib.sha256(data).hexdigest()
    known = store.source(source_key)
    if known is not None and known.input_digest == input_digest and not flags.values:
        stored = store.get(known.article_id)
        if stored is not None:
            # An archive from before sources were kept gets them as its files come again.
            sources_store.keep(archive, data, source_sha256)
            outcome = _same_article_outcome(stored.source_path, source_key, run)
            if outcome == "moved":
                with store.transaction():
                    store.put(stored.with_values(source_path=source_key,
                                                 source_sha256=source_sha256),
                              store.extracted(stored.id))
                    store.forget_source(stored.source_path)
            return _counted(outcome, source_key, run), known.article_id

    found = derive()
    extracted, hand = found.extracted, found.hand
    # The bytes are kept before the article's transaction commits, so a crash never leaves an
    # article whose source is missing (at worst a blob no article names).
    sources_store.keep(archive, data, source_sha256)
    with store.transaction():
        # A changed file at a known path is a new version of its article; standard input's
        # "line 1" of another day is another article (`stable_source` False).
        if stable_source and known is not None and store.get(known.article_id) is not None:
            article_id = known.article_id
        else:
            article_id = found.article_id or article_id_for(extracted, hand)
        previous = store.get(article_id)
        for name, (value, origin) in found.overrides.items():
            store.set_override(article_id, name, value, origin)
        for name, value in flags.values.items():
            store.set_override(article_id, name, json_value(value), "flag")
        article = build_article(article_id, extracted, hand, store, source_key, source_sha256)
        if found.imported_at and previous is None:
            article = article.with_values(imported_at=found.imported_at)
        if found.tags or found.notes:
            from archive.recordimport import restore_research

            restore_research(store, article_id, found.tags, found.notes)
        store.record_source(source_key, article_id, input_digest, source_sha256)
        if previous is not None and same_record(previous, article):
            outcome = _same_article_outcome(previous.source_path, source_key, run)
            if outcome != "moved":
                return _counted(outcome, source_key, run), article_id
            store.forget_source(previous.source_path)
        store.put(article, extracted_json(extracted))
        checkpoint("store-commit")
    if previous is not None and same_record(previous, article):
        return _counted("moved", source_key, run), article_id
    run.seen.add(source_key)
    return ("updated" if previous is not None else "added"), article_id


def _same_article_outcome(stored_source: str, source_key: str, run: RunState) -> str:
    """"unchanged" when the article's recorded source is this one; "duplicates" when it is
    another that is still there (seen in this run, or an existing file); else "moved"."""
    if stored_source == source_key:
        return "unchanged"
    if stored_source in run.seen:
        return "duplicates"
    stored_file, source_file = file_of_source(stored_source), file_of_source(source_key)
    if stored_file == source_file:
        return "moved"  # the same file, the record at another line: the old line is stale
    try:
        return "duplicates" if Path(stored_file).exists() else "moved"
    except OSError:
        return "moved"


def _counted(outcome: str, source_key: str, run: RunState) -> str:
    run.seen.add(source_key)
    run.moved += outcome == "moved"
    return "unchanged" if outcome == "moved" else outcome

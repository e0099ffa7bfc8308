"""`archive check`: is the index readable and consistent with the store, and do the source
files still hold what was imported? With `repair`, the index is fixed from the store (the store
is never changed: it is the source of truth); an index that cannot be read is rebuilt."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

from archive.errors import IndexNeedsRebuildError
from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.paths import ArchivePaths
from archive.store import Store


@dataclass
class CheckReport:
    """What `check` found (ids are listed, at most a few shown by the CLI)."""

    articles: int = 0
    indexed: int = 0
    index_problem: str | None = None
    missing_from_index: list[str] = field(default_factory=list)
    not_in_store: list[str] = field(default_factory=list)
    outdated_in_index: list[str] = field(default_factory=list)
    duplicated_in_index: list[str] = field(default_factory=list)
    changed_sources: list[str] = field(default_factory=list)
    missing_sources: list[str] = field(default_factory=list)
    # Files in <home>/sources/ no article needs: left by a killed import or by articles whose
    # source changed. Harmless; they do not make the index inconsistent.
    orphan_sources: list[str] = field(default_factory=list)
    repaired: int | None = None

    @property
    def index_consistent(self) -> bool:
        """True when the index holds exactly the store's articles, each up to date."""
        return not (self.index_problem or self.missing_from_index or self.not_in_store
                    or self.outdated_in_index or self.duplicated_in_index)


def check(archive: ArchivePaths, repair: bool = False, verify_sources: bool = True,
          wait: float = DEFAULT_WAIT_SECONDS) -> CheckReport:
    """Read every segment of the index (each term, posting block, stored record and column),
    compare store and index (ids, counts, revisions, schema); compare each source file's
    sha256 with the one recorded at import. With `repair`, fix the index and check again."""
    report = _inspect(archive, verify_sources)
    if repair and not report.index_consistent:
        from archive.index.writer import rebuild, repair as repair_index

        with write_lock(archive.lock_file, wait), Store.open(archive.store_file) as store:
            if report.index_problem:
                repaired = rebuild(store, archive)
            else:
                repaired = repair_index(
                    store, archive,
                    report.missing_from_index + report.outdated_in_index + report.duplicated_in_index,
                    report.not_in_store + report.duplicated_in_index)
        report = _inspect(archive, verify_sources)
        report.repaired = repaired
    return report


def _inspect(archive: ArchivePaths, verify_sources: bool) -> CheckReport:
    from archive.index.schema import article_revision
    from archive.index.searcher import indexed_revisions
    from archive.index.verify import damaged_error, find_damage
    from archive.index.writer import check_usable, live_generation, read_state

    report = CheckReport()
    with Store.open(archive.store_file) as store:
        expected = {article.id: article_revision(article)
                    for article in store.iter_articles(order="id")}
        report.articles = len(expected)
        generation = live_generation(archive)
        try:
            check_usable(archive, read_state(generation) if generation else None, store.store_id)
        except IndexNeedsRebuildError as error:
            report.index_problem = str(error)
        if generation is not None and report.index_problem is None:
            # Every segment is read whole first: a damaged posting block or stored record
            # would otherwise go unnoticed until a search happens to touch it.
            damage = find_damage(generation)
            if damage:
                report.index_problem = str(damaged_error(generation, damage))
        if generation is not None and report.index_problem is None:
            seen: dict[str, str] = {}
            for article_id, revision in indexed_revisions(generation):
                if article_id in seen:
                    report.duplicated_in_index.append(article_id)
                seen[article_id] = revision
            report.indexed = len(seen)
            report.missing_from_index = sorted(set(expected) - set(seen))
            report.not_in_store = sorted(set(seen) - set(expected))
            report.outdated_in_index = sorted(article_id for article_id, revision in seen.items()
                                              if article_id in expected
                                              and expected[article_id] != revision)
        report.orphan_sources = _orphan_sources(archive, store)
        if verify_sources:
            from archive.sources.records import file_of_source

            for path, _article_id, sha256 in store.sources():
                if _is_record(path):
                    # A record of a multi-record file: its kept bytes are the record alone, so
                    # only the file's presence can be checked without reading it again.
                    if not os.path.exists(file_of_source(path)):
                        report.missing_sources.append(path)
                    continue
                try:
                    with open(path, "rb") as handle:
                        digest = hashlib.file_digest(handle, "sha256").hexdigest()
                except OSError:
                    report.missing_sources.append(path)
                    continue
                if digest != sha256:
                    report.changed_sources.append(path)
    return report


def _is_record(path: str) -> bool:
    from pathlib import Path

    from archive.sources.records import file_of_source, record_format

    return record_format(Path(file_of_source(path))) is not None


def _orphan_sources(archive: ArchivePaths, store: Store) -> list[str]:
    from archive.sources_store import blob_names

    needed = store.source_digests()
    return [name for name, sha256 in blob_names(archive) if sha256 not in needed]

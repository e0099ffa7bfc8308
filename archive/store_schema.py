"""The store's schema: ordered migrations. `PRAGMA user_version` counts the applied ones, so a
store of any earlier version is brought up to date on open. Append, never edit a released one.
"""

from __future__ import annotations

# Ordered migrations: the store's version is the number applied. Append, never edit.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        title TEXT NOT NULL,
        teaser TEXT NOT NULL,
        body TEXT NOT NULL,
        published TEXT,
        published_precision TEXT,
        modified TEXT,
        modified_precision TEXT,
        outlet TEXT,
        authors TEXT NOT NULL,
        agencies TEXT NOT NULL,
        url TEXT,
        language TEXT NOT NULL,
        source_path TEXT NOT NULL,
        source_sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        word_count INTEGER NOT NULL,
        origins TEXT NOT NULL,
        extracted TEXT NOT NULL
    );
    CREATE UNIQUE INDEX articles_seq ON articles (seq);
    CREATE TABLE overrides (
        article_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        origin TEXT NOT NULL,
        set_at TEXT NOT NULL,
        PRIMARY KEY (article_id, field)
    );
    CREATE TABLE sources (
        path TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        input_digest TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL
    );
    CREATE INDEX sources_article ON sources (article_id);
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        finished_at TEXT NOT NULL,
        added INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        failed INTEGER NOT NULL
    );
    """,
    # Outlet aliases and domains (keys of `archive.outlet_names.alias_key`) -> canonical names,
    # written from the outlet registry by the importer, so searches resolve `--outlet SZ`
    # without loading the registry. The index on `outlet` lists the stored outlets cheaply.
    """
    CREATE TABLE outlet_aliases (key TEXT PRIMARY KEY, outlet TEXT NOT NULL) WITHOUT ROWID;
    CREATE INDEX articles_outlet ON articles (outlet);
    """,
    # A researcher's hand-given data (tags, notes, saved queries): apart from the articles, so a
    # re-import, `reextract` or `reindex` never touches them (archive/research/).
    """
    CREATE TABLE tags (
        article_id TEXT NOT NULL,
        tag TEXT NOT NULL,
        set_at TEXT NOT NULL,
        PRIMARY KEY (article_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX tags_tag ON tags (tag);
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL,
        text TEXT NOT NULL,
        set_at TEXT NOT NULL
    );
    CREATE INDEX notes_article ON notes (article_id);
    CREATE TABLE saved_queries (
        name TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        filters TEXT NOT NULL,
        saved_at TEXT NOT NULL
    );
    """,
    # Near-duplicate signatures and syndication clusters (archive/research/clusters.py);
    # `digest` names the text (and signature version) a row was computed from.
    """
    CREATE TABLE signatures (
        article_id TEXT PRIMARY KEY,
        minhash BLOB NOT NULL,
        cluster TEXT NOT NULL,
        digest TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID;
    CREATE INDEX signatures_cluster ON signatures (cluster);
    """,
    # Deleted articles (`archive delete`, `prune`): each deletion takes the next sequence number
    # like a write, so the index learns of it the way it learns of writes (catch-up by seq),
    # and the sequence never runs backwards when the latest-written article is deleted.
    """
    CREATE TABLE deletions (
        article_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        deleted_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX deletions_seq ON deletions (seq);
    """,
)

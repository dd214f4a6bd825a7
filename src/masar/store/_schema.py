"""The store's schema as numbered migrations; ``PRAGMA user_version`` says which ran."""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, their earlier versions, search index, refused inputs, runs, learnt lines.
    """
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- ingest order
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,              -- of the input as read, before cleaning
        title TEXT,
        outlet TEXT,
        url TEXT,
        published TEXT,
        anchor_date TEXT,
        anchor_source TEXT,
        text TEXT NOT NULL,
        lang TEXT,
        fmt TEXT,
        source_path TEXT,
        locator TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        version INTEGER NOT NULL DEFAULT 1,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE article_versions (
        article_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT,
        outlet TEXT,
        url TEXT,
        published TEXT,
        text TEXT NOT NULL,
        meta TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        PRIMARY KEY (article_id, version)
    );
    CREATE TABLE stage_skips (
        article_id TEXT NOT NULL,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (article_id, stage)
    );
    -- Contentless: it holds masar.arabic.tokens.index_terms() of title and text, which
    -- are plain words separated by spaces, so the ascii tokenizer (fastest) is exact.
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content='', tokenize='ascii'
    );
    CREATE TABLE skips (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        path TEXT NOT NULL,
        locator TEXT NOT NULL,
        reason TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        times INTEGER NOT NULL DEFAULT 1,
        UNIQUE (path, locator, reason)
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        inputs TEXT NOT NULL,
        added INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        refused INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'running'
    );
    CREATE TABLE outlet_lines (
        outlet TEXT NOT NULL,
        line_key TEXT NOT NULL,
        line TEXT NOT NULL,
        articles INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (outlet, line_key)
    );
    """,
    # 2: copies (near-duplicates) and stories.
    """
    ALTER TABLE articles ADD COLUMN duplicate_of TEXT;
    ALTER TABLE articles ADD COLUMN copy_group INTEGER;   -- seq of an article of the group, shared by all
    ALTER TABLE articles ADD COLUMN story TEXT;
    ALTER TABLE articles ADD COLUMN grouped INTEGER NOT NULL DEFAULT 0;  -- 1 once copies and stories ran
    CREATE INDEX articles_story ON articles(story);
    CREATE INDEX articles_copy_group ON articles(copy_group);
    CREATE INDEX articles_pending ON articles(grouped) WHERE grouped = 0;
    CREATE TABLE copy_bands (
        band_key INTEGER NOT NULL,   -- hash of one band of an article's MinHash signature
        day TEXT NOT NULL,           -- the article's day ('9999-12-31' when undated)
        seq INTEGER NOT NULL
    );
    CREATE INDEX copy_bands_key_day ON copy_bands(band_key, day);
    CREATE TABLE term_df (
        term TEXT PRIMARY KEY,
        df INTEGER NOT NULL
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT,
        first_seen TEXT,
        last_seen TEXT,
        size INTEGER NOT NULL DEFAULT 0,
        kind TEXT NOT NULL DEFAULT 'news',   -- news | opinion | single (not clustered)
        centroid TEXT NOT NULL DEFAULT '{}', -- top weighted terms, JSON
        chain TEXT
    );
    CREATE INDEX stories_last_seen ON stories(last_seen);
    CREATE TABLE chains (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL
    );
    """,
    # 3: entities and places (one row per mention; is_primary marks the fullest mention of
    # each entity in its article, the one exported).
    """
    ALTER TABLE articles ADD COLUMN entities_version INTEGER NOT NULL DEFAULT 0;  -- 0: not extracted
    CREATE INDEX articles_entities_version ON articles(entities_version);
    CREATE TABLE mentions (
        article_seq INTEGER NOT NULL,
        start INTEGER NOT NULL,
        stop INTEGER NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,
        entity_key TEXT NOT NULL,   -- canonical id, else "~TYPE:normalised name"
        entity_id TEXT,
        name_ar TEXT,
        name_en TEXT,
        country TEXT,
        sector TEXT,
        role TEXT,
        lat REAL,
        lon REAL,
        geonames_id INTEGER,
        is_primary INTEGER NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article_seq);
    CREATE INDEX mentions_key ON mentions(entity_key);
    -- Persons the knowledge base lacks, by family name, so a later article's family name
    -- alone finds the full name an earlier article gave (across the store).
    CREATE TABLE person_names (
        family TEXT NOT NULL,        -- normalised last word of the full name
        entity_key TEXT NOT NULL,
        PRIMARY KEY (family, entity_key)
    ) WITHOUT ROWID;
    -- A stage re-run in progress (masar reprocess): the version it brings articles to,
    -- so a stopped run resumes instead of starting over.
    CREATE TABLE stage_runs (
        stage TEXT PRIMARY KEY,
        target INTEGER NOT NULL
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

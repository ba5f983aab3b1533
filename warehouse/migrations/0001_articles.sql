-- Articles: one row per story, keyed on a stable id (sha1 of the guid, else of the canonical URL).
-- Timestamps are UTC. The id is unique by construction (the loader's anti-joins) and checked by the quality
-- gate (articles_have_unique_ids) rather than by a PRIMARY KEY: DuckDB's ART index on a string key cost
-- about half of every bulk load's checkpoint time.
CREATE TABLE articles (
    article_id      VARCHAR NOT NULL,
    guid            VARCHAR,
    url             VARCHAR NOT NULL,
    canonical_url   VARCHAR NOT NULL,
    feed            VARCHAR NOT NULL,
    lang            VARCHAR,
    title           VARCHAR NOT NULL,
    summary         VARCHAR,
    text            VARCHAR NOT NULL,
    published_at    TIMESTAMP NOT NULL,
    date_flag       VARCHAR,           -- NULL, 'missing' (fetch time used), 'future' (fetch time used), 'too_old'
    fetched_at      TIMESTAMP NOT NULL,
    fulltext_status VARCHAR,           -- NULL (not asked), 'ok', 'blocked', 'error: ...'
    first_run_key    VARCHAR NOT NULL,  -- the ingest run that first stored it (makes items_new repeatable)
    loaded_at       TIMESTAMP NOT NULL DEFAULT now()
);
-- No secondary ART indexes: they slow bulk loads several-fold and analytical scans use zone maps instead.

-- One row per feed per ingest run; re-running the run replaces its own row.
CREATE TABLE feed_fetches (
    feed              VARCHAR NOT NULL,
    run_key            VARCHAR NOT NULL,
    url               VARCHAR NOT NULL,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    http_status       INTEGER,
    outcome           VARCHAR NOT NULL,   -- new | not_modified | error | gone | deferred
    error             VARCHAR,
    items_seen        INTEGER NOT NULL DEFAULT 0,
    items_new         INTEGER NOT NULL DEFAULT 0,
    bytes             BIGINT NOT NULL DEFAULT 0,
    duration_ms       INTEGER,
    etag              VARCHAR,
    last_modified     VARCHAR,
    retry_after_until TIMESTAMP,
    PRIMARY KEY (feed, run_key)
);

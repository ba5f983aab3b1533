-- Operations: the state of every feed as the last health check saw it, and one row per quality-gate run
-- (the baseline the "row counts did not collapse" checks compare against).

-- Rewritten as a whole by every check_feed_health run (warehouse/feed_health.py): one row per feed.
CREATE TABLE feed_health (
    feed                 VARCHAR PRIMARY KEY,
    status               VARCHAR NOT NULL,     -- ok | failing | stale | gone
    consecutive_failures INTEGER NOT NULL,     -- runs in a row ending in error or gone
    days_without_new     INTEGER NOT NULL,     -- whole days since the feed last delivered a new article
    checked_at           TIMESTAMP NOT NULL,   -- the run's data-interval end (UTC), not the wall clock
    note                 VARCHAR,              -- why, in words: 'failed 3 runs in a row: HTTP 500 ...'
    last_outcome         VARCHAR,
    last_fetch_at        TIMESTAMP,
    last_new_at          TIMESTAMP,
    run_key              VARCHAR               -- the ingest run that computed this row
);

-- One row per (stage, run): what the warehouse held when the gate ran and which checks failed.
CREATE TABLE quality_runs (
    stage          VARCHAR NOT NULL,           -- ingest | extract
    run_key        VARCHAR NOT NULL,
    checked_at     TIMESTAMP NOT NULL DEFAULT now(),
    articles       BIGINT NOT NULL,
    facts          BIGINT NOT NULL,
    mentions       BIGINT NOT NULL,
    passed         BOOLEAN NOT NULL,
    failed_checks  VARCHAR[] NOT NULL DEFAULT [],
    PRIMARY KEY (stage, run_key)
);

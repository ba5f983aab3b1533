-- Polite article-page fetching (issue 17): what newsmon remembers per host, and when an article's page text
-- arrived.
--
-- page_hosts: one row per origin (scheme://host:port) article pages were asked from. It caches the host's
-- robots.txt (RFC 9309 allows 24 hours) and holds the embargo a 429/503 put on the host, so the next run's
-- page tasks, on any worker, know both without asking. The loader upserts it from what the page tasks staged.
CREATE TABLE page_hosts (
    origin             VARCHAR PRIMARY KEY,
    robots_status      VARCHAR,    -- rules | allow_all (4xx) | unreachable (5xx, 429, network) | blocked (address guard)
    robots_http_status INTEGER,
    robots_txt         VARCHAR,    -- the file's text when robots_status = 'rules'
    robots_fetched_at  TIMESTAMP,  -- when it was fetched (UTC): the cache's age
    robots_error       VARCHAR,
    retry_after_until  TIMESTAMP,  -- no request to this host before this time (UTC)
    throttled_runs     INTEGER NOT NULL DEFAULT 0,  -- runs in a row the host answered 429/503 (back-off exponent)
    requests           INTEGER NOT NULL DEFAULT 0,  -- requests (robots.txt included) in the host's last visit
    pages_ok           INTEGER NOT NULL DEFAULT 0,  -- pages with main text in that visit
    last_visit_at      TIMESTAMP,
    last_error         VARCHAR,
    last_run_key       VARCHAR
);

-- articles.fulltext_at: when the page text now in `fulltext` was stored (UTC). An article extracted before
-- its page arrived (the page was over the feed's budget, its host asked us to wait, ...) has
-- fulltext_at > article_extractions.extracted_at, which puts it back on newsmon_extract's to-do list.
ALTER TABLE articles ADD COLUMN fulltext_at TIMESTAMP;

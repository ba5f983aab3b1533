-- One row per feed per run; a re-run replaces its own rows. items_new = articles this run stored first.
INSERT OR REPLACE INTO feed_fetches
SELECT f.feed, $run_key, f.url, f.started_at::TIMESTAMP, f.finished_at::TIMESTAMP, f.http_status, f.outcome,
       f.error, coalesce(f.items_seen, 0),
       (SELECT count(*) FROM articles a WHERE a.feed = f.feed AND a.first_run_key = $run_key),
       coalesce(f.bytes, 0), f.duration_ms, f.etag, f.last_modified, f.retry_after_until::TIMESTAMP
FROM staged_fetches f;

-- What the fetcher must remember per feed, derived from feed_fetches rather than kept twice:
-- the validators for conditional GET, a Retry-After embargo, and failure streaks for feed health.
CREATE VIEW feed_state AS
WITH ordered AS (
    SELECT *,
           row_number() OVER (PARTITION BY feed ORDER BY started_at DESC, run_key DESC) AS recency
    FROM feed_fetches
),
streaks AS (
    SELECT feed,
           min(recency) FILTER (WHERE outcome NOT IN ('error', 'gone')) AS first_ok,
           min(recency) FILTER (WHERE outcome <> 'gone') AS first_not_gone,
           count(*) AS fetches
    FROM ordered GROUP BY feed
)
SELECT o.feed,
       (SELECT etag FROM ordered x WHERE x.feed = o.feed AND x.outcome IN ('new', 'not_modified')
          AND x.etag IS NOT NULL ORDER BY recency LIMIT 1) AS etag,
       (SELECT last_modified FROM ordered x WHERE x.feed = o.feed AND x.outcome IN ('new', 'not_modified')
          AND x.last_modified IS NOT NULL ORDER BY recency LIMIT 1) AS last_modified,
       o.retry_after_until,
       coalesce(s.first_ok, s.fetches + 1) - 1 AS consecutive_failures,
       coalesce(s.first_not_gone, s.fetches + 1) - 1 AS consecutive_gone,
       (SELECT max(started_at) FROM ordered x WHERE x.feed = o.feed AND x.outcome IN ('new', 'not_modified')) AS last_success_at,
       (SELECT max(started_at) FROM ordered x WHERE x.feed = o.feed AND x.items_new > 0) AS last_new_at,
       o.started_at AS last_fetch_at,
       o.outcome AS last_outcome
FROM ordered o JOIN streaks s USING (feed)
WHERE o.recency = 1;

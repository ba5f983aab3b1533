-- One row per feed the ingest run fetched (every feed when $run_key is NULL): its health as of $as_of.
-- Precedence: gone (the feed answered 404/410 for good) > failing ($fail_runs failures in a row)
-- > stale (nothing new for $stale_days days) > ok. Feeds never seen delivering count from their first fetch.
WITH scope AS (
    SELECT DISTINCT feed FROM feed_fetches
    WHERE $run_key::VARCHAR IS NULL OR run_key = $run_key::VARCHAR
),
firsts AS (
    SELECT feed, min(started_at) AS first_fetch_at FROM feed_fetches GROUP BY feed
),
latest AS (
    SELECT feed, arg_max(coalesce(error, ''), started_at) AS last_error,
           arg_max(http_status, started_at) AS last_http_status
    FROM feed_fetches GROUP BY feed
),
measured AS (
    SELECT s.feed, s.consecutive_failures, s.last_outcome, s.last_fetch_at, s.last_new_at,
           greatest(0, floor(date_diff('second', coalesce(s.last_new_at, f.first_fetch_at), $as_of::TIMESTAMP) / 86400))::INTEGER
               AS days_without_new,
           l.last_error, l.last_http_status
    FROM feed_state s
    JOIN scope USING (feed)
    JOIN firsts f USING (feed)
    JOIN latest l USING (feed)
)
SELECT feed,
       CASE WHEN last_outcome = 'gone' THEN 'gone'
            WHEN consecutive_failures >= $fail_runs THEN 'failing'
            WHEN days_without_new >= $stale_days THEN 'stale'
            ELSE 'ok' END AS status,
       consecutive_failures::INTEGER AS consecutive_failures,
       days_without_new,
       $as_of::TIMESTAMP AS checked_at,
       CASE WHEN last_outcome = 'gone'
                 THEN printf('gone (HTTP %s): remove it from the feed list or fix its URL', coalesce(last_http_status::VARCHAR, '?'))
            WHEN consecutive_failures >= $fail_runs
                 THEN printf('failed %d runs in a row; last error: %s', consecutive_failures, nullif(last_error, ''))
            WHEN days_without_new >= $stale_days
                 THEN printf('nothing new for %d days%s', days_without_new,
                             CASE WHEN last_new_at IS NULL THEN ' (never delivered a new article)' ELSE '' END)
            WHEN consecutive_failures > 0
                 THEN printf('%d failed run(s), below the threshold of %d', consecutive_failures, $fail_runs)
            END AS note,
       last_outcome, last_fetch_at, last_new_at,
       $run_key::VARCHAR AS run_key
FROM measured
ORDER BY feed

-- The newsmon UI page: every feed's health, the worst first.
SELECT feed, status, consecutive_failures, days_without_new, checked_at, last_fetch_at, last_new_at, note
FROM feed_health
ORDER BY CASE status WHEN 'gone' THEN 0 WHEN 'failing' THEN 1 WHEN 'stale' THEN 2 ELSE 3 END, feed

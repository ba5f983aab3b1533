-- Article pages owed from earlier runs: articles of fulltext feeds whose page has not been fetched yet
-- (over a run's budget, on a host that asked us to wait, behind an unreachable robots.txt, or a page task
-- that never finished), for `pending_days` after the feed delivered them. Oldest first: they have waited.
SELECT article_id, feed, url, title
FROM articles
WHERE feed IN (SELECT unnest($feeds::VARCHAR[]))
  AND fulltext_status LIKE 'pending%'
  AND fetched_at >= $since
ORDER BY fetched_at, article_id;

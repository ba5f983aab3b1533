-- Store staged articles that are new by id and by canonical URL; inside the batch the earliest
-- fetched copy of a story wins (stable across re-runs because staging is reused on re-run).
INSERT INTO articles (article_id, guid, url, canonical_url, feed, lang, title, summary, text,
                      published_at, date_flag, fetched_at, fulltext_status, first_run_key)
WITH by_id AS (
    SELECT *, row_number() OVER (PARTITION BY article_id ORDER BY fetched_at, feed, url) AS n
    FROM staged_articles
),
by_url AS (
    SELECT *, row_number() OVER (PARTITION BY canonical_url ORDER BY fetched_at, feed, article_id) AS m
    FROM by_id WHERE n = 1
)
SELECT s.article_id, s.guid, s.url, s.canonical_url, s.feed, s.lang, coalesce(s.title, ''), s.summary,
       coalesce(s.text, s.title, ''), s.published_at::TIMESTAMP, s.date_flag, s.fetched_at::TIMESTAMP,
       s.fulltext_status, $run_key
FROM by_url s
WHERE s.m = 1
  AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = s.article_id)
  AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.canonical_url = s.canonical_url);

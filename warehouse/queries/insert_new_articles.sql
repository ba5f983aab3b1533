-- Store staged articles that are new by id and by canonical URL. Inside the batch the earliest fetched
-- copy of a story wins (stable across re-runs, which reuse their staging). De-duplication runs on the key
-- columns only (staged_row is the Arrow row number), so the wide text columns are scanned once.
INSERT INTO articles (article_id, guid, url, canonical_url, feed, lang, title, summary, text,
                      published_at, date_flag, fetched_at, fulltext_status, first_run_key)
WITH first_by_id AS (
    SELECT staged_row, article_id, canonical_url
    FROM staged_articles
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY fetched_at, feed, url, staged_row) = 1
),
survivors AS (
    SELECT staged_row, article_id, canonical_url
    FROM first_by_id
    QUALIFY row_number() OVER (PARTITION BY canonical_url ORDER BY staged_row) = 1
),
new_rows AS (
    SELECT staged_row FROM survivors k
    WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = k.article_id)
      AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.canonical_url = k.canonical_url)
)
SELECT s.article_id, s.guid, s.url, s.canonical_url, s.feed, s.lang, coalesce(s.title, ''), s.summary,
       coalesce(s.text, s.title, ''), s.published_at::TIMESTAMP, s.date_flag, s.fetched_at::TIMESTAMP,
       s.fulltext_status, $run_key
FROM staged_articles s SEMI JOIN new_rows n ON s.staged_row = n.staged_row;

-- Which staged rows are new stories: new by id and by canonical URL. Inside the batch the earliest fetched
-- copy of a story wins (stable across re-runs, which reuse their staging). Only key columns are read here
-- (staged_row is the Arrow row number); the loader then takes those rows from the Arrow table and appends
-- them with a plain INSERT, DuckDB's fastest write path.
WITH first_by_id AS (
    SELECT staged_row, article_id, canonical_url
    FROM staged_articles
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY fetched_at, feed, url, staged_row) = 1
),
survivors AS (
    SELECT staged_row, article_id, canonical_url
    FROM first_by_id
    QUALIFY row_number() OVER (PARTITION BY canonical_url ORDER BY staged_row) = 1
)
SELECT staged_row FROM survivors k
WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = k.article_id)
  AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.canonical_url = k.canonical_url)
ORDER BY staged_row;

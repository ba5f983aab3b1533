-- Which staged rows are the first copy of their story inside one load's batch (registered as staged_keys:
-- key columns plus staged_row, the Arrow row number). The earliest fetched copy wins, ties broken by feed,
-- URL and staging order, so re-runs, which reuse their staging, choose the same rows. A story counts as
-- the same when it has the same id or, after that, the same canonical URL.
WITH first_by_id AS (
    SELECT staged_row, article_id, canonical_url
    FROM staged_keys
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY fetched_at, feed, url, staged_row) = 1
)
SELECT staged_row
FROM first_by_id
QUALIFY row_number() OVER (PARTITION BY canonical_url ORDER BY staged_row) = 1;

-- Which candidate rows (registered as candidate_keys: one copy per story, from batch_first_copies) are
-- stories the warehouse does not hold yet, by id or by canonical URL. Only key columns are read here; the
-- loader then takes those rows from the Arrow table and appends them with a plain INSERT, DuckDB's fastest
-- write path.
SELECT staged_row FROM candidate_keys k
WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = k.article_id)
  AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.canonical_url = k.canonical_url)
ORDER BY staged_row;

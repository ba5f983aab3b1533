-- Model releases reported on the digest day, most reported first.
SELECT deal_id, company, model, sources
FROM model_releases
WHERE as_of = $day
ORDER BY sources DESC, company, model;

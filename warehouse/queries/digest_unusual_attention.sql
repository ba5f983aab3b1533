-- Companies mentioned far more on the digest day than on an average day of the four weeks before
-- (days without mentions count as zero). Thresholds come from the caller.
WITH today AS (
    SELECT company_id, mentions, articles FROM company_daily_mentions WHERE day = $day
),
history AS (
    SELECT company_id, sum(mentions) / 28.0 AS avg_daily
    FROM company_daily_mentions
    WHERE day >= $day::DATE - 28 AND day < $day
    GROUP BY company_id
)
SELECT c.company_id, c.name, t.mentions, t.articles, coalesce(h.avg_daily, 0) AS avg_daily
FROM today t
JOIN companies c USING (company_id)
LEFT JOIN history h USING (company_id)
WHERE t.mentions >= $min_mentions
  AND t.mentions >= $min_ratio * coalesce(h.avg_daily, 0)
  AND NOT (c.source = 'discovered' AND c.first_seen = $day)   -- those are listed as new entrants
ORDER BY t.mentions / greatest(coalesce(h.avg_daily, 0), 0.5) DESC, t.mentions DESC, c.name
LIMIT $max_rows;

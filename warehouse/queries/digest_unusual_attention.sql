-- Companies widely reported on the digest day: in at least $min_articles articles from at least $min_feeds
-- feeds (one article is no attention), with their mentions in the four weeks before and how many days of
-- data the warehouse holds before the day. The caller decides: unusual attention against that baseline, or
-- new in the news when there is none. Discovered companies first seen that day are new entrants instead.
WITH today AS (
    SELECT company_id, mentions, articles FROM company_daily_mentions WHERE day = $day AND articles >= $min_articles
),
outlets AS (
    SELECT m.company_id, count(DISTINCT a.feed) AS feeds
    FROM mentions m JOIN articles a USING (article_id)
    WHERE m.published_on = $day AND m.company_id IN (SELECT company_id FROM today)
    GROUP BY m.company_id
),
history AS (
    SELECT company_id, sum(mentions) AS mentions_4w
    FROM company_daily_mentions
    WHERE day >= $day::DATE - 28 AND day < $day AND company_id IN (SELECT company_id FROM today)
    GROUP BY company_id
),
data AS (SELECT min(day) AS first_day FROM company_daily_mentions)
SELECT c.company_id, c.name, t.mentions, t.articles, o.feeds, coalesce(h.mentions_4w, 0) AS mentions_4w,
       $day::DATE - d.first_day AS days_of_data
FROM today t
JOIN companies c USING (company_id)
JOIN outlets o USING (company_id)
LEFT JOIN history h USING (company_id)
CROSS JOIN data d
WHERE o.feeds >= $min_feeds
  AND NOT (c.source = 'discovered' AND c.first_seen = $day)
ORDER BY t.mentions / greatest(coalesce(h.mentions_4w, 0) / 28.0, 0.5) DESC, t.mentions DESC, c.name
LIMIT $max_rows;

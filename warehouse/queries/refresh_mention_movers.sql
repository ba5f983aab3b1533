-- Recompute mention_movers from company_daily_mentions for the days from $since on (the earliest day the
-- load touched; windows read four weeks before it): for every company and day with mentions, the mentions
-- of the 7 days ending that day (m7) and of the 7 days before (p7). A company "moves" on the first day of a
-- streak with m7 >= 5 and m7 >= 2 * p7. Runs inside the load transaction, after
-- warehouse.load_facts.refresh_mention_movers deleted the rows from $since on.
INSERT INTO mention_movers (company_id, day, mentions_7d, mentions_prev_7d)
WITH windows AS (
    SELECT company_id, day,
           sum(mentions) OVER (PARTITION BY company_id ORDER BY day
                               RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW) AS m7,
           coalesce(sum(mentions) OVER (PARTITION BY company_id ORDER BY day
                               RANGE BETWEEN INTERVAL 13 DAYS PRECEDING AND INTERVAL 7 DAYS PRECEDING), 0) AS p7
    FROM company_daily_mentions
    WHERE day >= $since - 28
),
flagged AS (
    SELECT *, (m7 >= 5 AND m7 >= 2 * p7) AS hot,
           lag(m7 >= 5 AND m7 >= 2 * p7) OVER (PARTITION BY company_id ORDER BY day) AS was_hot
    FROM windows
)
SELECT company_id, day, m7, p7 FROM flagged
WHERE hot AND NOT coalesce(was_hot, false) AND day >= $since
ORDER BY day;

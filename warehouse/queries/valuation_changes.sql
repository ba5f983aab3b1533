-- Fill valuations.previous_as_of / previous_usd / change_pct: the previous completed valuation of the same
-- company (by date, then deal id). Runs after every typed-table rebuild, inside the load transaction. An
-- event without a known date (date_unknown) has no place in the order: it neither has nor is a predecessor.
UPDATE valuations v SET previous_as_of = p.previous_as_of, previous_usd = p.previous_usd, change_pct = p.change_pct
FROM (
    SELECT deal_id,
           lag(as_of) OVER w AS previous_as_of,
           lag(amount_usd) OVER w AS previous_usd,
           CASE WHEN lag(amount_usd) OVER w > 0 THEN round(100 * (amount_usd / lag(amount_usd) OVER w - 1), 1) END AS change_pct
    FROM valuations
    WHERE status = 'completed' AND as_of IS NOT NULL
    WINDOW w AS (PARTITION BY company_id ORDER BY as_of, deal_id)
) p
WHERE v.deal_id = p.deal_id;

-- Strategic investments reported on the digest day, biggest first.
SELECT deal_id, investor, investee, amount, currency, amount_usd, cumulative_amount, status, sources
FROM investments
WHERE as_of = $day
ORDER BY amount_usd DESC NULLS LAST, sources DESC, investee;

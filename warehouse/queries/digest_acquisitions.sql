-- Acquisitions reported on the digest day, biggest first.
SELECT deal_id, acquirer, target, amount, currency, amount_usd, status, sources
FROM acquisitions
WHERE as_of = $day
ORDER BY amount_usd DESC NULLS LAST, sources DESC, target;

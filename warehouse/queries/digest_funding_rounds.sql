-- Funding rounds first reported on the digest day, biggest first (by USD equivalent; undisclosed amounts last).
SELECT deal_id, investee, investee_id, amount, currency, amount_usd, valuation, valuation_currency,
       valuation_usd, round, investors, lead_investor, status, sources, conflicting, conflict_note
FROM funding_rounds
WHERE announced_on = $day
ORDER BY amount_usd DESC NULLS LAST, sources DESC, investee;

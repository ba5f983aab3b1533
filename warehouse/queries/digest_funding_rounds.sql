-- Funding rounds first reported on the digest day, biggest first (by USD equivalent; undisclosed amounts last).
-- first_valuation: no completed valuation of the company before the day (the round's is the first on record).
SELECT deal_id, investee, investee_id, amount, currency, amount_usd, valuation, valuation_currency,
       valuation_usd, round, investors, lead_investor, status, sources, conflicting, conflict_note,
       NOT EXISTS (SELECT 1 FROM valuations v WHERE v.company_id = f.investee_id AND v.status = 'completed'
                   AND v.as_of < $day) AS first_valuation
FROM funding_rounds f
WHERE announced_on = $day
ORDER BY amount_usd DESC NULLS LAST, sources DESC, investee;

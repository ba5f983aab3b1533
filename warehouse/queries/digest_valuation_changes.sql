-- Valuations observed on the digest day (valuation reports and the valuation a funding round was priced at),
-- one per company, each against the company's latest valuation on record before that day.
WITH observed AS (
    SELECT company_id, company, amount, currency, amount_usd, as_of AS on_day, deal_id,
           'valuations' AS deal_type, sources, status
    FROM valuations WHERE amount_usd IS NOT NULL
    UNION ALL
    SELECT investee_id, investee, valuation, valuation_currency, valuation_usd, announced_on, deal_id,
           'funding_rounds', sources, status
    FROM funding_rounds WHERE valuation_usd IS NOT NULL
),
today AS (
    SELECT * FROM observed WHERE on_day = $day
    QUALIFY row_number() OVER (PARTITION BY company_id ORDER BY sources DESC, amount_usd DESC, deal_id) = 1
),
earlier AS (
    SELECT company_id, amount_usd AS old_usd, on_day AS old_on FROM observed WHERE on_day < $day
    QUALIFY row_number() OVER (PARTITION BY company_id ORDER BY on_day DESC, sources DESC, deal_id) = 1
)
SELECT t.company_id, t.company, t.amount, t.currency, t.amount_usd, t.deal_id, t.deal_type, t.sources, t.status,
       e.old_usd, e.old_on,
       CASE WHEN e.old_usd > 0 THEN (t.amount_usd / e.old_usd - 1) * 100 END AS percent
FROM today t LEFT JOIN earlier e USING (company_id)
ORDER BY e.old_usd IS NULL, abs(percent) DESC NULLS LAST, t.amount_usd DESC, t.company;

-- Valuations dated on the digest day (valuation reports and the valuations rounds were priced at: both are
-- valuation events), one per company, each against the company's latest completed valuation before that day,
-- and whether a funding round announced that day states it (then the round shows it, once).
WITH today AS (
    SELECT * FROM valuations WHERE as_of = $day AND amount_usd IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY company_id
                               ORDER BY status = 'completed' DESC, sources DESC, amount_usd DESC, deal_id) = 1
),
earlier AS (
    SELECT company_id, amount_usd AS old_usd, as_of AS old_on FROM valuations
    WHERE status = 'completed' AND as_of < $day AND amount_usd IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY company_id ORDER BY as_of DESC, sources DESC, deal_id) = 1
),
priced AS (
    SELECT DISTINCT investee_id AS company_id FROM funding_rounds WHERE announced_on = $day AND valuation_usd IS NOT NULL
)
SELECT t.company_id, t.company, t.amount, t.currency, t.amount_usd, t.deal_id, t.sources, t.status,
       t.conflicting, t.conflict_note, e.old_usd, e.old_on,
       CASE WHEN e.old_usd > 0 THEN (t.amount_usd / e.old_usd - 1) * 100 END AS percent,
       p.company_id IS NOT NULL AS with_round
FROM today t LEFT JOIN earlier e USING (company_id) LEFT JOIN priced p USING (company_id)
ORDER BY e.old_usd IS NULL, abs(percent) DESC NULLS LAST, t.amount_usd DESC, t.company;

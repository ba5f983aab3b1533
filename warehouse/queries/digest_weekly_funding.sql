-- Funding by company over the seven days ending on the digest day (the chart), biggest first.
SELECT investee, sum(amount_usd) AS amount_usd, count(*) AS rounds
FROM funding_rounds
WHERE announced_on BETWEEN $day::DATE - 6 AND $day AND amount_usd IS NOT NULL
GROUP BY investee
ORDER BY amount_usd DESC, investee
LIMIT 8;

-- The newsmon UI page: the companies most talked about in the last 30 days, then the best funded.
SELECT company, kind, latest_valuation_usd, total_raised_usd, last_round_on, last_round, mentions_7d, mentions_30d, as_of
FROM company_landscape
WHERE mentions_30d > 0 OR total_raised_usd > 0 OR latest_valuation_usd IS NOT NULL
ORDER BY mentions_30d DESC, total_raised_usd DESC NULLS LAST, company
LIMIT $limit

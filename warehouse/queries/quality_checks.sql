-- The data-quality gate: every check the pipeline enforces after a load, in this one file.
--
-- Each check starts with a `-- check: <name>` line; the name says what it protects. `-- stages:` lists the
-- gates that run it (`ingest` after load_articles, `extract` after load_facts); `-- protects:` says why it
-- matters, in words that end up in the alert email. The query returns the VIOLATING rows: no rows = pass.
-- Parameters: $run_key (the run being checked), $min_ratio (NEWSMON_QUALITY_MIN_RATIO).

-- check: articles_have_unique_ids
-- stages: ingest, extract
-- protects: one row per story; DuckDB enforces the key, a DuckLake or Parquet warehouse does not.
SELECT article_id, count(*) AS copies
FROM articles GROUP BY article_id HAVING count(*) > 1;

-- check: article_count_did_not_collapse
-- stages: ingest, extract
-- protects: articles are only ever added; a much smaller table than at the last passing gate means lost data.
WITH previous AS (
    SELECT stage, run_key, articles FROM quality_runs
    WHERE passed AND run_key <> $run_key
    ORDER BY checked_at DESC, run_key DESC LIMIT 1
)
SELECT p.stage AS previous_stage, p.run_key AS previous_run, p.articles AS previous_articles,
       c.articles AS current_articles
FROM previous p, (SELECT count(*) AS articles FROM articles) c
WHERE c.articles < p.articles * $min_ratio;

-- check: ingest_run_reached_a_feed
-- stages: ingest
-- protects: a run in which no feed answered (all fetches failed, or none was recorded) loaded nothing and must not end green.
-- A 304, a 410 or an honoured Retry-After counts as an answer; an error does not.
SELECT $run_key AS run_key, count(*) AS fetches_recorded, count(*) FILTER (WHERE outcome = 'error') AS fetches_failed,
       list(DISTINCT feed ORDER BY feed) AS feeds
FROM feed_fetches WHERE run_key = $run_key
HAVING count(*) FILTER (WHERE outcome <> 'error') = 0;

-- check: fact_count_did_not_collapse
-- stages: extract
-- protects: an extractor change or a bad reload must not silently drop most of the facts.
WITH previous AS (
    SELECT stage, run_key, facts FROM quality_runs
    WHERE passed AND run_key <> $run_key
    ORDER BY checked_at DESC, run_key DESC LIMIT 1
)
SELECT p.stage AS previous_stage, p.run_key AS previous_run, p.facts AS previous_facts, c.facts AS current_facts
FROM previous p, (SELECT count(*) AS facts FROM facts) c
WHERE c.facts < p.facts * $min_ratio;

-- check: mentions_point_to_articles
-- stages: extract
-- protects: every mention count in the landscape is backed by a stored article.
SELECT m.article_id, m.company_id, m.start
FROM mentions m LEFT JOIN articles a USING (article_id)
WHERE a.article_id IS NULL;

-- check: facts_point_to_articles
-- stages: extract
-- protects: every fact can be traced back to the article it was read from.
SELECT f.fact_id, f.type, f.article_id
FROM facts f LEFT JOIN articles a USING (article_id)
WHERE a.article_id IS NULL;

-- check: deals_point_to_facts
-- stages: extract
-- protects: the `sources` of every deal are real facts of real articles.
SELECT d.deal_type, d.deal_id, d.fact_id, d.article_id
FROM deal_sources d LEFT JOIN facts f USING (fact_id)
WHERE f.fact_id IS NULL;

-- check: facts_have_evidence
-- stages: extract
-- protects: every fact carries the sentence that states it, with its position in the article.
SELECT fact_id, type, article_id, sentence, sentence_start, sentence_end
FROM facts
WHERE sentence IS NULL OR trim(sentence) = '' OR sentence_start < 0 OR sentence_end <= sentence_start;

-- check: deals_are_not_duplicated
-- stages: extract
-- protects: one row per real-world event: a report belongs to one deal, and no two rows describe the same
-- round, valuation, investment or acquisition (same parties, date and size).
SELECT deal_type, 'fact ' || fact_id || ' is a source of several deals' AS duplicate_of,
       count(DISTINCT deal_id) AS rows, list(DISTINCT deal_id ORDER BY deal_id) AS deal_ids
FROM deal_sources GROUP BY deal_type, fact_id HAVING count(DISTINCT deal_id) > 1
UNION ALL
SELECT 'funding_rounds', printf('%s %s on %s, %s USD', investee_id, round, announced_on::VARCHAR, amount_usd::VARCHAR),
       count(*), list(deal_id ORDER BY deal_id)
FROM funding_rounds WHERE amount_usd IS NOT NULL
GROUP BY investee_id, round, announced_on, amount_usd, status HAVING count(*) > 1
UNION ALL
SELECT 'valuations', printf('%s on %s, %s USD', company_id, as_of::VARCHAR, amount_usd::VARCHAR), count(*), list(deal_id ORDER BY deal_id)
FROM valuations WHERE amount_usd IS NOT NULL
GROUP BY company_id, as_of, amount_usd, status HAVING count(*) > 1
UNION ALL
SELECT 'investments', printf('%s in %s on %s, %s USD', investor_id, investee_id, as_of::VARCHAR, amount_usd::VARCHAR), count(*),
       list(deal_id ORDER BY deal_id)
FROM investments WHERE amount_usd IS NOT NULL
GROUP BY investor_id, investee_id, as_of, amount_usd, status HAVING count(*) > 1
UNION ALL
SELECT 'acquisitions', printf('%s buys %s on %s', acquirer_id, target_id, as_of::VARCHAR), count(*), list(deal_id ORDER BY deal_id)
FROM acquisitions GROUP BY acquirer_id, target_id, as_of, status HAVING count(*) > 1;

-- check: amounts_are_positive_and_sane
-- stages: extract
-- protects: sums in the landscape and the digest; no deal is negative, zero, or 10 trillion USD or more
-- (a misread scale word, a year or a phone number taken for an amount).
WITH amounts AS (
    SELECT 'funding_rounds' AS deal_type, deal_id, 'amount' AS field, amount AS value, amount_usd FROM funding_rounds
    UNION ALL SELECT 'funding_rounds', deal_id, 'valuation', valuation, valuation_usd FROM funding_rounds
    UNION ALL SELECT 'valuations', deal_id, 'amount', amount, amount_usd FROM valuations
    UNION ALL SELECT 'investments', deal_id, 'amount', amount, amount_usd FROM investments
    UNION ALL SELECT 'acquisitions', deal_id, 'amount', amount, amount_usd FROM acquisitions
)
SELECT deal_type, deal_id, field, value, amount_usd
FROM amounts
WHERE value <= 0 OR amount_usd <= 0 OR amount_usd >= 1e13 OR isnan(value) OR isnan(amount_usd);

-- check: currencies_are_iso_4217
-- stages: extract
-- protects: currency conversion and display; a code outside ISO 4217 ('EURO', 'US$') converts to nothing.
WITH currencies AS (
    SELECT 'funding_rounds' AS deal_type, deal_id, 'currency' AS field, currency FROM funding_rounds
    UNION ALL SELECT 'funding_rounds', deal_id, 'valuation_currency', valuation_currency FROM funding_rounds
    UNION ALL SELECT 'valuations', deal_id, 'currency', currency FROM valuations
    UNION ALL SELECT 'investments', deal_id, 'currency', currency FROM investments
    UNION ALL SELECT 'acquisitions', deal_id, 'currency', currency FROM acquisitions
    UNION ALL SELECT 'fx_rates', currency || ' ' || rate_date, 'currency', currency FROM fx_rates
)
SELECT c.deal_type, c.deal_id, c.field, c.currency
FROM currencies c LEFT JOIN iso_currencies i ON i.code = c.currency
WHERE c.currency IS NOT NULL AND i.code IS NULL;

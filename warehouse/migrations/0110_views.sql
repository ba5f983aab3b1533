-- Views for people (and the digest): the landscape per company, valuation history, who backs whom,
-- weekly share of voice, and one row per change for a date range. Documented column by column in docs/sql.md.
--
-- "As of": mention windows (7/30 days) end at the newest article date in the warehouse (published_at; an
-- article dated in the future is stored with its fetch time), not at current_date, so a warehouse gives the
-- same answers whenever it is queried and a quiet feed day does not empty every window. current_date is used
-- only for an empty warehouse.

CREATE MACRO format_usd(x) AS
    CASE WHEN x IS NULL THEN 'undisclosed'
         WHEN abs(x) >= 1e9 THEN printf('$%.1fbn', x / 1e9)
         WHEN abs(x) >= 1e6 THEN printf('$%.0fm', x / 1e6)
         ELSE printf('$%.0f', x) END;

CREATE VIEW landscape_as_of AS
SELECT coalesce(max(published_at)::DATE, current_date) AS as_of
FROM articles;

-- Investor -> company: completed funding rounds (every listed investor) and direct investments.
-- total_usd sums the sizes of the deals the investor took part in (round totals: shares are rarely disclosed).
CREATE VIEW investor_edges AS
WITH edges AS (
    SELECT unnest(investors) AS investor, investee_id AS company_id, investee AS company, deal_id, amount_usd,
           announced_on AS deal_on
    FROM funding_rounds WHERE status = 'completed'
    UNION ALL
    SELECT investor, investee_id, investee, deal_id, amount_usd, as_of
    FROM investments WHERE status = 'completed'
)
SELECT e.investor, ci.company_id AS investor_id, e.company, e.company_id,
       count(*) AS deals, sum(e.amount_usd) AS total_usd,   -- an investor is listed once per deal
       min(e.deal_on) AS first_deal_on, max(e.deal_on) AS last_deal_on
FROM edges e LEFT JOIN companies ci ON ci.name = e.investor
GROUP BY ALL;

-- Each completed valuation with the previous one of the same company (computed on load:
-- warehouse/queries/valuation_changes.sql).
CREATE VIEW valuation_history AS
SELECT company, company_id, as_of, amount, currency, amount_usd, sources, conflicting, deal_id,
       previous_as_of, previous_usd, change_pct
FROM valuations
WHERE status = 'completed';

CREATE VIEW company_landscape AS
WITH a AS (SELECT as_of FROM landscape_as_of),
val AS (
    SELECT company_id, arg_max(amount_usd, as_of) AS latest_valuation_usd, max(as_of) AS latest_valuation_on
    FROM valuations WHERE status = 'completed' AND amount_usd IS NOT NULL GROUP BY company_id
),
rounds AS (
    SELECT investee_id AS company_id, sum(amount_usd) AS total_raised_usd, count(*) AS rounds,
           max(announced_on) AS last_round_on, arg_max(round, announced_on) AS last_round,
           arg_max(amount_usd, announced_on) AS last_round_usd
    FROM funding_rounds WHERE status = 'completed' GROUP BY investee_id
),
inv AS (
    SELECT company_id, list(investor ORDER BY deals DESC, total_usd DESC NULLS LAST, investor)[1:5] AS top_investors
    FROM investor_edges GROUP BY company_id
),
m AS (
    SELECT d.company_id,
           sum(d.mentions) FILTER (WHERE d.day > a.as_of - 7) AS mentions_7d,
           sum(d.mentions) FILTER (WHERE d.day <= a.as_of - 7 AND d.day > a.as_of - 14) AS mentions_prev_7d,
           sum(d.mentions) AS mentions_30d
    FROM company_daily_mentions d, a
    WHERE d.day > a.as_of - 30 AND d.day <= a.as_of
    GROUP BY d.company_id
)
SELECT c.name AS company, c.company_id, c.kind, c.parent_company_id,
       val.latest_valuation_usd, val.latest_valuation_on,
       coalesce(rounds.total_raised_usd, 0) AS total_raised_usd, coalesce(rounds.rounds, 0) AS rounds,
       rounds.last_round_on, rounds.last_round, rounds.last_round_usd,
       coalesce(inv.top_investors, []) AS top_investors,
       coalesce(m.mentions_7d, 0) AS mentions_7d, coalesce(m.mentions_30d, 0) AS mentions_30d,
       coalesce(m.mentions_prev_7d, 0) AS mentions_prev_7d,
       coalesce(m.mentions_7d, 0) - coalesce(m.mentions_prev_7d, 0) AS mentions_7d_change,
       CASE WHEN m.mentions_prev_7d > 0 THEN round(100.0 * (m.mentions_7d / m.mentions_prev_7d - 1), 1) END AS mentions_7d_change_pct,
       a.as_of
FROM companies c
CROSS JOIN a
LEFT JOIN val USING (company_id)
LEFT JOIN rounds USING (company_id)
LEFT JOIN inv USING (company_id)
LEFT JOIN m USING (company_id);

CREATE VIEW weekly_mentions AS
WITH w AS (
    SELECT company_id, date_trunc('week', day)::DATE AS week_start, sum(mentions) AS mentions, sum(articles) AS articles
    FROM company_daily_mentions GROUP BY ALL
)
SELECT coalesce(c.name, w.company_id) AS company, w.company_id, strftime(w.week_start, '%G-W%V') AS iso_week,
       w.week_start, w.mentions, w.articles,
       round(w.mentions / sum(w.mentions) OVER (PARTITION BY w.week_start), 4) AS share_of_voice
FROM w LEFT JOIN companies c USING (company_id);

-- One row per change. Filter with WHERE change_date BETWEEN ... AND ... (DuckDB pushes a literal range into
-- every branch). Movers come pre-computed from mention_movers (maintained on load).
CREATE VIEW landscape_changes AS
SELECT announced_on AS change_date,
       CASE status WHEN 'completed' THEN 'funding_round' ELSE 'funding_talks' END AS change_type,
       investee AS company, investee_id AS company_id, lead_investor AS counterparty, amount_usd,
       printf('%s %s %s (%s)%s', investee, CASE status WHEN 'completed' THEN 'raised' ELSE 'in talks to raise' END,
              format_usd(amount_usd), replace(round, '_', ' '),
              CASE WHEN valuation_usd IS NOT NULL THEN ' at ' || format_usd(valuation_usd) || ' valuation' ELSE '' END) AS details,
       deal_id, sources
FROM funding_rounds
UNION ALL
SELECT as_of, CASE WHEN change_pct >= 0 THEN 'valuation_jump' ELSE 'valuation_drop' END, company, company_id, NULL,
       amount_usd, printf('%s valued at %s, %+.1f%% since %s', company, format_usd(amount_usd), change_pct, previous_as_of),
       deal_id, sources
FROM valuation_history WHERE abs(change_pct) >= 25
UNION ALL
SELECT as_of, 'acquisition', acquirer, acquirer_id, target, amount_usd,
       printf('%s %s %s (%s)', acquirer, CASE status WHEN 'completed' THEN 'acquires' ELSE 'in talks to acquire' END,
              target, format_usd(amount_usd)), deal_id, sources
FROM acquisitions
UNION ALL
SELECT as_of, 'investment', investee, investee_id, investor, amount_usd,
       printf('%s invests %s in %s', investor, format_usd(amount_usd), investee), deal_id, sources
FROM investments
UNION ALL
SELECT as_of, 'stock_move', company, company_id, NULL, NULL,
       printf('%s shares %s %.1f%%%s', company, direction, percent, coalesce(' (' || period || ')', '')), deal_id, sources
FROM stock_moves
UNION ALL
SELECT as_of, 'model_release', company, company_id, NULL, NULL, printf('%s releases %s', company, model), deal_id, sources
FROM model_releases
UNION ALL
SELECT first_seen, 'new_entrant', name, company_id, NULL, NULL, printf('%s first seen in the news', name), NULL, NULL
FROM companies WHERE kind = 'discovered' AND first_seen IS NOT NULL
UNION ALL
SELECT m.day, 'mover', coalesce(c.name, m.company_id), m.company_id, NULL, NULL,
       printf('%s: %d mentions in 7 days (%d the 7 days before)', coalesce(c.name, m.company_id), m.mentions_7d,
              m.mentions_prev_7d), NULL, NULL
FROM mention_movers m LEFT JOIN companies c USING (company_id);

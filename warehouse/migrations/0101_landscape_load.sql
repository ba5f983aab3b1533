-- Columns the extraction load and deal clustering add to the landscape tables (0100 stays untouched).
-- first_reported_on: earliest report of the event, a 'talks' report included; announced_on / as_of is the
-- first *completed* report once a deal is confirmed (see warehouse/deal_clustering.py).
ALTER TABLE funding_rounds ADD COLUMN first_reported_on DATE;
ALTER TABLE valuations ADD COLUMN first_reported_on DATE;
ALTER TABLE investments ADD COLUMN first_reported_on DATE;
ALTER TABLE acquisitions ADD COLUMN first_reported_on DATE;
-- Two reports of the same valuation event that disagree within tolerance are one row; these say so.
ALTER TABLE valuations ADD COLUMN conflicting BOOLEAN DEFAULT false;
ALTER TABLE valuations ADD COLUMN conflict_note VARCHAR;
-- Typed-table rebuilds and the views read facts by type and mentions by day.
CREATE INDEX facts_type ON facts (type);
CREATE INDEX mentions_day ON mentions (published_on);
-- Pre-aggregated "movers": the first day a company's mentions over 7 days reach at least 5 and at least twice
-- the 7 days before (rolling windows over company_daily_mentions are too slow to compute per query on a large
-- warehouse). Recomputed after every extraction load (warehouse/queries/refresh_mention_movers.sql).
CREATE TABLE mention_movers (
    company_id        VARCHAR NOT NULL,
    day               DATE NOT NULL,
    mentions_7d       INTEGER NOT NULL,
    mentions_prev_7d  INTEGER NOT NULL,
    PRIMARY KEY (company_id, day)
);
-- Each completed valuation's predecessor (same company), computed on rebuild so valuation_history and
-- landscape_changes need no window function at query time (warehouse/queries/valuation_changes.sql).
ALTER TABLE valuations ADD COLUMN previous_as_of DATE;
ALTER TABLE valuations ADD COLUMN previous_usd DOUBLE;
ALTER TABLE valuations ADD COLUMN change_pct DOUBLE;

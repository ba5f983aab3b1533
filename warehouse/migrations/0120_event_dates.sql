-- Event dates come from what is known (warehouse/deal_clustering.py): a report dated by its `as_of` period or
-- its article's publication day. An article without a usable date (articles.date_flag 'missing' or 'future':
-- its published_at is only the fetch time) dates nothing: an event reported only by such articles keeps its
-- date columns NULL and is marked date_unknown, so windows keyed on days (this week, this month, a digest
-- day) leave it out instead of filing it under the fetch day.
ALTER TABLE funding_rounds ALTER COLUMN announced_on DROP NOT NULL;
ALTER TABLE funding_rounds ALTER COLUMN last_reported_on DROP NOT NULL;
ALTER TABLE valuations ALTER COLUMN as_of DROP NOT NULL;
ALTER TABLE investments ALTER COLUMN as_of DROP NOT NULL;
ALTER TABLE acquisitions ALTER COLUMN as_of DROP NOT NULL;
ALTER TABLE stock_moves ALTER COLUMN as_of DROP NOT NULL;
ALTER TABLE model_releases ALTER COLUMN as_of DROP NOT NULL;
ALTER TABLE funding_rounds ADD COLUMN date_unknown BOOLEAN DEFAULT false;
ALTER TABLE valuations ADD COLUMN date_unknown BOOLEAN DEFAULT false;
ALTER TABLE investments ADD COLUMN date_unknown BOOLEAN DEFAULT false;
ALTER TABLE acquisitions ADD COLUMN date_unknown BOOLEAN DEFAULT false;
ALTER TABLE stock_moves ADD COLUMN date_unknown BOOLEAN DEFAULT false;
ALTER TABLE model_releases ADD COLUMN date_unknown BOOLEAN DEFAULT false;
-- The period a valuation report gave ("in March 2024", "Ende 2024"), as written, when the event is dated by it.
ALTER TABLE valuations ADD COLUMN as_of_text VARCHAR;

-- The one definition of "this article's date can be used": its feed gave a date, and not one in the future
-- (an old date is still its date). The others carry their fetch time as published_at.
CREATE MACRO article_is_dated(date_flag) AS coalesce(date_flag NOT IN ('missing', 'future'), true);

-- "As of" is the newest *dated* article: an item without a date (or with a future one) carries its fetch
-- time, and one such item used to move every mention window to the fetch day.
CREATE OR REPLACE VIEW landscape_as_of AS
SELECT coalesce(max(published_at)::DATE, current_date) AS as_of
FROM articles
WHERE article_is_dated(date_flag);

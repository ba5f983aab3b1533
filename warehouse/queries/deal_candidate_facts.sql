-- Every stored fact as a report for deal clustering, in the order clustering walks them
-- (warehouse/deal_clustering.py): per type, by report date, then fact id (deterministic). `dated` is false
-- for a fact from an article without a usable date (macro article_is_dated: published_on is only
-- the fetch day), so that day never becomes an event's date.
SELECT f.fact_id, f.type, f.article_id, f.payload::VARCHAR AS payload, f.status, f.published_on,
       article_is_dated(a.date_flag) AS dated
FROM facts f LEFT JOIN articles a USING (article_id)
ORDER BY f.type, f.published_on, f.fact_id;

-- Every stored fact as a report for deal clustering, in the order clustering walks them
-- (warehouse/deal_clustering.py): per type, by report date, then fact id (deterministic).
SELECT fact_id, type, article_id, payload::VARCHAR AS payload, status, published_on
FROM facts
ORDER BY type, published_on, fact_id;

-- What each report of the given events of one typed table said (its fact's payload) and in which feed, oldest
-- first: the digest names which sources say what when reports disagree.
SELECT DISTINCT ds.deal_id, f.fact_id, f.type, f.payload::VARCHAR AS payload, a.feed, a.published_at
FROM deal_sources ds JOIN facts f USING (fact_id) JOIN articles a ON a.article_id = ds.article_id
WHERE ds.deal_type = $deal_type AND list_contains($deal_ids, ds.deal_id)
ORDER BY ds.deal_id, a.published_at, f.fact_id;

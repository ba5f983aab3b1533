-- The articles behind a list of events of one typed table (several facts of one article count once).
SELECT DISTINCT ds.deal_id, a.article_id, a.title, a.feed, a.url, a.lang, a.published_at
FROM deal_sources ds JOIN articles a USING (article_id)
WHERE ds.deal_type = $deal_type AND list_contains($deal_ids, ds.deal_id)
ORDER BY ds.deal_id, a.published_at, a.article_id;

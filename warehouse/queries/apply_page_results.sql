-- Page results (registered as page_results: article_id, fulltext_status, text) onto stored articles.
-- Only an article still waiting for its page ('pending: ...') changes, so loading the same results again,
-- or an older run's results after a newer one fetched the page, changes nothing. A page text sets
-- fulltext_at, which makes newsmon_extract extract the article again if it was extracted from its summary.
UPDATE articles
SET fulltext = coalesce(r.text, articles.fulltext),
    fulltext_status = r.fulltext_status,
    fulltext_at = CASE WHEN r.text IS NOT NULL THEN $now ELSE articles.fulltext_at END
FROM page_results r
WHERE articles.article_id = r.article_id
  AND articles.fulltext_status LIKE 'pending%';

-- Articles of the digest day that mention the given companies.
SELECT DISTINCT m.company_id, a.article_id, a.title, a.feed, a.url, a.lang, a.published_at
FROM mentions m JOIN articles a USING (article_id)
WHERE m.published_on = $day AND list_contains($company_ids, m.company_id)
ORDER BY m.company_id, a.published_at, a.article_id;

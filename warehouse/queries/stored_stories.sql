-- Which staged articles (registered as staged_stories: article_id, canonical_url) the warehouse already
-- holds, by id or by canonical URL: their page was asked for when they were first stored (or is owed).
SELECT s.article_id FROM staged_stories s
WHERE EXISTS (SELECT 1 FROM articles a WHERE a.article_id = s.article_id)
   OR EXISTS (SELECT 1 FROM articles a WHERE a.canonical_url = s.canonical_url);

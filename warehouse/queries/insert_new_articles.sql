-- Append the rows new_article_rows selected (registered as new_articles). `text` is derived from title and
-- summary (migration 0400); the staged text is stored in `fulltext` only when that derivation would not
-- give it back, so nothing the feed delivered is lost.
INSERT INTO articles (article_id, guid, url, canonical_url, feed, lang, title, summary, fulltext,
                      published_at, date_flag, fetched_at, fulltext_status, first_run_key)
SELECT article_id, guid, url, canonical_url, feed, lang, title, summary,
       CASE WHEN staged_text IS NOT DISTINCT FROM feed_text(title, summary) THEN NULL ELSE staged_text END,
       published_at, date_flag, fetched_at, fulltext_status, $run_key
FROM (
    SELECT article_id, guid, url, canonical_url, feed, lang, coalesce(title, '') AS title, summary,
           coalesce(text, title, '') AS staged_text, published_at::TIMESTAMP AS published_at, date_flag,
           fetched_at::TIMESTAMP AS fetched_at, fulltext_status
    FROM new_articles
);

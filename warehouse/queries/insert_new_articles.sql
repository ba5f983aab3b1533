-- Append the rows new_article_rows selected (registered as new_articles). `text`, `url` and `guid` are
-- derived (migrations 0400, 0500): the staged text is stored in `fulltext` only when feed_text(title,
-- summary) would not give it back, the link in `url_stored` only when it is not the canonical URL, and the
-- guid in `guid_stored` only when it is not the link, so nothing the feed delivered is lost.
INSERT INTO articles (article_id, guid_stored, guid_is_url, url_stored, canonical_url, feed, lang, title, summary,
                      fulltext, published_at, date_flag, fetched_at, fulltext_status, first_run_key)
SELECT article_id,
       CASE WHEN guid = url THEN NULL ELSE guid END, coalesce(guid = url, false),
       CASE WHEN url = canonical_url THEN NULL ELSE url END, canonical_url,
       feed, lang, title, summary,
       CASE WHEN staged_text IS NOT DISTINCT FROM feed_text(title, summary) THEN NULL ELSE staged_text END,
       published_at, date_flag, fetched_at, fulltext_status, $run_key
FROM (
    SELECT article_id, guid, url, canonical_url, feed, lang, coalesce(title, '') AS title, summary,
           coalesce(text, title, '') AS staged_text, published_at::TIMESTAMP AS published_at, date_flag,
           fetched_at::TIMESTAMP AS fetched_at, fulltext_status
    FROM new_articles
);

-- Append the rows new_article_rows selected (registered as new_articles).
INSERT INTO articles (article_id, guid, url, canonical_url, feed, lang, title, summary, text,
                      published_at, date_flag, fetched_at, fulltext_status, first_run_key)
SELECT article_id, guid, url, canonical_url, feed, lang, coalesce(title, ''), summary,
       coalesce(text, title, ''), published_at::TIMESTAMP, date_flag, fetched_at::TIMESTAMP,
       fulltext_status, $run_key
FROM new_articles;

-- Is a digest day's data in? The first ingest run that covered the day: every fetch of it started after the
-- day had ended ($day_end, naive UTC like started_at) and at least one feed answered (new or not modified).
-- Its articles are in once every article fetched up to that run's end has been extracted (newsmon_extract
-- runs after each ingest). No row: no ingest has covered the day yet.
WITH covering AS (
    SELECT run_key, max(coalesce(finished_at, started_at)) AS finished
    FROM feed_fetches
    GROUP BY run_key
    HAVING min(started_at) >= $day_end AND bool_or(outcome IN ('new', 'not_modified'))
    ORDER BY finished, run_key
    LIMIT 1
)
SELECT c.run_key, c.finished,
       (SELECT count(*) FROM articles a ANTI JOIN article_extractions e USING (article_id)
        WHERE a.fetched_at <= c.finished) AS unextracted
FROM covering c;

-- Share-price moves reported on the digest day, largest move first, with the sentence (and its article's
-- language) of the earliest report that gave the period, so the digest can quote the period as written.
WITH said AS (
    SELECT ds.deal_id, f.sentence, a.lang
    FROM stock_moves s
    JOIN deal_sources ds ON ds.deal_type = 'stock_moves' AND ds.deal_id = s.deal_id
    JOIN facts f ON f.fact_id = ds.fact_id
    JOIN articles a ON a.article_id = ds.article_id
    WHERE s.as_of = $day AND json_extract_string(f.payload, '$.period') = s.period
    QUALIFY row_number() OVER (PARTITION BY ds.deal_id ORDER BY a.published_at, f.fact_id) = 1
)
SELECT s.deal_id, s.company, s.percent, s.direction, s.period, s.sources,
       said.sentence AS period_sentence, said.lang AS period_lang
FROM stock_moves s LEFT JOIN said USING (deal_id)
WHERE s.as_of = $day
ORDER BY abs(s.percent) DESC, s.company;

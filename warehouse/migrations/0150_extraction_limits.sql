-- Where extraction was bounded (warehouse/extraction_limits.py), one row per article, extractor version and kind:
--   'text_cap'  the article's text was longer than NEWSMON_EXTRACT_MAX_CHARS; its facts come from the first
--               kept_chars characters (cut at a paragraph or sentence end), text_chars is the full length;
--   'deadline'  its extraction ran past its time limit (`seconds`): it has no results from this extractor
--               version (earlier facts stay) and is not staged again for it unless `reprocess_all`.
CREATE TABLE extraction_limits (
    article_id        VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL CHECK (kind IN ('text_cap', 'deadline')),
    text_chars        BIGINT NOT NULL,
    kept_chars        BIGINT,
    seconds           DOUBLE,
    run_key           VARCHAR NOT NULL,
    recorded_at       TIMESTAMP NOT NULL,
    note              VARCHAR NOT NULL,
    PRIMARY KEY (article_id, extractor_version, kind)
);

-- One row per digest day: what was rendered and whether (and to whom) it was sent.
CREATE TABLE digests (
    digest_date       DATE PRIMARY KEY,         -- the calendar day (NEWSMON_TZ) the digest covers
    status            VARCHAR NOT NULL,         -- rendered | sent | failed | skipped_quiet
    recipients        VARCHAR,                  -- comma-separated
    message_id        VARCHAR,
    subject           VARCHAR,
    items             INTEGER NOT NULL DEFAULT 0,
    rendered_at       TIMESTAMP NOT NULL,
    sent_at           TIMESTAMP,
    send_attempts     INTEGER NOT NULL DEFAULT 0,
    error             VARCHAR,
    message           VARCHAR                   -- the full RFC 5322 message as rendered
);

-- The landscape: companies, what extraction found in each article, and one row per real-world event.
-- Typed tables (funding_rounds, valuations, investments, acquisitions, stock_moves, model_releases) are
-- rebuilt from `facts` after every extraction load, clustering reports of the same event across outlets
-- and languages; `deal_sources` links each event to every article that reported it.

CREATE TABLE companies (
    company_id        VARCHAR PRIMARY KEY,      -- stable slug, e.g. 'mistral-ai'
    name              VARCHAR NOT NULL UNIQUE,  -- canonical name
    aliases           VARCHAR[] NOT NULL DEFAULT [],
    kind              VARCHAR NOT NULL,         -- lab, bigtech, chipmaker, cloud, startup, investor, sovereign_fund,
                                                -- corporate_vc, bank, media, other; 'discovered' = found outside the KB
    country           VARCHAR,
    parent_company_id VARCHAR,
    ticker            VARCHAR,
    source            VARCHAR NOT NULL,         -- 'knowledge_base' | 'discovered'
    first_seen        DATE                      -- for discovered companies: date of the first article naming it
);

-- Which extractor version last processed each article (the extract DAG's to-do list is the difference).
CREATE TABLE article_extractions (
    article_id        VARCHAR PRIMARY KEY,
    extractor_version VARCHAR NOT NULL,
    extracted_at      TIMESTAMP NOT NULL,
    lang              VARCHAR,
    orgs              INTEGER NOT NULL,
    money             INTEGER NOT NULL,
    facts             INTEGER NOT NULL
);

CREATE TABLE mentions (
    article_id        VARCHAR NOT NULL,
    company_id        VARCHAR NOT NULL,
    sentence          VARCHAR NOT NULL,
    start             INTEGER NOT NULL,         -- character offsets of the mention in articles.text
    "end"             INTEGER NOT NULL,
    confidence        DOUBLE NOT NULL,
    published_on      DATE NOT NULL,            -- copied from the article: mention counts per day need no join
    extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, company_id, start)
);

CREATE TABLE facts (
    fact_id           VARCHAR PRIMARY KEY,      -- sha1 of article_id, type, evidence offsets and key fields
    type              VARCHAR NOT NULL,         -- funding_round | investment | acquisition | valuation | stock_move | model_release
    article_id        VARCHAR NOT NULL,
    payload           JSON NOT NULL,            -- the fact exactly as the extraction contract emits it
    sentence          VARCHAR NOT NULL,         -- evidence sentence
    sentence_start    INTEGER NOT NULL,
    sentence_end      INTEGER NOT NULL,
    confidence        DOUBLE NOT NULL,
    status            VARCHAR NOT NULL DEFAULT 'completed',   -- completed | talks
    published_on      DATE NOT NULL,
    extractor_version VARCHAR NOT NULL
);
CREATE INDEX facts_article ON facts (article_id);

-- Currency conversion: USD per unit of currency on a date (ECB reference rates, bundled snapshot + refresh).
CREATE TABLE fx_rates (
    currency          VARCHAR NOT NULL,
    rate_date         DATE NOT NULL,
    usd_per_unit      DOUBLE NOT NULL,
    source            VARCHAR NOT NULL,         -- 'ecb-snapshot' | 'ecb'
    PRIMARY KEY (currency, rate_date)
);

CREATE TABLE funding_rounds (
    deal_id           VARCHAR PRIMARY KEY,
    investee          VARCHAR NOT NULL,         -- canonical company name
    investee_id       VARCHAR NOT NULL,
    amount            DOUBLE,
    currency          VARCHAR,
    amount_usd        DOUBLE,
    valuation         DOUBLE,
    valuation_currency VARCHAR,
    valuation_usd     DOUBLE,
    round             VARCHAR NOT NULL,         -- seed, series_a .. series_f, growth, debt, unknown
    investors         VARCHAR[] NOT NULL DEFAULT [],
    lead_investor     VARCHAR,
    status            VARCHAR NOT NULL,         -- completed | talks (promoted when a later report confirms)
    announced_on      DATE NOT NULL,            -- date of the first report
    last_reported_on  DATE NOT NULL,
    sources           INTEGER NOT NULL,         -- distinct articles reporting this deal
    rate_date         DATE,                     -- fx rate date used for the *_usd columns
    conflicting       BOOLEAN NOT NULL DEFAULT false,   -- reports disagree (e.g. two valuations)
    conflict_note     VARCHAR
);

CREATE TABLE valuations (
    deal_id           VARCHAR PRIMARY KEY,
    company           VARCHAR NOT NULL,
    company_id        VARCHAR NOT NULL,
    amount            DOUBLE NOT NULL,
    currency          VARCHAR NOT NULL,
    amount_usd        DOUBLE,
    status            VARCHAR NOT NULL,
    as_of             DATE NOT NULL,
    sources           INTEGER NOT NULL,
    rate_date         DATE
);

CREATE TABLE investments (
    deal_id           VARCHAR PRIMARY KEY,
    investor          VARCHAR NOT NULL,
    investor_id       VARCHAR NOT NULL,
    investee          VARCHAR NOT NULL,
    investee_id       VARCHAR NOT NULL,
    amount            DOUBLE,
    currency          VARCHAR,
    amount_usd        DOUBLE,
    cumulative_amount DOUBLE,
    status            VARCHAR NOT NULL,
    as_of             DATE NOT NULL,
    sources           INTEGER NOT NULL,
    rate_date         DATE
);

CREATE TABLE acquisitions (
    deal_id           VARCHAR PRIMARY KEY,
    acquirer          VARCHAR NOT NULL,
    acquirer_id       VARCHAR NOT NULL,
    target            VARCHAR NOT NULL,
    target_id         VARCHAR NOT NULL,
    amount            DOUBLE,
    currency          VARCHAR,
    amount_usd        DOUBLE,
    status            VARCHAR NOT NULL,
    as_of             DATE NOT NULL,
    sources           INTEGER NOT NULL,
    rate_date         DATE
);

CREATE TABLE stock_moves (
    deal_id           VARCHAR PRIMARY KEY,
    company           VARCHAR NOT NULL,
    company_id        VARCHAR NOT NULL,
    percent           DOUBLE NOT NULL,
    direction         VARCHAR NOT NULL,         -- up | down
    period            VARCHAR,
    as_of             DATE NOT NULL,
    sources           INTEGER NOT NULL
);

CREATE TABLE model_releases (
    deal_id           VARCHAR PRIMARY KEY,
    company           VARCHAR NOT NULL,
    company_id        VARCHAR NOT NULL,
    model             VARCHAR NOT NULL,
    as_of             DATE NOT NULL,
    sources           INTEGER NOT NULL
);

-- Bridge: every article (and the fact in it) behind every event row of the typed tables.
CREATE TABLE deal_sources (
    deal_type         VARCHAR NOT NULL,         -- typed table name, e.g. 'funding_rounds'
    deal_id           VARCHAR NOT NULL,
    article_id        VARCHAR NOT NULL,
    fact_id           VARCHAR NOT NULL,
    PRIMARY KEY (deal_type, deal_id, fact_id)
);

-- Pre-aggregated mention counts (maintained on load) so landscape views stay fast on millions of mentions.
CREATE TABLE company_daily_mentions (
    company_id        VARCHAR NOT NULL,
    day               DATE NOT NULL,
    mentions          INTEGER NOT NULL,
    articles          INTEGER NOT NULL,
    PRIMARY KEY (company_id, day)
);

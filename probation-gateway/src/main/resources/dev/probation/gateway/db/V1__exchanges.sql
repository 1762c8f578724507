-- One schema for SQLite and PostgreSQL: times are epoch milliseconds, booleans are 0/1 integers.
CREATE TABLE exchanges (
    id               VARCHAR(64) PRIMARY KEY,
    kind             VARCHAR(16) NOT NULL,
    shadow_of        VARCHAR(64),
    started_at       BIGINT NOT NULL,
    duration_ms      DOUBLE PRECISION NOT NULL,
    upstream_ms      DOUBLE PRECISION NOT NULL,
    status           INTEGER NOT NULL,
    streamed         INTEGER NOT NULL,
    model            TEXT NOT NULL,
    client_tag       TEXT NOT NULL,
    path             TEXT NOT NULL,
    request_body     TEXT NOT NULL,
    response_body    TEXT NOT NULL,
    answer           TEXT NOT NULL,
    reasoning        TEXT NOT NULL,
    finish_reason    TEXT NOT NULL,
    input_tokens     INTEGER NOT NULL,
    output_tokens    INTEGER NOT NULL,
    reasoning_tokens INTEGER NOT NULL,
    error            TEXT,
    flagged          INTEGER NOT NULL
);
CREATE INDEX exchanges_started ON exchanges (started_at);
CREATE INDEX exchanges_model ON exchanges (model, started_at);
CREATE INDEX exchanges_shadow ON exchanges (shadow_of);

CREATE TABLE verdicts (
    exchange_id VARCHAR(64) NOT NULL,
    detector    VARCHAR(64) NOT NULL,
    label       TEXT NOT NULL,
    flagged     INTEGER NOT NULL,
    score       DOUBLE PRECISION NOT NULL,
    explanation TEXT NOT NULL,
    evidence    TEXT NOT NULL,
    PRIMARY KEY (exchange_id, detector)
);
CREATE INDEX verdicts_detector ON verdicts (detector, flagged);

CREATE TABLE alerts (
    id         VARCHAR(64) PRIMARY KEY,
    raised_at  BIGINT NOT NULL,
    model      TEXT NOT NULL,
    detector   TEXT NOT NULL,
    rate       DOUBLE PRECISION NOT NULL,
    baseline   DOUBLE PRECISION NOT NULL,
    statistic  DOUBLE PRECISION NOT NULL,
    samples    BIGINT NOT NULL,
    message    TEXT NOT NULL
);
CREATE INDEX alerts_raised ON alerts (raised_at);

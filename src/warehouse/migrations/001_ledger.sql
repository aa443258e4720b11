-- The load ledger: one row per attempt to load one unit of work (a billing period of one source).
-- `status` moves running -> succeeded | failed; a process killed mid-load leaves `running`, which the
-- next writer marks `interrupted` (it holds the database lock, so the old process is gone).
CREATE SEQUENCE finops_meta.load_id_seq START 1;

CREATE TABLE finops_meta.loads (
    load_id         BIGINT PRIMARY KEY DEFAULT nextval('finops_meta.load_id_seq'),
    source_type     VARCHAR NOT NULL,            -- e.g. aws-cur
    source_name     VARCHAR NOT NULL,            -- the export's name, or the name given in config.toml
    billing_period  VARCHAR NOT NULL,            -- YYYY-MM
    location        VARCHAR,                     -- where the delivery lives, e.g. s3://bucket/prefix
    manifest_key    VARCHAR,
    version_id      VARCHAR,                     -- assemblyId, executionId or a fingerprint of the files
    target_table    VARCHAR,                     -- e.g. aws_billing.billing_2024_03
    status          VARCHAR NOT NULL,            -- running, succeeded, failed, interrupted
    forced          BOOLEAN NOT NULL DEFAULT false,
    files           INTEGER,
    bytes           BIGINT,
    rows            BIGINT,
    cost_totals     VARCHAR,                     -- JSON {currency: exact decimal text} of the reconciled cost
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    fetch_ms        BIGINT,
    stage_ms        BIGINT,
    publish_ms      BIGINT,
    message         VARCHAR                      -- why it failed, or a note
);

CREATE TABLE finops_meta.load_files (
    load_id   BIGINT NOT NULL,
    key       VARCHAR NOT NULL,
    size      BIGINT NOT NULL,
    etag      VARCHAR,
    rows      BIGINT
);

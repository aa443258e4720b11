-- Cost anomalies found in focus.costs (src/detect/): one row per series, day and detector. The
-- fingerprint (md5 of series key, day and detector) makes detection idempotent: running it again over
-- the same data finds the same rows, and a row that was alerted once is never alerted again.
--   status: new (not sent yet), alerted (sent as the head of an alert), grouped (part of an incident
--   whose alert was already sent: the same series, a finding at most anomalies.group_days earlier).
--   resolved_at: set once a later day of the series is no longer anomalous.
CREATE TABLE finops_meta.anomalies (
    fingerprint       VARCHAR PRIMARY KEY,
    series_key        VARCHAR NOT NULL,            -- metric|provider|sub account|service|tag=value|currency
    metric            VARCHAR NOT NULL,            -- EffectiveCost or BilledCost
    provider          VARCHAR NOT NULL,
    sub_account_id    VARCHAR NOT NULL,
    sub_account_name  VARCHAR,
    service_name      VARCHAR NOT NULL,
    tag_key           VARCHAR,                     -- set when the series are split by a tag
    tag_value         VARCHAR,
    currency          VARCHAR NOT NULL,
    day               DATE NOT NULL,               -- UTC day of ChargePeriodStart
    detector          VARCHAR NOT NULL,            -- zscore, robust, seasonal
    actual            DECIMAL(38,18) NOT NULL,     -- the day's exact sum
    expected          DECIMAL(38,6) NOT NULL,      -- the detector's baseline
    impact            DECIMAL(38,6) NOT NULL,      -- actual - expected
    score             DOUBLE NOT NULL,             -- (actual - expected) / the detector's spread
    status            VARCHAR NOT NULL,
    alert_key         VARCHAR,                     -- the alert this row was sent in (alerted, grouped)
    first_seen        TIMESTAMPTZ NOT NULL,
    last_seen         TIMESTAMPTZ NOT NULL,
    alerted_at        TIMESTAMPTZ,
    resolved_at       TIMESTAMPTZ
);

-- Which sink has delivered which alert, so a sink that failed is retried on the next run without
-- sending the alert again to the sinks that had it. Shared by every kind of alert (anomaly:..., ...).
CREATE TABLE finops_meta.alert_deliveries (
    alert_key     VARCHAR NOT NULL,
    sink          VARCHAR NOT NULL,
    delivered_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (alert_key, sink)
);

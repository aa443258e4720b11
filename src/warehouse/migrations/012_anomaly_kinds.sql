-- Kinds of anomaly and expected ranges (src/detect/): what changed, and the range the day could have
-- taken without a finding. Rows stored before this migration were all spikes.
--   kind: spike (a day or a few), level_shift (a step that stays, said once on its first day), new (a
--   series that appeared: actual is its first week's cost), stopped (spend that stopped: actual 0).
ALTER TABLE finops_meta.anomalies ADD COLUMN kind VARCHAR DEFAULT 'spike';
ALTER TABLE finops_meta.anomalies ADD COLUMN expected_low DECIMAL(38,6);
ALTER TABLE finops_meta.anomalies ADD COLUMN expected_high DECIMAL(38,6);

-- The daily series around each stored finding, for the dashboard's small charts: the day's cost (NULL
-- when no source delivered data that day) and, where the forecast detector scored the day, its expected
-- cost and range. Kept for the series that have findings; refreshed by every run of finops anomalies.
CREATE TABLE finops_meta.anomaly_series_days (
    series_key     VARCHAR NOT NULL,
    day            DATE NOT NULL,
    actual         DECIMAL(38,18),
    expected       DECIMAL(38,6),
    expected_low   DECIMAL(38,6),
    expected_high  DECIMAL(38,6),
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (series_key, day)
);

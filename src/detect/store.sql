-- Stores a detection run (anomaly_series, anomaly_daily, anomaly_findings, anomaly_band) in
-- finops_meta.anomalies and finops_meta.anomaly_series_days.
-- Idempotent: a finding is keyed by its fingerprint; finding it again refreshes its numbers (restated
-- data, or a spike that turned out to be the first day of a level shift) and keeps its status, so an
-- alerted finding is never alerted again.
INSERT INTO finops_meta.anomalies AS a
    (fingerprint, series_key, metric, provider, sub_account_id, sub_account_name, service_name, tag_key,
     tag_value, currency, day, detector, kind, actual, expected, expected_low, expected_high, impact, score,
     status, first_seen, last_seen)
SELECT md5(f.series_key || '|' || CAST(f.day AS VARCHAR) || '|' || f.detector),
       f.series_key, s.metric, s.provider, s.sub_account_id, s.sub_account_name, s.service_name, s.tag_key,
       s.tag_value, s.currency, f.day, f.detector, f.kind, f.actual, f.expected, f.expected_low,
       f.expected_high, f.impact, f.score, 'new', now(), now()
FROM anomaly_findings AS f
JOIN anomaly_series AS s USING (series_key)
ON CONFLICT (fingerprint) DO UPDATE SET
    kind = excluded.kind, actual = excluded.actual, expected = excluded.expected,
    expected_low = excluded.expected_low, expected_high = excluded.expected_high, impact = excluded.impact,
    score = excluded.score, last_seen = excluded.last_seen;

-- A finding that was never alerted and that this run, over the same days and series, no longer makes
-- (restated data, changed settings, the later days of a level shift) is withdrawn. Alerted findings stay
-- as the record of what was sent.
DELETE FROM finops_meta.anomalies AS a
WHERE a.status = 'new'
  AND a.metric = $metric_name
  AND coalesce(a.tag_key, '') = $tag_key
  AND a.day >= CAST($since AS DATE)
  AND NOT EXISTS (
      SELECT 1 FROM anomaly_findings AS f
      WHERE f.series_key = a.series_key AND f.day = a.day AND f.detector = a.detector);

-- Resolved: the series has a later day with data than the finding, and that day is back to normal. A
-- spike is over when the latest day is not anomalous; stopped spend when it is spending again. A level
-- shift and new spend are changes that stay: they are not resolved by the days after them.
UPDATE finops_meta.anomalies AS a SET resolved_at = now()
FROM (
    SELECT d.series_key, arg_max(d.day, d.day) AS last_day, arg_max(d.cost, d.day) AS last_cost
    FROM anomaly_daily AS d
    WHERE d.cost IS NOT NULL
    GROUP BY d.series_key
) AS latest
WHERE a.series_key = latest.series_key
  AND a.resolved_at IS NULL
  AND a.day < latest.last_day
  AND CASE a.kind
          WHEN 'spike' THEN NOT EXISTS (
              SELECT 1 FROM anomaly_findings AS f
              WHERE f.series_key = latest.series_key AND f.day = latest.last_day)
          WHEN 'stopped' THEN latest.last_cost > 0
          ELSE false
      END;

-- The series around this run's findings, from 4 weeks before the first day reported, for the charts.
INSERT OR REPLACE INTO finops_meta.anomaly_series_days
    (series_key, day, actual, expected, expected_low, expected_high, updated_at)
SELECT d.series_key, d.day, d.cost, b.expected, b.expected_low, b.expected_high, now()
FROM anomaly_daily AS d
LEFT JOIN anomaly_band AS b USING (series_key, day)
WHERE d.day >= CAST($since AS DATE) - 28
  AND d.series_key IN (SELECT series_key FROM anomaly_findings);

DELETE FROM finops_meta.anomaly_series_days AS d
WHERE NOT EXISTS (SELECT 1 FROM finops_meta.anomalies AS a WHERE a.series_key = d.series_key);

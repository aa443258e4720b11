-- Stores a detection run (anomaly_series, anomaly_daily, anomaly_findings) in finops_meta.anomalies.
-- Idempotent: a finding is keyed by its fingerprint; finding it again refreshes its numbers (restated
-- data) and keeps its status, so an alerted finding is never alerted again.
INSERT INTO finops_meta.anomalies AS a
    (fingerprint, series_key, metric, provider, sub_account_id, sub_account_name, service_name, tag_key,
     tag_value, currency, day, detector, actual, expected, impact, score, status, first_seen, last_seen)
SELECT md5(f.series_key || '|' || CAST(f.day AS VARCHAR) || '|' || f.detector),
       f.series_key, s.metric, s.provider, s.sub_account_id, s.sub_account_name, s.service_name, s.tag_key,
       s.tag_value, s.currency, f.day, f.detector, f.actual, f.expected, f.impact, f.score, 'new', now(), now()
FROM anomaly_findings AS f
JOIN anomaly_series AS s USING (series_key)
ON CONFLICT (fingerprint) DO UPDATE SET
    actual = excluded.actual, expected = excluded.expected, impact = excluded.impact,
    score = excluded.score, last_seen = excluded.last_seen;

-- A finding that was never alerted and that this run, over the same days and series, no longer makes
-- (restated data, changed settings) is withdrawn. Alerted findings stay as the record of what was sent.
DELETE FROM finops_meta.anomalies AS a
WHERE a.status = 'new'
  AND a.metric = $metric_name
  AND coalesce(a.tag_key, '') = $tag_key
  AND a.day >= CAST($since AS DATE)
  AND NOT EXISTS (
      SELECT 1 FROM anomaly_findings AS f
      WHERE f.series_key = a.series_key AND f.day = a.day AND f.detector = a.detector);

-- Resolved: the series has a later day than the finding, and its latest day is not anomalous.
UPDATE finops_meta.anomalies AS a SET resolved_at = now()
FROM (
    SELECT d.series_key, max(d.day) AS last_day
    FROM anomaly_daily AS d
    GROUP BY d.series_key
) AS latest
WHERE a.series_key = latest.series_key
  AND a.resolved_at IS NULL
  AND a.day < latest.last_day
  AND NOT EXISTS (
      SELECT 1 FROM anomaly_findings AS f
      WHERE f.series_key = latest.series_key AND f.day = latest.last_day);

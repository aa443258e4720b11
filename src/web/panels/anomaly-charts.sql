-- The daily series around each of the listed findings, for the anomalies page's small charts: 4 weeks
-- before the finding's day to a week after, from finops_meta.anomaly_series_days (stored by finops
-- anomalies). Money as exact decimal text; actual is null on a day no source delivered data.
SELECT a.fingerprint,
       list({
           'day': CAST(d.day AS VARCHAR),
           'actual': CAST(CAST(d.actual AS DECIMAL(38,2)) AS VARCHAR),
           'expected': CAST(CAST(d.expected AS DECIMAL(38,2)) AS VARCHAR),
           'low': CAST(CAST(d.expected_low AS DECIMAL(38,2)) AS VARCHAR),
           'high': CAST(CAST(d.expected_high AS DECIMAL(38,2)) AS VARCHAR)
       } ORDER BY d.day) AS chart
FROM finops_meta.anomalies AS a
JOIN finops_meta.anomaly_series_days AS d
  ON d.series_key = a.series_key AND d.day BETWEEN a.day - 28 AND a.day + 7
WHERE list_contains($fingerprints, a.fingerprint)
GROUP BY a.fingerprint

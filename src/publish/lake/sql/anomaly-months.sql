-- The months of the stored anomalies (by the finding's day) and a digest of their rows: status changes
-- (alerted, resolved) change it as much as new findings do.
SELECT strftime(day, '%Y-%m') AS period,
       count(*)::INTEGER AS rows,
       md5(string_agg(CAST(a AS VARCHAR), chr(10) ORDER BY fingerprint)) AS digest
FROM finops_meta.anomalies AS a
WHERE ($start IS NULL OR strftime(day, '%Y-%m') >= $start) AND ($end IS NULL OR strftime(day, '%Y-%m') <= $end)
GROUP BY 1
ORDER BY 1

-- The expected cost of every day with data and a ready model ($min_points days of history): from the
-- fit on the history adjusted for a level shift (anomaly_fits2) where there is one, else from
-- anomaly_fits1. mu = level + the day's weekday factor + month effect, in logs; spread in logs.
CREATE OR REPLACE TEMP TABLE anomaly_expected AS
WITH fits AS (
    SELECT sid, t, n, spread, level, month_effect, 2 AS pass FROM anomaly_fits2
    UNION ALL
    SELECT f.sid, f.t, f.n, f.spread, f.level, f.month_effect, 1 AS pass
    FROM anomaly_fits1 AS f
    ANTI JOIN anomaly_fits2 AS g USING (sid, t)
),
factors AS (
    SELECT *, 2 AS pass FROM anomaly_fits2_factors
    UNION ALL
    SELECT *, 1 AS pass FROM anomaly_fits1_factors
)
SELECT p.series_key, p.day, p.sid, p.dn, p.cost AS actual, p.y, f.spread, f.n,
       f.level + coalesce(w.factor, 0) + f.month_effect                 AS mu
FROM anomaly_points AS p
JOIN fits AS f ON f.sid = p.sid AND f.t = p.dn
LEFT JOIN factors AS w ON w.sid = f.sid AND w.t = f.t AND w.dow = p.dow AND w.pass = f.pass
WHERE f.n >= $min_points;

-- The forecast detector's inputs, from anomaly_daily:
--   anomaly_points: the days with data (a day no source delivered is not a point: it neither counts as
--                   history nor gets a score), cost in logs (growth, weekly factors and spikes are
--                   multiplicative), weekday and month phase (first or last day of the month). sid and
--                   dn number the series and days, so the joins below run on integers.
--   anomaly_pairs:  for each day t from $fit_from on, its history: the points of the $history days before
--                   it, x = days from t (negative), x_start = where that history begins. Days of a
--                   series younger than $min_points days are left out: they are never scored.
-- A day without spend (0) becomes ln(0.01): far below any history, which the robust fits shrug off.

-- Tukey's trimean, (Q1 + 2 x median + Q3) / 4: as robust as the median to a few outliers in a week or
-- a month of days, and closer to the mean's precision on ordinary noise.
CREATE OR REPLACE TEMP MACRO trimean(v) AS list_sum(quantile_cont(v, [0.25, 0.5, 0.5, 0.75])) / 4;

CREATE OR REPLACE TEMP TABLE anomaly_points AS
SELECT series_key, day,
       CAST(dense_rank() OVER (ORDER BY series_key) AS INTEGER)         AS sid,
       CAST(day - DATE '1970-01-01' AS INTEGER)                         AS dn,
       cost,
       ln(greatest(CAST(cost AS DOUBLE), 0.01))                         AS y,
       CAST(isodow(day) AS TINYINT)                                     AS dow,
       CAST(CASE WHEN dayofmonth(day) = 1 THEN 1 WHEN day = last_day(day) THEN 2 ELSE 0 END AS TINYINT) AS phase
FROM anomaly_daily
WHERE cost IS NOT NULL;

CREATE OR REPLACE TEMP TABLE anomaly_pairs AS
WITH first AS (SELECT sid, min(dn) AS first_dn FROM anomaly_points GROUP BY sid)
SELECT t.sid, t.dn AS t, t.phase AS t_phase,
       CAST(h.dn - t.dn AS SMALLINT)                                    AS x,
       CAST(greatest(-$history, first.first_dn - t.dn) AS SMALLINT)     AS x_start,
       h.dow, h.phase, h.y
FROM anomaly_points AS t
JOIN first USING (sid)
JOIN anomaly_points AS h ON h.sid = t.sid AND h.dn < t.dn AND h.dn >= t.dn - $history
WHERE t.day >= CAST($fit_from AS DATE)
  AND t.dn - first.first_dn >= $min_points;

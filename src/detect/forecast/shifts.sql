-- Level shifts: a step that stays. Day t starts one when, by the model fitted on the days before t
-- (anomaly_fits1), t itself, the median of the $shift_days days from t and the median of their second
-- half are all more than $shift_score spreads off, the same way (at least $shift_days - 2 of the days
-- with data). A spike of up to three days moves neither median of a week; a step moves both. The model
-- of t is extrapolated over the week (level + trend + weekday factor), so the days after t are judged
-- by the history before the step only.
--   anomaly_shifts:         the first day of each run of such days (start, direction +1 or -1, delta: the
--                           step in logs, the median of the week). `kept`: of starts closer than
--                           $history days, only the first adjusts the history (the fits of the days
--                           after a step are still settling and may see another).
--   anomaly_pairs_adjusted: the histories of the days after a confirmed step (start + $shift_days <= t),
--                           the days before the step moved by delta, so the new level is normal at once.
CREATE OR REPLACE TEMP TABLE anomaly_shift_days AS
WITH ahead AS (
    SELECT f.sid, f.t, f.spread, p.dn,
           p.y - (f.level + f.slope * (p.dn - f.t) + coalesce(w.factor, 0)
                  + CASE WHEN p.dn = f.t THEN f.month_effect ELSE 0 END) AS e
    FROM anomaly_fits1 AS f
    JOIN anomaly_points AS p ON p.sid = f.sid AND p.dn >= f.t AND p.dn < f.t + $shift_days
    LEFT JOIN anomaly_fits1_factors AS w ON w.sid = f.sid AND w.t = f.t AND w.dow = p.dow
    WHERE f.n >= $min_points
),
tests AS (
    SELECT sid, t, any_value(spread) AS spread, count(*) AS n, median(e) AS delta,
           median(e) FILTER (WHERE dn >= t + $shift_days // 2)          AS later,
           max(e) FILTER (WHERE dn = t)                                 AS first_e
    FROM ahead
    GROUP BY sid, t
)
SELECT sid, t, delta,
       CASE WHEN n < $shift_days - 2 THEN 0
            WHEN least(first_e, delta, later) > $shift_score * spread THEN 1
            WHEN greatest(first_e, delta, later) < -$shift_score * spread THEN -1
            ELSE 0
       END AS direction
FROM tests;

CREATE OR REPLACE TEMP TABLE anomaly_shifts AS
WITH RECURSIVE starts AS (
    SELECT sid, t AS start, direction, delta
    FROM (SELECT *, lag(direction) OVER (PARTITION BY sid ORDER BY t) AS before FROM anomaly_shift_days)
    WHERE direction <> 0 AND coalesce(before, 0) <> direction
),
kept(sid, start) AS (
    SELECT sid, min(start) FROM starts GROUP BY sid
    UNION ALL
    SELECT s.sid, min(s.start)
    FROM kept AS k
    JOIN starts AS s ON s.sid = k.sid AND s.start >= k.start + $history
    GROUP BY s.sid
)
SELECT s.*, k.start IS NOT NULL AS kept, p.series_key, p.day
FROM starts AS s
JOIN anomaly_points AS p ON p.sid = s.sid AND p.dn = s.start
LEFT JOIN kept AS k ON k.sid = s.sid AND k.start = s.start;

CREATE OR REPLACE TEMP TABLE anomaly_pairs_adjusted AS
SELECT p.sid, p.t, p.t_phase, p.x, p.x_start, p.dow, p.phase,
       CASE WHEN p.t + p.x < s.start THEN p.y + s.delta ELSE p.y END   AS y
FROM anomaly_pairs AS p
JOIN anomaly_shifts AS s
  ON s.kept AND s.sid = p.sid AND s.start + $shift_days <= p.t AND s.start > p.t - $history;

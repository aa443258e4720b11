-- Fits the expected cost of each day t from its history in {{pairs}} (sid, t, t_phase, x, x_start, dow,
-- phase, y), in logs, into {{fits}} (one row per series and day) and {{fits}}_factors (weekday factors
-- per series, day and weekday). Robust at every step, so past spikes and outages barely move it:
--   1. a rough line through the history: a resistant line through two groups, the older and the newer
--      half of the history, each summed up by its median (and the mean of its x);
--   2. weekday factors: per weekday, the trimean distance of its days from the rough line, centred so
--      the seven add to zero (a weekday with fewer than 2 days in the history gets none);
--   3. level and trend: the resistant line again, through the history without its weekday factors,
--      each half summed up by its trimean; level = the line at t;
--   4. spread: 1.4826 x the MAD of what is left (the standard deviation MAD implies for normal noise),
--      widened for what the fit itself does not know: x sqrt(1 + $spread_widening / (n - 9)), n the
--      days of history and 9 what the fit takes from them (7 factors, level and trend); never below
--      $spread_floor. The widening is measured: it makes the spread the typical error of the day after;
--   5. month phase: when the history's first (or last) days of the month (two of them in nine weeks)
--      were all more than 2 spreads above (or below) the line, a day t of the same phase gets their
--      median as an effect; a single one (a gap or a young series hid the other) must be 3 spreads off.
-- Expected (log) for day t = level + factor of t's weekday + month effect.
CREATE OR REPLACE TEMP TABLE {{fits}}_rough AS
WITH halves AS (
    SELECT sid, t, x >= x_start / 2 AS newer, median(y) AS ym, avg(x) AS xm, count(*) AS n
    FROM {{pairs}}
    GROUP BY ALL
)
SELECT sid, t,
       CASE WHEN min(n) >= 7 AND count(*) = 2
            THEN (max(ym) FILTER (WHERE newer) - max(ym) FILTER (WHERE NOT newer))
                 / (max(xm) FILTER (WHERE newer) - max(xm) FILTER (WHERE NOT newer))
            ELSE 0
       END                                                              AS slope,
       max(ym) FILTER (WHERE newer)                                      AS y2,
       max(xm) FILTER (WHERE newer)                                      AS x2
FROM halves
GROUP BY sid, t;

CREATE OR REPLACE TEMP TABLE {{fits}}_factors AS
WITH raw AS (
    SELECT p.sid, p.t, p.dow, trimean(p.y - (r.y2 + r.slope * (p.x - r.x2))) AS factor, count(*) AS n
    FROM {{pairs}} AS p
    JOIN {{fits}}_rough AS r USING (sid, t)
    GROUP BY p.sid, p.t, p.dow
)
SELECT sid, t, dow,
       CASE WHEN n >= 2 THEN factor - avg(factor) FILTER (WHERE n >= 2) OVER (PARTITION BY sid, t) ELSE 0 END AS factor
FROM raw;

CREATE OR REPLACE TEMP TABLE {{fits}} AS
WITH deseasoned AS (
    SELECT p.sid, p.t, p.t_phase, p.x, p.x_start, p.phase, p.y - coalesce(f.factor, 0) AS z
    FROM {{pairs}} AS p
    LEFT JOIN {{fits}}_factors AS f USING (sid, t, dow)
),
halves AS (
    SELECT sid, t, x >= x_start / 2 AS newer, trimean(z) AS zm, avg(x) AS xm, count(*) AS n
    FROM deseasoned
    GROUP BY ALL
),
line AS (
    SELECT sid, t,
           CASE WHEN min(n) >= 7 AND count(*) = 2
                THEN (max(zm) FILTER (WHERE newer) - max(zm) FILTER (WHERE NOT newer))
                     / (max(xm) FILTER (WHERE newer) - max(xm) FILTER (WHERE NOT newer))
                ELSE 0
           END                                                          AS slope,
           max(zm) FILTER (WHERE newer)                                  AS z2,
           max(xm) FILTER (WHERE newer)                                  AS x2
    FROM halves
    GROUP BY sid, t
),
residuals AS (
    SELECT d.sid, d.t, d.t_phase, d.phase, d.z - (l.z2 + l.slope * (d.x - l.x2)) AS e
    FROM deseasoned AS d
    JOIN line AS l USING (sid, t)
),
spread AS (
    SELECT sid, t, count(*)::INTEGER AS n, 1.4826 * mad(e) AS mad_spread,
           count(*) FILTER (WHERE phase = t_phase AND phase > 0)      AS phase_n,
           median(e) FILTER (WHERE phase = t_phase AND phase > 0)     AS phase_median,
           min(e) FILTER (WHERE phase = t_phase AND phase > 0)        AS phase_min,
           max(e) FILTER (WHERE phase = t_phase AND phase > 0)        AS phase_max
    FROM residuals
    GROUP BY sid, t
),
floored AS (
    SELECT *, greatest(mad_spread * sqrt(1 + $spread_widening / greatest(n - 9, 1)), $spread_floor) AS spread
    FROM spread
)
SELECT s.sid, s.t, s.n, l.slope, s.spread,
       l.z2 - l.slope * l.x2                                            AS level,
       CASE WHEN s.phase_n >= 2 AND (s.phase_min > 2 * s.spread OR s.phase_max < -2 * s.spread)
              OR s.phase_n = 1 AND abs(s.phase_median) > 3 * s.spread
            THEN s.phase_median ELSE 0
       END                                                              AS month_effect
FROM floored AS s
JOIN line AS l USING (sid, t);

-- The forecast detector's findings, into anomaly_forecast_findings, for days from $since on. Each has a
-- kind:
--   spike        a day more than the series' threshold (anomaly_series_settings, from its sensitivity)
--                spreads above expected, that clears the series' gates;
--   level_shift  the first such day of an upward step (anomaly_shifts): the step's later days are the
--                same change, said once, and after $shift_days days the new level is normal;
--   stopped      the first day of a downward step to nothing: no spend on any day with data for
--                $shift_days days (a day no source delivered is not "no spend");
--   new          a series that appears after its sources had delivered $new_after days without it: the
--                cost of its first 7 days, against nothing expected.
-- expected_low/high: the range the day could take without a finding (expected x exp(-/+ threshold x
-- spread)). score: (log actual - log expected) / spread, capped at +/- $score_cap, one decimal; a new
-- series, where nothing was expected, scores the cap.
CREATE OR REPLACE TEMP TABLE anomaly_forecast_scored AS
SELECT e.series_key, e.day, e.actual, s.threshold, s.min_daily_cost, s.min_impact, s.min_percent,
       CAST(exp(e.mu) AS DECIMAL(38,6))                                 AS expected,
       CAST(exp(e.mu - s.threshold * e.spread) AS DECIMAL(38,6))        AS expected_low,
       CAST(exp(e.mu + s.threshold * e.spread) AS DECIMAL(38,6))        AS expected_high,
       (e.y - e.mu) / e.spread                                          AS raw_score,
       round(least(greatest(raw_score, -$score_cap), $score_cap), 1)    AS score
FROM anomaly_expected AS e
JOIN anomaly_series_settings AS s USING (series_key);

CREATE OR REPLACE TEMP TABLE anomaly_forecast_findings AS
WITH rises AS (
    SELECT *
    FROM anomaly_forecast_scored
    WHERE day >= CAST($since AS DATE)
      AND raw_score >= threshold
      AND actual >= min_daily_cost
      AND actual - expected >= min_impact
      AND (actual - expected) * 100 >= min_percent * expected
),
labelled AS (
    SELECT r.*, sh.start AS shift_start,
           row_number() OVER (PARTITION BY r.series_key, sh.start ORDER BY r.day) AS nth
    FROM rises AS r
    LEFT JOIN anomaly_shifts AS sh
      ON sh.series_key = r.series_key AND sh.direction = 1 AND sh.kept
     AND r.day >= sh.day AND r.day < sh.day + CAST($shift_days AS INTEGER)
),
stopped AS (
    SELECT sc.*
    FROM anomaly_shifts AS sh
    JOIN anomaly_forecast_scored AS sc ON sc.series_key = sh.series_key AND sc.day = sh.day
    WHERE sh.direction = -1
      AND sh.day >= CAST($since AS DATE)
      AND sc.expected >= greatest(sc.min_daily_cost, sc.min_impact)
      AND NOT EXISTS (
          SELECT 1 FROM anomaly_points AS p
          WHERE p.sid = sh.sid AND p.cost > 0 AND p.dn >= sh.start AND p.dn < sh.start + $shift_days)
),
appeared AS (
    SELECT s.series_key, s.first_day AS day, g.min_daily_cost, g.min_impact,
           (SELECT CAST(sum(d.cost) AS DECIMAL(38,18)) FROM anomaly_daily AS d
            WHERE d.series_key = s.series_key AND d.day < s.first_day + 7)  AS first_week,
           (SELECT count(DISTINCT v.day) FROM anomaly_delivered AS v
            WHERE list_contains(s.sources, v.source) AND v.day < s.first_day) AS days_before
    FROM anomaly_series AS s
    JOIN anomaly_series_settings AS g USING (series_key)
    WHERE s.first_day >= CAST($since AS DATE)
)
SELECT series_key, day, 'forecast' AS detector,
       CASE WHEN shift_start IS NULL THEN 'spike' ELSE 'level_shift' END AS kind,
       actual, expected, expected_low, expected_high, CAST(actual - expected AS DECIMAL(38,6)) AS impact, score
FROM labelled
WHERE shift_start IS NULL OR nth = 1
UNION ALL
SELECT series_key, day, 'forecast', 'stopped', actual, expected, expected_low, expected_high,
       CAST(actual - expected AS DECIMAL(38,6)), score
FROM stopped
UNION ALL
SELECT series_key, day, 'forecast', 'new', first_week, CAST(0 AS DECIMAL(38,6)), CAST(0 AS DECIMAL(38,6)),
       CAST(0 AS DECIMAL(38,6)), CAST(first_week AS DECIMAL(38,6)), $score_cap
FROM appeared
WHERE days_before >= $new_after AND first_week >= greatest(min_daily_cost, min_impact);

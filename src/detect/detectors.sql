-- The classic detectors, over the dense daily series in anomaly_daily (series_key, day, cost; cost NULL on
-- a day without data, which every aggregate skips and which is never scored), into
-- anomaly_classic_findings: one row per series, day and detector that fired, all of kind spike. A day is
-- compared with days before it only (every frame ends at 1 PRECEDING), so a spike never raises its own
-- baseline.
--
--   zscore    expected = mean of the $window days before; spread = their sample standard deviation.
--   robust    expected = median of the $window days before; spread = 1.4826 x their MAD (the
--             standard deviation that MAD implies for normal noise; past spikes barely move it).
--   seasonal  expected = mean of the same weekday in the $weeks weeks before, each of those days first
--             clipped to within 3 spreads of its own same-weekday median (so a past spike or outage
--             counts as a normal day); spread = standard deviation of the residuals (cost - expected)
--             over the $residual_days before, each clipped to 3 first-guess spreads (1.4826 x MAD).
--             Needs $weeks same weekdays and $min_residuals residuals.
--
-- score = (actual - expected) / spread, the spread floored at 0.5% of expected (a flat series would
-- otherwise score a cent as infinite), capped at $score_cap and rounded to one decimal. A finding has
-- score >= the detector's threshold and clears the series' gates (anomaly_series_settings): actual >=
-- min_daily_cost, actual - expected >= min_impact and >= min_percent % of expected. Only increases are
-- findings. expected_low/high: expected -/+ threshold x spread. Costs are DECIMAL; scores DOUBLE.
CREATE OR REPLACE TEMP TABLE anomaly_classic_findings AS
WITH stats AS (
    SELECT series_key, day, cost,
           count(cost) OVER past                                       AS n,
           avg(cost) OVER past                                         AS mean,
           stddev_samp(cost) OVER past                                 AS sd,
           CAST(median(cost) OVER past AS DOUBLE)                      AS med,
           CAST(mad(cost) OVER past AS DOUBLE)                         AS mad,
           count(cost) OVER past_weekdays                              AS weekday_n,
           CAST(median(cost) OVER past_weekdays AS DOUBLE)             AS weekday_med
    FROM anomaly_daily
    WINDOW past AS (PARTITION BY series_key ORDER BY day ROWS BETWEEN $window PRECEDING AND 1 PRECEDING),
           past_weekdays AS (PARTITION BY series_key, isodow(day) ORDER BY day
                             ROWS BETWEEN $weeks PRECEDING AND 1 PRECEDING)
),
-- Seasonal, first guess: the same-weekday median and the MAD of what it leaves.
first_guess AS (
    SELECT *, CASE WHEN weekday_n >= $weeks THEN CAST(cost AS DOUBLE) - weekday_med END AS first_residual
    FROM stats
),
first_spread AS (
    SELECT *, 1.4826 * mad(first_residual) OVER past_residuals        AS spread0
    FROM first_guess
    WINDOW past_residuals AS (PARTITION BY series_key ORDER BY day
                              ROWS BETWEEN $residual_days PRECEDING AND 1 PRECEDING)
),
-- Seasonal, second guess: the same-weekday mean of days cleaned of their outliers.
cleaned AS (
    SELECT *,
           CASE WHEN first_residual IS NULL OR spread0 IS NULL THEN CAST(cost AS DOUBLE)
                ELSE least(greatest(CAST(cost AS DOUBLE), weekday_med - 3 * spread0), weekday_med + 3 * spread0)
           END                                                         AS clean_cost
    FROM first_spread
),
weekday_expected AS (
    SELECT *, avg(clean_cost) OVER past_weekdays                       AS weekday_mean
    FROM cleaned
    WINDOW past_weekdays AS (PARTITION BY series_key, isodow(day) ORDER BY day
                             ROWS BETWEEN $weeks PRECEDING AND 1 PRECEDING)
),
seasonal_residuals AS (
    SELECT *,
           CASE WHEN weekday_n >= $weeks
                THEN least(greatest(CAST(cost AS DOUBLE) - weekday_mean, -3 * spread0), 3 * spread0)
           END                                                         AS residual
    FROM weekday_expected
),
seasonal AS (
    SELECT *,
           count(residual) OVER past_residuals                         AS residual_n,
           stddev_samp(residual) OVER past_residuals                   AS residual_sd
    FROM seasonal_residuals
    WINDOW past_residuals AS (PARTITION BY series_key ORDER BY day
                              ROWS BETWEEN $residual_days PRECEDING AND 1 PRECEDING)
),
candidates AS (
    SELECT series_key, day, cost, 'zscore' AS detector, mean AS expected, sd AS spread,
           n >= $min_history AS ready, $zscore_threshold AS threshold
    FROM seasonal
    UNION ALL
    SELECT series_key, day, cost, 'robust', med, 1.4826 * mad, n >= $min_history, $robust_threshold
    FROM seasonal
    UNION ALL
    SELECT series_key, day, cost, 'seasonal', weekday_mean, residual_sd,
           weekday_n >= $weeks AND residual_n >= $min_residuals, $seasonal_threshold
    FROM seasonal
),
floored AS (
    SELECT series_key, day, cost, detector, threshold, expected,
           greatest(spread, 0.005 * abs(expected), 1e-9)               AS spread
    FROM candidates
    WHERE ready AND cost IS NOT NULL AND list_contains($detectors, detector) AND day >= CAST($since AS DATE)
),
scored AS (
    SELECT series_key, day, cost AS actual, detector, threshold,
           CAST(expected AS DECIMAL(38,6))                             AS expected,
           CAST(greatest(expected - threshold * spread, 0) AS DECIMAL(38,6)) AS expected_low,
           CAST(expected + threshold * spread AS DECIMAL(38,6))        AS expected_high,
           (CAST(cost AS DOUBLE) - expected) / spread                  AS score
    FROM floored
)
SELECT f.series_key, f.day, f.detector, 'spike' AS kind, f.actual, f.expected, f.expected_low, f.expected_high,
       CAST(f.actual - f.expected AS DECIMAL(38,6))                    AS impact,
       round(least(f.score, $score_cap), 1)                            AS score
FROM scored AS f
JOIN anomaly_series_settings AS g USING (series_key)
WHERE f.score >= f.threshold
  AND f.actual >= g.min_daily_cost
  AND f.actual - f.expected >= g.min_impact
  AND (f.expected <= 0 OR (f.actual - f.expected) * 100 >= g.min_percent * f.expected);

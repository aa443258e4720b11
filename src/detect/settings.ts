/**
 * Detection settings are the `[anomalies]` section of config.toml (README, "finops anomalies"), so the
 * schema's defaults are the one place defaults live; command-line flags override single keys. The
 * constants below are the forecast detector's shape, chosen on the backtest, not knobs for users.
 */
import { type AnomaliesConfig, type AnomalyGroup, anomaliesSchema } from '../config/schema.ts';
import type { Params } from '../warehouse/warehouse.ts';

export type DetectSettings = AnomaliesConfig;
export type Sensitivity = DetectSettings['sensitivity'];

export const defaultSettings: DetectSettings = anomaliesSchema.parse({});

export function withDefaults(overrides: Partial<DetectSettings> = {}): DetectSettings {
  return anomaliesSchema.parse({ ...defaultSettings, ...overrides });
}

/** The forecast detector's threshold, in spreads, per sensitivity. */
export const sensitivityThresholds: Record<Sensitivity, number> = { low: 5, medium: 4, high: 3 };

export const forecast = {
  /** Days of history each day's expected value is fitted on: 9 weeks, so two month starts are in it. */
  historyDays: 63,
  /** Days with data a series needs in its history before it is scored: 3 of each weekday. */
  minPoints: 21,
  /** Days a step must last to be a level shift rather than a spike of a few days. */
  shiftDays: 7,
  /** How far (in spreads) the first day and the median of those days must be off to be a step. */
  shiftScore: 2.5,
  /** The spread in logs never falls below 2%: a flat series does not alert on a cent. */
  spreadFloor: 0.02,
  /** spread x sqrt(1 + widening / (days of history - 9)): the fit itself is an estimate. */
  spreadWidening: 33,
  /** Scores are capped here: "far off" is enough, a score in the billions says nothing more. */
  scoreCap: 100,
  /** A series is new when its sources delivered this many days without it first. */
  newAfterDays: 14,
} as const;

/**
 * The seasonal detector's spread is the MAD of its residuals over the 8 weeks before the day: long
 * enough that the spread itself is stable (with 4 weeks, the backtest's false alarms rose by a
 * quarter), and it needs 4 weeks of residuals before it scores at all.
 */
export const residualDays = 56;
export const minResiduals = 28;

/** Days of data before `since` the detectors need for their full history. */
export function lookbackDays(s: DetectSettings): number {
  const classic = Math.max(s.window_days, 7 * s.seasonal_weeks + residualDays);
  // The forecast fits days up to a history before `since` too: a level shift there still adjusts.
  const forecastDays = s.detectors.includes('forecast') ? 2 * forecast.historyDays : 0;
  return Math.max(classic, forecastDays) + 1;
}

/** The bound parameters of detectors.sql (the classic detectors). */
export function detectorParams(s: DetectSettings, since: string): Params {
  return {
    window: s.window_days,
    weeks: s.seasonal_weeks,
    residual_days: residualDays,
    min_residuals: minResiduals,
    min_history: s.min_history_days,
    zscore_threshold: s.zscore_threshold,
    robust_threshold: s.robust_threshold,
    seasonal_threshold: s.seasonal_threshold,
    detectors: [...s.detectors],
    since,
    score_cap: forecast.scoreCap,
  };
}

/** The bound parameters of the forecast detector's SQL (src/detect/forecast/). */
export function forecastParams(since: string, fitFrom: string): Params {
  return {
    since,
    fit_from: fitFrom,
    history: forecast.historyDays,
    min_points: forecast.minPoints,
    shift_days: forecast.shiftDays,
    shift_score: forecast.shiftScore,
    spread_floor: forecast.spreadFloor,
    spread_widening: forecast.spreadWidening,
    score_cap: forecast.scoreCap,
    new_after: forecast.newAfterDays,
  };
}

/**
 * The bound parameters of groups.sql: one list per field, the configured groups in order and the
 * section's own settings last, as the group that matches every series.
 */
export function groupParams(s: DetectSettings): Params {
  const groups: AnomalyGroup[] = [...s.groups, { match: {} }];
  const text = (pick: (g: AnomalyGroup) => string) => groups.map(pick);
  return {
    group_provider: text((g) => g.match.provider ?? '*'),
    group_sub_account: text((g) => g.match.sub_account ?? '*'),
    group_service: text((g) => g.match.service ?? '*'),
    group_tag_value: text((g) => g.match.tag_value ?? '*'),
    group_currency: text((g) => g.match.currency ?? '*'),
    group_threshold: text((g) => String(sensitivityThresholds[g.sensitivity ?? s.sensitivity])),
    group_min_daily_cost: text((g) => String(g.min_daily_cost ?? s.min_daily_cost)),
    group_min_impact: text((g) => String(g.min_impact ?? s.min_impact)),
    group_min_percent: text((g) => String(g.min_percent ?? s.min_percent)),
  };
}

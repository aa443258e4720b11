/**
 * Detection settings are the `[anomalies]` section of config.toml (see src/detect/README.md), so the
 * schema's defaults are the one place defaults live; command-line flags override single keys.
 */
import { type AnomaliesConfig, anomaliesSchema } from '../config/schema.ts';
import type { Params } from '../warehouse/warehouse.ts';

export type DetectSettings = AnomaliesConfig;
export type DetectorName = DetectSettings['detectors'][number];

export const defaultSettings: DetectSettings = anomaliesSchema.parse({});

export function withDefaults(overrides: Partial<DetectSettings> = {}): DetectSettings {
  return anomaliesSchema.parse({ ...defaultSettings, ...overrides });
}

/**
 * The seasonal detector's spread is the MAD of its residuals over the 8 weeks before the day: long
 * enough that the spread itself is stable (with 4 weeks, the backtest's false alarms rose by a
 * quarter), and it needs 4 weeks of residuals before it scores at all.
 */
export const residualDays = 56;
export const minResiduals = 28;

/** Days of data before `since` the detectors need for their full history. */
export function lookbackDays(s: DetectSettings): number {
  return Math.max(s.window_days, 7 * s.seasonal_weeks + residualDays) + 1;
}

/** The bound parameters of detectors.sql. */
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
    min_daily_cost: s.min_daily_cost,
    min_impact: s.min_impact,
    min_percent: s.min_percent,
  };
}

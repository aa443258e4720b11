/**
 * Anomaly detection over focus.costs: build the daily series, pick each series' settings, run the
 * detectors, all in DuckDB (series.sql, groups.sql, detectors.sql, forecast/). The series only reach
 * back as far as the detectors need before `since`, so a warehouse with years of data costs no more
 * than the last few months.
 */
import { FinopsError } from '../errors.ts';
import { relationExists } from '../warehouse/relations.ts';
import { fillTemplate, quoteIdent, readSql } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { addDays, dayPattern } from './dates.ts';
import { runForecast } from './forecast/forecast.ts';
import { runScript } from './script.ts';
import { type DetectSettings, detectorParams, groupParams, lookbackDays } from './settings.ts';

export { addDays } from './dates.ts';

export interface DetectionRun {
  /** First day findings are reported for (YYYY-MM-DD). */
  since: string;
  /** Last day with data, or undefined when focus.costs has none in scope. */
  lastDay?: string;
  series: number;
  findings: number;
}

/** Leaves anomaly_series, anomaly_daily and anomaly_findings in the session for the caller. */
export async function detectAnomalies(
  w: Warehouse,
  settings: DetectSettings,
  options: { since?: string } = {},
): Promise<DetectionRun> {
  if (options.since !== undefined && !dayPattern.test(options.since)) {
    throw new FinopsError(`--since must be a date YYYY-MM-DD, not ${JSON.stringify(options.since)}`, {
      kind: 'usage',
    });
  }
  const lastDay = await lastDataDay(w, settings);
  const since = options.since ?? (lastDay ? addDays(lastDay, -30) : '1970-01-01');
  await buildSeries(w, settings, addDays(since, -lookbackDays(settings)));
  await runDetectors(w, settings, since);
  const counts = await w.one<{ series: number; findings: number }>(
    `SELECT (SELECT count(*) FROM anomaly_series)::INTEGER AS series,
            (SELECT count(*) FROM anomaly_findings)::INTEGER AS findings`,
  );
  return { since, lastDay, series: counts?.series ?? 0, findings: counts?.findings ?? 0 };
}

/** anomaly_series and anomaly_daily from focus.costs, from `from` (YYYY-MM-DD) on. */
export async function buildSeries(w: Warehouse, settings: DetectSettings, from: string): Promise<void> {
  const tagValue = settings.tag_key ? "coalesce(Tags->>$tag_key, '(untagged)')" : 'CAST(NULL AS VARCHAR)';
  const sql = fillTemplate(readSql(import.meta.url, 'series.sql'), {
    metric: quoteIdent(settings.metric),
    tag_value: tagValue,
  });
  await runScript(w, sql, {
    categories: [...settings.charge_categories],
    from,
    metric_name: settings.metric,
    tag_key: settings.tag_key ?? '',
  });
}

/**
 * anomaly_findings from anomaly_daily, anomaly_series and anomaly_delivered, for days from `since` on:
 * series_key, day, detector, kind, actual, expected, expected_low, expected_high, impact, score. And
 * anomaly_band: the forecast's expected cost and range of every day it scored (empty without it).
 */
export async function runDetectors(w: Warehouse, settings: DetectSettings, since: string): Promise<void> {
  await runScript(w, readSql(import.meta.url, 'groups.sql'), groupParams(settings));
  const parts: string[] = [];
  if (settings.detectors.some((d) => d !== 'forecast')) {
    await runScript(w, readSql(import.meta.url, 'detectors.sql'), detectorParams(settings, since));
    parts.push('SELECT * FROM anomaly_classic_findings');
  }
  const band = 'SELECT series_key, day, expected, expected_low, expected_high FROM anomaly_forecast_scored';
  if (settings.detectors.includes('forecast')) {
    await runForecast(w, since);
    parts.push('SELECT * FROM anomaly_forecast_findings');
    await w.run(`CREATE OR REPLACE TEMP TABLE anomaly_band AS ${band}`);
  } else {
    await w.run(
      `CREATE OR REPLACE TEMP TABLE anomaly_band (series_key VARCHAR, day DATE, expected DECIMAL(38,6),
         expected_low DECIMAL(38,6), expected_high DECIMAL(38,6))`,
    );
  }
  await w.run(`CREATE OR REPLACE TEMP TABLE anomaly_findings AS ${parts.join(' UNION ALL BY NAME ')}`);
}

async function lastDataDay(w: Warehouse, settings: DetectSettings): Promise<string | undefined> {
  if (!(await relationExists(w, 'focus', 'costs'))) {
    throw new FinopsError('focus.costs does not exist: nothing has been loaded yet', {
      kind: 'usage',
      hint: 'load billing data first (finops aws import-cur, finops focus import, or finops demo)',
    });
  }
  const row = await w.one<{ last: string | null }>(
    `SELECT CAST(max(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS last
     FROM focus.costs WHERE list_contains($categories, ChargeCategory)`,
    { categories: [...settings.charge_categories] },
  );
  return row?.last ?? undefined;
}

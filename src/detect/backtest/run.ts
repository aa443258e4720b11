/**
 * `finops anomalies backtest`: generated series with known events go the same way as a warehouse's
 * data: rows in a FOCUS-shaped focus.costs (in a throw-away in-memory DuckDB), then the same series,
 * delivery and detector SQL as `finops anomalies`, and the findings are scored against what was
 * injected (score.ts).
 */
import { Warehouse } from '../../warehouse/warehouse.ts';
import { addDays } from '../dates.ts';
import { detectAnomalies } from '../detect.ts';
import type { DetectSettings } from '../settings.ts';
import { type BacktestData, backtestStart, generateBacktest } from './generate.ts';
import { type Finding, type Row, scoreBacktest } from './score.ts';

export interface BacktestOptions {
  series: number;
  /** Days scored, after the warm-up that gives every series its history. */
  days: number;
  seed: number;
}

export interface BacktestResult {
  data: BacktestData;
  rows: Row[];
  /** Days of warm-up before the first scored day. */
  warmup: number;
}

/** Ten weeks: the forecast's nine weeks of history, and the classic seasonal detector's needs. */
export const warmupDays = 70;

export async function runBacktest(
  settings: DetectSettings,
  options: BacktestOptions,
): Promise<BacktestResult> {
  const data = generateBacktest({ ...options, days: warmupDays + options.days, warmup: warmupDays });
  const w = await Warehouse.open({ path: ':memory:' });
  try {
    await loadCosts(w, data);
    await detectAnomalies(w, settings, { since: addDays(backtestStart, warmupDays) });
    const findings = await w.all<Finding & { [column: string]: string | number }>(
      `SELECT s.service_name AS series, (f.day - CAST($start AS DATE))::INTEGER AS day, f.kind
       FROM anomaly_findings AS f JOIN anomaly_series AS s USING (series_key)`,
      { start: backtestStart },
    );
    return { data, rows: scoreBacktest(findings, data, settings.group_days), warmup: warmupDays };
  } finally {
    w.close();
  }
}

/**
 * One usage row per series and day it has a cost: service = the series, x_SourceName and sub account =
 * its source. The rows go in as one text of `series,source,day,cost` lines (one bound parameter binds
 * far faster than four lists of tens of thousands of values), costs through DECIMAL(18,2) (text parses
 * to it many times faster than to DECIMAL(38,18)).
 */
async function loadCosts(w: Warehouse, data: BacktestData): Promise<void> {
  const lines: string[] = [];
  for (const s of data.series) {
    s.costs.forEach((cost, t) => {
      if (cost !== null) lines.push(`${s.key},${s.source},${addDays(backtestStart, t)},${cost}`);
    });
  }
  await w.run(
    `CREATE OR REPLACE TABLE focus.costs AS
     WITH lines AS (SELECT string_split(unnest(string_split($rows, chr(10))), ',') AS f)
     SELECT 'Backtest' AS ProviderName, 'Backtest' AS ServiceProviderName, f[2] AS SubAccountId,
            CAST(NULL AS VARCHAR) AS SubAccountName, f[1] AS ServiceName, 'USD' AS BillingCurrency,
            'Usage' AS ChargeCategory, CAST(f[3] || ' 00:00:00+00' AS TIMESTAMPTZ) AS ChargePeriodStart,
            CAST(CAST(f[4] AS DECIMAL(18,2)) AS DECIMAL(38,18)) AS BilledCost,
            CAST(CAST(f[4] AS DECIMAL(18,2)) AS DECIMAL(38,18)) AS EffectiveCost,
            f[1] AS ResourceId, 'Usage' AS SkuMeter, CAST(NULL AS VARCHAR) AS ChargeDescription,
            CAST('{}' AS JSON) AS Tags, f[2] AS x_SourceName
     FROM lines`,
    { rows: lines.join('\n') },
  );
}

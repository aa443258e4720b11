/**
 * `finops anomalies backtest`: generated series with known events go through the same SQL detectors
 * as the warehouse's data (detectors.sql over anomaly_daily, in a throw-away in-memory DuckDB), and
 * each detector, and the configured set together, is scored against what was injected.
 */
import { Warehouse } from '../../warehouse/warehouse.ts';
import { addDays, runDetectors } from '../detect.ts';
import { type DetectorName, type DetectSettings, lookbackDays } from '../settings.ts';
import { type BacktestData, generateBacktest } from './generate.ts';
import { type Finding, type Scores, scoreFindings } from './score.ts';

export interface BacktestOptions {
  series: number;
  /** Days scored, after the warm-up every detector needs for its history. */
  days: number;
  seed: number;
}

export interface BacktestResult {
  /** "zscore", "robust", "seasonal", or the configured set joined with "+". */
  detector: string;
  scores: Scores;
}

const start = '2024-01-01';
const allDetectors: DetectorName[] = ['zscore', 'robust', 'seasonal'];

export async function runBacktest(
  settings: DetectSettings,
  options: BacktestOptions,
): Promise<BacktestResult[]> {
  const warmup = lookbackDays(settings) + 7;
  const data = generateBacktest({ ...options, days: warmup + options.days, warmup });
  const w = await Warehouse.open({ path: ':memory:' });
  try {
    await loadDaily(w, data);
    // Scored from the end of the warm-up: before it there are no events, and not every detector has its history.
    await runDetectors(w, { ...settings, detectors: allDetectors }, addDays(start, warmup));
    const rows = await w.all<{ series_key: string; day: number; detector: DetectorName }>(
      `SELECT series_key, (day - CAST($start AS DATE))::INTEGER AS day, detector FROM anomaly_findings`,
      { start },
    );
    const score = (names: readonly DetectorName[]) =>
      scoreFindings(
        rows
          .filter((r) => names.includes(r.detector))
          .map((r): Finding => ({ series: r.series_key, day: r.day })),
        data.events,
        {
          groupDays: settings.group_days,
          settleDays: Math.max(settings.window_days, 7 * settings.seasonal_weeks),
        },
      );
    const results: BacktestResult[] = allDetectors.map((d) => ({ detector: d, scores: score([d]) }));
    if (settings.detectors.length > 1) {
      results.push({ detector: settings.detectors.join('+'), scores: score(settings.detectors) });
    }
    return results;
  } finally {
    w.close();
  }
}

async function loadDaily(w: Warehouse, data: BacktestData): Promise<void> {
  const keys: string[] = [];
  const days: string[] = [];
  const costs: string[] = [];
  for (const s of data.series) {
    s.costs.forEach((cost, t) => {
      keys.push(s.key);
      days.push(addDays(start, t));
      costs.push(cost);
    });
  }
  await w.run(
    `CREATE OR REPLACE TEMP TABLE anomaly_daily AS
     SELECT unnest($keys) AS series_key, CAST(unnest($days) AS DATE) AS day,
            CAST(unnest($costs) AS DECIMAL(38,18)) AS cost`,
    { keys, days, costs },
  );
}

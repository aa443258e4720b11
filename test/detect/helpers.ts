/** Hand-made daily series and a small FOCUS-shaped focus.costs, for the detection tests. */
import { addDays, runDetectors } from '../../src/detect/detect.ts';
import { type DetectSettings, withDefaults } from '../../src/detect/settings.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';

export const start = '2024-01-01';

export interface Finding {
  [column: string]: string | number;
  series_key: string;
  day: string;
  detector: string;
  kind: string;
  actual: string;
  expected: string;
  impact: string;
  score: number;
}

/**
 * Runs the detectors over series given as daily costs from 2024-01-01 (a Monday), in a throw-away
 * warehouse, and returns what they found. Gates are off unless `settings` sets them. A `null` is a day
 * no source delivered (give it in every series); a series that starts later is padded with `null`
 * before its first day.
 */
export async function detect(
  series: Record<string, (number | string | null)[]>,
  settings: Partial<DetectSettings> = {},
): Promise<Finding[]> {
  const w = await Warehouse.open({ path: ':memory:' });
  try {
    await loadSeries(w, series);
    await runDetectors(
      w,
      withDefaults({ min_daily_cost: 0, min_impact: 0, min_percent: 0, ...settings }),
      start,
    );
    return await w.all<Finding>(
      `SELECT series_key, CAST(day AS VARCHAR) AS day, detector, kind, CAST(actual AS VARCHAR) AS actual,
              CAST(expected AS VARCHAR) AS expected, CAST(impact AS VARCHAR) AS impact, score
       FROM anomaly_findings ORDER BY series_key, day, detector`,
    );
  } finally {
    w.close();
  }
}

export interface ForecastDay {
  [column: string]: string | number;
  series_key: string;
  day: string;
  actual: number;
  expected: number;
  low: number;
  high: number;
  score: number;
}

/** What the forecast detector expected of every day it scored (anomaly_forecast_scored), gates off. */
export async function forecastDays(
  series: Record<string, (number | string | null)[]>,
  settings: Partial<DetectSettings> = {},
): Promise<ForecastDay[]> {
  const w = await Warehouse.open({ path: ':memory:' });
  try {
    await loadSeries(w, series);
    await runDetectors(
      w,
      withDefaults({ min_daily_cost: 0, min_impact: 0, min_percent: 0, ...settings }),
      start,
    );
    return await w.all<ForecastDay>(
      `SELECT series_key, CAST(day AS VARCHAR) AS day, CAST(actual AS DOUBLE) AS actual,
              CAST(expected AS DOUBLE) AS expected, CAST(expected_low AS DOUBLE) AS low,
              CAST(expected_high AS DOUBLE) AS high, score
       FROM anomaly_forecast_scored ORDER BY series_key, day`,
    );
  } finally {
    w.close();
  }
}

/** The session tables series.sql would build: anomaly_daily, anomaly_series, anomaly_delivered. */
async function loadSeries(w: Warehouse, series: Record<string, (number | string | null)[]>): Promise<void> {
  const rows = Object.entries(series).flatMap(([key, costs]) =>
    costs.map((cost, t) => ({ key, day: addDays(start, t), cost: cost === null ? null : String(cost) })),
  );
  const delivered = new Set(rows.filter((r) => r.cost !== null).map((r) => r.day));
  await w.run(
    `CREATE TEMP TABLE anomaly_daily AS
     SELECT unnest($keys) AS series_key, CAST(unnest($days) AS DATE) AS day,
            CAST(nullif(unnest($costs), '') AS DECIMAL(38,18)) AS cost`,
    { keys: rows.map((r) => r.key), days: rows.map((r) => r.day), costs: rows.map((r) => r.cost ?? '') },
  );
  await w.run(
    `CREATE TEMP TABLE anomaly_delivered AS SELECT 'test' AS source, CAST(unnest($days) AS DATE) AS day`,
    { days: [...delivered] },
  );
  // A series starts on its first day with a cost; before it, it is not there at all.
  await w.run(`DELETE FROM anomaly_daily AS d WHERE d.day < (
    SELECT min(day) FROM anomaly_daily AS f WHERE f.series_key = d.series_key AND f.cost IS NOT NULL)`);
  await w.run(
    `CREATE TEMP TABLE anomaly_series AS
     SELECT series_key, 'EffectiveCost' AS metric, 'Test' AS provider, 'account' AS sub_account_id,
            CAST(NULL AS VARCHAR) AS sub_account_name, series_key AS service_name,
            CAST(NULL AS VARCHAR) AS tag_key, CAST(NULL AS VARCHAR) AS tag_value, 'USD' AS currency,
            min(day) AS first_day, ['test'] AS sources
     FROM anomaly_daily GROUP BY series_key`,
  );
}

/** The day `t` days after 2024-01-01. */
export const day = (t: number) => addDays(start, t);

export interface CostRow {
  day: string;
  service: string;
  resource: string;
  usageType: string;
  cost: string;
  account?: string;
  team?: string;
  category?: string;
  /** The source (x_SourceName) that delivered the row. */
  source?: string;
}

/**
 * A FOCUS-shaped `focus.costs` (the columns detection reads) in a warehouse, standing in for what the
 * importers publish. One row per resource and day, ChargePeriodStart at noon UTC.
 */
export async function createFocusCosts(w: Warehouse, rows: CostRow[]): Promise<void> {
  await w.run(`CREATE OR REPLACE TABLE focus.costs (
    ProviderName VARCHAR, ServiceProviderName VARCHAR, SubAccountId VARCHAR, SubAccountName VARCHAR,
    ServiceName VARCHAR, BillingCurrency VARCHAR, ChargeCategory VARCHAR, ChargePeriodStart TIMESTAMPTZ,
    BilledCost DECIMAL(38,18), EffectiveCost DECIMAL(38,18), ResourceId VARCHAR, SkuMeter VARCHAR,
    ChargeDescription VARCHAR, Tags JSON, x_SourceName VARCHAR)`);
  await appendFocusCosts(w, rows);
}

export async function appendFocusCosts(w: Warehouse, rows: CostRow[]): Promise<void> {
  const col = <K extends keyof CostRow>(k: K, fallback: string) => rows.map((r) => r[k] ?? fallback);
  await w.run(
    `INSERT INTO focus.costs
     SELECT 'AWS', 'AWS', unnest($accounts), 'prod', unnest($services), 'USD', unnest($categories),
            CAST(unnest($days) || ' 12:00:00+00' AS TIMESTAMPTZ), CAST(unnest($costs) AS DECIMAL(38,18)),
            CAST(unnest($costs) AS DECIMAL(38,18)), unnest($resources), unnest($usageTypes), NULL,
            json_object('team', unnest($teams)), unnest($sources)`,
    {
      accounts: col('account', '111122223333'),
      services: col('service', ''),
      categories: col('category', 'Usage'),
      days: col('day', ''),
      costs: col('cost', '0'),
      resources: col('resource', ''),
      usageTypes: col('usageType', ''),
      teams: col('team', 'platform'),
      sources: col('source', 'aws-test'),
    },
  );
}

/**
 * Daily rows for `days` days: two EC2 instances and an S3 bucket with a weekly pattern (quiet
 * weekends) and a fixed, deterministic wobble, so every detector has a realistic spread.
 */
export function steadyRows(days: number): CostRow[] {
  const wobble = [0, 3, -2, 5, -4, 1, -1, 4, -3, 2, -5, 0, 3, -1];
  const rows: CostRow[] = [];
  for (let t = 0; t < days; t++) {
    const weekend = t % 7 >= 5;
    const w = wobble[t % wobble.length] as number;
    const ec2 = (weekend ? 120 : 200) + w;
    rows.push(
      {
        day: day(t),
        service: 'Amazon EC2',
        resource: 'i-0aaa',
        usageType: 'BoxUsage:m5.large',
        cost: `${ec2}.25`,
      },
      {
        day: day(t),
        service: 'Amazon EC2',
        resource: 'i-0bbb',
        usageType: 'BoxUsage:m5.large',
        cost: `${ec2}.75`,
      },
      {
        day: day(t),
        service: 'Amazon S3',
        resource: 'logs-bucket',
        usageType: 'TimedStorage-ByteHrs',
        cost: `${50 + w}.10`,
      },
    );
  }
  return rows;
}

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
  actual: string;
  expected: string;
  impact: string;
  score: number;
}

/**
 * Runs the detectors over series given as daily costs from 2024-01-01 (a Monday), in a throw-away
 * warehouse, and returns what they found.
 */
export async function detect(
  series: Record<string, (number | string)[]>,
  settings: Partial<DetectSettings> = {},
): Promise<Finding[]> {
  const w = await Warehouse.open({ path: ':memory:' });
  try {
    const rows = Object.entries(series).flatMap(([key, costs]) =>
      costs.map((cost, t) => ({ key, day: addDays(start, t), cost: String(cost) })),
    );
    await w.run(
      `CREATE TEMP TABLE anomaly_daily AS
       SELECT unnest($keys) AS series_key, CAST(unnest($days) AS DATE) AS day,
              CAST(unnest($costs) AS DECIMAL(38,18)) AS cost`,
      { keys: rows.map((r) => r.key), days: rows.map((r) => r.day), costs: rows.map((r) => r.cost) },
    );
    await runDetectors(
      w,
      withDefaults({ min_daily_cost: 0, min_impact: 0, min_percent: 0, ...settings }),
      start,
    );
    return await w.all<Finding>(
      `SELECT series_key, CAST(day AS VARCHAR) AS day, detector, CAST(actual AS VARCHAR) AS actual,
              CAST(expected AS VARCHAR) AS expected, CAST(impact AS VARCHAR) AS impact, score
       FROM anomaly_findings ORDER BY series_key, day, detector`,
    );
  } finally {
    w.close();
  }
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
    ChargeDescription VARCHAR, Tags JSON)`);
  await appendFocusCosts(w, rows);
}

export async function appendFocusCosts(w: Warehouse, rows: CostRow[]): Promise<void> {
  const col = <K extends keyof CostRow>(k: K, fallback: string) => rows.map((r) => r[k] ?? fallback);
  await w.run(
    `INSERT INTO focus.costs
     SELECT 'AWS', 'AWS', unnest($accounts), 'prod', unnest($services), 'USD', unnest($categories),
            CAST(unnest($days) || ' 12:00:00+00' AS TIMESTAMPTZ), CAST(unnest($costs) AS DECIMAL(38,18)),
            CAST(unnest($costs) AS DECIMAL(38,18)), unnest($resources), unnest($usageTypes), NULL,
            json_object('team', unnest($teams))`,
    {
      accounts: col('account', '111122223333'),
      services: col('service', ''),
      categories: col('category', 'Usage'),
      days: col('day', ''),
      costs: col('cost', '0'),
      resources: col('resource', ''),
      usageTypes: col('usageType', ''),
      teams: col('team', 'platform'),
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

/**
 * `/api/anomalies`: cost anomalies found by `finops anomalies` (finops_meta.anomalies, src/detect/),
 * each with its kind, its expected range, one status word and the daily series around it for a small
 * chart (finops_meta.anomaly_series_days). The tables belong to the detector, so this reads them
 * defensively: the panel exists only when the findings have the columns it needs, an optional column
 * that is missing comes back as null, and without the series table the charts are empty.
 */

import { relationExists } from '../../warehouse/relations.ts';
import { quoteIdent, readSql } from '../../warehouse/sql.ts';
import type { Session } from '../access.ts';
import type { Query } from '../params.ts';
import { pickCurrency } from './currency.ts';

export const anomaliesParams = ['from', 'to', 'currency', 'limit'] as const;

const required = ['day', 'detector', 'actual', 'expected', 'score', 'status'];
const optional = [
  'fingerprint',
  'kind',
  'expected_low',
  'expected_high',
  'series_key',
  'metric',
  'provider',
  'service_name',
  'sub_account_id',
  'sub_account_name',
  'tag_key',
  'tag_value',
  'currency',
  'impact',
  'resolved_at',
];
const money = new Set(['actual', 'expected', 'expected_low', 'expected_high', 'impact']);

interface Source {
  available: boolean;
  columns: Set<string>;
  /** finops_meta.anomaly_series_days exists (migration 011). */
  charts: boolean;
}

interface ChartPoint {
  [field: string]: string | null;
  day: string;
  actual: string | null;
  expected: string | null;
  low: string | null;
  high: string | null;
}

export function anomaliesSource(s: Session): Promise<Source> {
  return s.memo('anomalies-source', async () => {
    const rows = await s.w.all<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
       WHERE table_schema = 'finops_meta' AND table_name = 'anomalies'`,
    );
    const columns = new Set(rows.map((r) => r.name));
    const charts = await relationExists(s.w, 'finops_meta', 'anomaly_series_days');
    return { available: required.every((c) => columns.has(c)), columns, charts };
  });
}

/** One select item per column: money rounded to cents as text, dates as text, what is missing as null. */
function selectList(columns: Set<string>): string {
  return [...required, ...optional]
    .map((name) => {
      if (!columns.has(name)) return `NULL AS ${quoteIdent(name)}`;
      const c = quoteIdent(name);
      if (money.has(name)) return `CAST(CAST(${c} AS DECIMAL(38,2)) AS VARCHAR) AS ${c}`;
      if (name === 'score') return `CAST(${c} AS DOUBLE) AS ${c}`;
      return `CAST(${c} AS VARCHAR) AS ${c}`;
    })
    .join(', ');
}

export async function anomalies(s: Session, q: Query) {
  const source = await anomaliesSource(s);
  const limit = q.limit('limit', 100, 1000);
  const from = q.date('from') ?? null;
  const to = q.date('to') ?? null;
  if (!source.available) return { available: false, message: 'no anomaly data yet', anomalies: [] };
  const currency = await pickCurrency(s, q.currency());
  // Never two currencies in one list: without a currency column the findings cannot be told apart.
  const byCurrency = source.columns.has('currency') && currency !== undefined;
  const impact = source.columns.has('impact') ? '"impact"' : '("actual" - "expected")';
  const rows = await s.w.all(
    `SELECT ${selectList(source.columns)} FROM finops_meta.anomalies
     WHERE ($from IS NULL OR "day" >= CAST($from AS DATE)) AND ($to IS NULL OR "day" <= CAST($to AS DATE))
       ${byCurrency ? 'AND "currency" = $currency' : ''}
     ORDER BY "day" DESC, abs(${impact}) DESC
     LIMIT $limit`,
    { from, to, limit, ...(byCurrency ? { currency: currency.code } : {}) },
  );
  const charts = await chartsOf(s, source, rows);
  const message = rows.length === 0 ? 'no anomalies recorded yet: run finops anomalies' : undefined;
  return {
    available: true,
    currency: byCurrency ? currency.code : null,
    message,
    anomalies: rows.map((r) => ({
      ...r,
      status_word: r.resolved_at ? 'resolved' : r.status,
      chart: charts.get(String(r.fingerprint)) ?? [],
    })),
  };
}

/** The chart points of each listed finding, by fingerprint. */
async function chartsOf(s: Session, source: Source, rows: Record<string, unknown>[]) {
  const fingerprints = rows.map((r) => r.fingerprint).filter((f): f is string => typeof f === 'string');
  const out = new Map<string, ChartPoint[]>();
  if (!source.charts || fingerprints.length === 0) return out;
  const found = await s.w.all<{ fingerprint: string; chart: ChartPoint[] }>(
    readSql(import.meta.url, 'anomaly-charts.sql'),
    { fingerprints },
  );
  for (const f of found) out.set(f.fingerprint, f.chart);
  return out;
}

/**
 * `/api/anomalies`: cost anomalies found by `finops anomalies` (finops_meta.anomalies, src/detect/).
 * The table belongs to the detector, so this reads it defensively: the panel exists only when the
 * table has the columns it needs, and an optional column that is missing comes back as null.
 */
import { quoteIdent } from '../../warehouse/sql.ts';
import type { Session } from '../access.ts';
import type { Query } from '../params.ts';
import { pickCurrency } from './meta.ts';

export const anomaliesParams = ['from', 'to', 'currency', 'limit'] as const;

const required = ['day', 'detector', 'actual', 'expected', 'score', 'status'];
const optional = [
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
const money = new Set(['actual', 'expected', 'impact']);

interface Source {
  available: boolean;
  columns: Set<string>;
}

export function anomaliesSource(s: Session): Promise<Source> {
  return s.memo('anomalies-source', async () => {
    const rows = await s.w.all<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
       WHERE table_schema = 'finops_meta' AND table_name = 'anomalies'`,
    );
    const columns = new Set(rows.map((r) => r.name));
    return { available: required.every((c) => columns.has(c)), columns };
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
  const message = rows.length === 0 ? 'no anomalies recorded yet: run finops anomalies' : undefined;
  return { available: true, currency: byCurrency ? currency.code : null, message, anomalies: rows };
}

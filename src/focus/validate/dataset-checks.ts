/**
 * Dataset-level checks, which a per-row count cannot express: ColumnPresent (answered from the
 * relation's description, no scan) and CheckDistinctCount ("a ServiceName has one and only one
 * ServiceCategory"), one GROUP BY query each.
 *
 * A distinct-count group fails when its non-null B values number something other than the expected
 * count; a group whose B is all null is left to B's nullability rule, so one defect is reported once.
 */
import { quoteIdent } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { Columns } from './columns.ts';
import { fromClause, paramsOf, type Source } from './scan.ts';

export interface DatasetOutcome {
  status: 'pass' | 'fail';
  failingRows?: number;
  examples?: Record<string, unknown>[];
  reason?: string;
}

export function checkPresent(columns: Columns, column: string): DatasetOutcome {
  if (columns.has(column)) return { status: 'pass' };
  return { status: 'fail', reason: `column ${column} is not in the dataset` };
}

export interface DistinctCheck {
  columnA: string;
  columnB: string;
  expected: number;
  condition?: string;
}

interface GroupRow extends Record<string, unknown> {
  a: unknown;
  b: unknown;
  n: string;
  total: string;
  groups: string;
}

export async function checkDistinct(
  w: Warehouse,
  source: Source,
  check: DistinctCheck,
  limit: number,
): Promise<DatasetOutcome> {
  const a = quoteIdent(check.columnA);
  const b = quoteIdent(check.columnB);
  const scope = check.condition ? ` AND (${check.condition})` : '';
  const sql = `WITH grouped AS (
    SELECT ${a} AS a, list_sort(list(DISTINCT ${b}) FILTER (WHERE ${b} IS NOT NULL)) AS b, count(*) AS n
    ${fromClause(source)}
    WHERE ${a} IS NOT NULL${scope}
    GROUP BY ${a}
  )
  SELECT a, b, n, sum(n) OVER () AS total, count(*) OVER () AS groups FROM grouped
  WHERE len(b) > 0 AND len(b) <> ${Math.trunc(check.expected)}
  ORDER BY a LIMIT ${Math.max(1, Math.trunc(limit))}`;
  const rows = (await w.all(sql, paramsOf(source))) as GroupRow[];
  const first = rows[0];
  if (!first) return { status: 'pass' };
  const groups = Number(first.groups);
  return {
    status: 'fail',
    failingRows: Number(first.total),
    examples: rows
      .slice(0, limit)
      .map((r) => ({ [check.columnA]: r.a, [check.columnB]: r.b, rows: Number(r.n) })),
    reason: `${groups} ${check.columnA} value${groups === 1 ? ' has' : 's have'} other than ${check.expected} distinct ${check.columnB}`,
  };
}

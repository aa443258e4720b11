/**
 * Showback: a billing period's spend per owner (the values of one tag key), per currency, after
 * shared-cost allocation. Reads the period's allocated table when `finops allocate` built one, and
 * focus.costs (nothing shared) otherwise; `allocated` in the result says which.
 */
import { periodTableName } from '../warehouse/period-tables.ts';
import { relationExists } from '../warehouse/relations.ts';
import { fillTemplate, qualified, quoteIdent, readSql } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { allocatedTables } from './allocate.ts';
import { governedCosts, pickPeriod } from './governed-costs.ts';
import { targetValueSql } from './row-filter.ts';
import type { CostMetric } from './tag-report.ts';

export interface ShowbackRow {
  currency: string;
  owner: string;
  rows: number;
  /** Exact decimal text. */
  cost: string;
  /** The part of cost that came from shared pools. */
  shared: string;
  percent: number | null;
}

export interface Showback {
  period: string | null;
  key: string;
  metric: CostMetric;
  /** Whether the period's allocated view was read (else focus.costs, nothing shared). */
  allocated: boolean;
  /** The allocated table no longer matches focus.costs (a reload since): run `finops allocate`. */
  stale: boolean;
  rows: ShowbackRow[];
}

export interface ShowbackOptions {
  /** The tag key to show back by (normalized spelling, e.g. cost_center). */
  key: string;
  period?: string;
  metric?: CostMetric;
  /** Owner of cost without a valid value of the key (default "Unallocated"). */
  unallocated?: string;
}

export async function showback(w: Warehouse, options: ShowbackOptions): Promise<Showback> {
  const metric = options.metric ?? 'EffectiveCost';
  const period = await pickPeriod(w, options.period);
  const result = {
    period: period ?? null,
    key: options.key,
    metric,
    allocated: false,
    stale: false,
    rows: [],
  };
  if (!period) return result;
  const table = periodTableName(allocatedTables, period);
  const allocated = await relationExists(w, allocatedTables.schema, table);
  const relation = allocated
    ? qualified(allocatedTables.schema, table)
    : `(SELECT *, NULL::VARCHAR AS x_AllocationOrigin FROM ${await governedCosts(w)})`;
  const sql = fillTemplate(readSql(import.meta.url, 'showback.sql'), {
    relation,
    metric: quoteIdent(metric),
    target: targetValueSql('key'),
  });
  const rows = await w.all<ShowbackRow & Record<string, never>>(sql, {
    period,
    key: options.key,
    unallocated: options.unallocated ?? 'Unallocated',
  });
  return { ...result, allocated, stale: allocated && (await isStale(w, period)), rows };
}

async function isStale(w: Warehouse, period: string): Promise<boolean> {
  const row = await w.one<{ differences: number }>(readSql(import.meta.url, 'allocate/stale.sql'), {
    period,
  });
  return (row?.differences ?? 0) > 0;
}

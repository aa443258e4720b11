/**
 * What is published must be what was read: per file, the raw rows and unblended cost; per currency,
 * the FOCUS BilledCost (the synthetic Unused commitment rows bill nothing and are not counted as rows).
 */

import { billedCost } from '../../focus/tables.ts';
import { addDecimal } from '../../money.ts';
import { periodTable } from '../../warehouse/period-tables.ts';
import { reconcilePublished, type SliceSpec, type SliceTotal } from '../../warehouse/reconcile.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { focusAwsTables, rawAwsTables } from './tables.ts';

export const COST = 'line_item_unblended_cost';
export const CURRENCY = 'line_item_currency_code';

export const rawSlice = (table: string, sourceName: string): SliceSpec => ({
  table,
  sourceColumn: rawAwsTables.sourceColumn,
  sourceName,
  costColumn: COST,
  currencyColumn: CURRENCY,
  fileColumn: 'finops_source_file',
});

export async function reconcilePeriod(
  w: Warehouse,
  sourceName: string,
  period: string,
  staged: SliceTotal[],
): Promise<void> {
  const raw = rawSlice(periodTable(rawAwsTables, period), sourceName);
  await reconcilePublished(w, staged, raw, `${period} (raw)`);
  const focus = {
    ...billedCost(focusAwsTables, period, sourceName),
    rowFilter: `"CommitmentDiscountStatus" IS DISTINCT FROM 'Unused'`,
  };
  await reconcilePublished(w, perCurrency(staged), focus, `${period} (FOCUS BilledCost)`);
}

function perCurrency(totals: SliceTotal[]): SliceTotal[] {
  const byCurrency = new Map<string, SliceTotal>();
  for (const t of totals) {
    const sum = byCurrency.get(t.currency);
    byCurrency.set(
      t.currency,
      sum ? { ...sum, rows: sum.rows + t.rows, cost: addDecimal(sum.cost, t.cost) } : { ...t, file: '' },
    );
  }
  return [...byCurrency.values()].map((t) => ({ ...t, cost: normalizeScale(t.cost) }));
}

/** DuckDB prints DECIMAL(38,10) with ten fractional digits; sums made here must compare equal to it. */
function normalizeScale(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.padEnd(10, '0').slice(0, 10)}`;
}

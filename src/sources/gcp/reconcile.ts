/**
 * Published must be read, to the last digit: per file, the raw rows and their cost; per currency, the
 * FOCUS BilledCost (credit rows included) against cost plus credits, and the charge rows against the
 * export's rows (credit rows are extra rows by design, so they are not counted).
 */
import { billedCost } from '../../focus/tables.ts';
import { periodTable } from '../../warehouse/period-tables.ts';
import { reconcilePublished, type SliceSpec, type SliceTotal } from '../../warehouse/reconcile.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { focusGcpTables, rawGcpTables } from './tables.ts';

/** The export's own cost (before credits), per file and currency, at NUMERIC's nine digits. */
export const rawSlice = (table: string, sourceName: string): SliceSpec => ({
  table,
  sourceColumn: rawGcpTables.sourceColumn,
  sourceName,
  costColumn: 'cost',
  currencyColumn: 'currency',
  fileColumn: 'finops_source_file',
  scale: 9,
});

/** What Google invoices: cost plus every credit, per currency. */
export const netSlice = (table: string, sourceName: string): SliceSpec => ({
  ...rawSlice(`(SELECT *, cost + credits_total AS finops_net_cost FROM ${table})`, sourceName),
  costColumn: 'finops_net_cost',
  fileColumn: undefined,
});

export async function reconcileMonth(
  w: Warehouse,
  sourceName: string,
  period: string,
  read: SliceTotal[],
  net: SliceTotal[],
): Promise<void> {
  const raw = rawSlice(periodTable(rawGcpTables, period), sourceName);
  await reconcilePublished(w, read, raw, `${period} (raw)`);
  const focus = {
    ...billedCost(focusGcpTables, period, sourceName),
    rowFilter: '"x_CreditType" IS NULL',
    scale: 9,
  };
  await reconcilePublished(w, net, focus, `${period} (FOCUS BilledCost = cost + credits)`);
}

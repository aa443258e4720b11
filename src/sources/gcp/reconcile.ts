/**
 * Published must be read, to the last digit: per file, the raw rows and their cost; per currency, the
 * FOCUS BilledCost (credit rows included) against cost plus credits, and the charge rows against the
 * export's rows (credit rows are extra rows by design, so they are not counted).
 */
import { periodTableName } from '../../warehouse/period-tables.ts';
import { reconcile, type SliceSpec, type SliceTotal, sliceTotals } from '../../warehouse/reconcile.ts';
import { qualified } from '../../warehouse/sql.ts';
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
  const raw = qualified(rawGcpTables.schema, periodTableName(rawGcpTables, period));
  reconcile(read, await sliceTotals(w, rawSlice(raw, sourceName)), `${period} (raw)`);
  const focus = await sliceTotals(w, {
    table: qualified(focusGcpTables.schema, periodTableName(focusGcpTables, period)),
    sourceColumn: focusGcpTables.sourceColumn,
    sourceName,
    costColumn: 'BilledCost',
    currencyColumn: 'BillingCurrency',
    rowFilter: '"x_CreditType" IS NULL',
    scale: 9,
  });
  reconcile(net, focus, `${period} (FOCUS BilledCost = cost + credits)`);
}

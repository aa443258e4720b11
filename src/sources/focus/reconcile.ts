/** A native FOCUS period: the published rows and BilledCost equal what was read, per file and currency. */
import { periodTable } from '../../warehouse/period-tables.ts';
import { reconcilePublished, type SliceSpec, type SliceTotal } from '../../warehouse/reconcile.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { nativeTables } from './tables.ts';

export const nativeSlice = (table: string, sourceName: string): SliceSpec => ({
  table,
  sourceColumn: 'x_SourceName',
  sourceName,
  costColumn: 'BilledCost',
  currencyColumn: 'BillingCurrency',
  fileColumn: 'x_SourceFile',
  scale: 18,
});

export async function reconcilePeriod(w: Warehouse, sourceName: string, period: string, read: SliceTotal[]) {
  const table = periodTable(nativeTables, period);
  await reconcilePublished(w, read, nativeSlice(table, sourceName), `${period} (FOCUS import)`);
}

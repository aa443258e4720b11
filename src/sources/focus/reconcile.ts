/** A native FOCUS period: the published rows and BilledCost equal what was read, per file and currency. */
import { periodTableName } from '../../warehouse/period-tables.ts';
import { reconcile, type SliceSpec, type SliceTotal, sliceTotals } from '../../warehouse/reconcile.ts';
import { qualified } from '../../warehouse/sql.ts';
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
  const table = qualified(nativeTables.schema, periodTableName(nativeTables, period));
  reconcile(read, await sliceTotals(w, nativeSlice(table, sourceName)), `${period} (FOCUS import)`);
}

/**
 * Reconciliation of an Azure month: what was read equals what is published, per file and currency, to
 * the last of 18 fractional digits. Raw: every staged cost details row and its CostInBillingCurrency.
 * FOCUS: the rows chosen.sql picks (plus every FocusCost row) and their delivered cost (kept as
 * x_CostInBillingCurrency beside BilledCost and EffectiveCost, or BilledCost for FocusCost rows).
 */
import { periodTable } from '../../warehouse/period-tables.ts';
import {
  reconcilePublished,
  type SliceSpec,
  type SliceTotal,
  sliceTotals,
} from '../../warehouse/reconcile.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { focusAzureTables, rawAzureTables } from './tables.ts';
import { chosenRows } from './to-focus.ts';

export interface MonthTotals {
  /** Cost details rows read, per file (empty for a FocusCost-only month). */
  raw: SliceTotal[];
  /** What the FOCUS side must hold, per file. */
  focus: SliceTotal[];
}

const spec = (
  table: string,
  sourceName: string,
  cost: string,
  sourceColumn: string,
  file: string,
  currency: string,
): SliceSpec => ({
  table,
  sourceColumn,
  sourceName,
  costColumn: cost,
  currencyColumn: currency,
  fileColumn: file,
  scale: 18,
});

const rawSpec = (table: string, sourceName: string) =>
  spec(
    table,
    sourceName,
    'CostInBillingCurrency',
    'finops_source_name',
    'finops_source_file',
    'BillingCurrencyCode',
  );

export async function readTotals(
  w: Warehouse,
  sourceName: string,
  rawStage?: string,
  nativeStage?: string,
): Promise<MonthTotals> {
  const raw = rawStage ? await sliceTotals(w, rawSpec(rawStage, sourceName)) : [];
  const chosen = rawStage ? await sliceTotals(w, rawSpec(chosenRows(rawStage), sourceName)) : [];
  const native = nativeStage
    ? await sliceTotals(
        w,
        spec(nativeStage, sourceName, 'BilledCost', 'x_SourceName', 'x_SourceFile', 'BillingCurrency'),
      )
    : [];
  return { raw, focus: [...chosen, ...native] };
}

/**
 * Run inside the publishing transaction, after placement: the rows this load published (the month's
 * other scopes are other loads') hold what was read.
 */
export async function reconcileMonth(
  w: Warehouse,
  sourceName: string,
  period: string,
  read: MonthTotals,
  loadId: number,
) {
  if (read.raw.length > 0) {
    const table = periodTable(rawAzureTables, period);
    const raw = `(SELECT * FROM ${table} WHERE finops_load_id = ${Number(loadId)})`;
    await reconcilePublished(w, read.raw, rawSpec(raw, sourceName), `${period} (raw)`);
    await reconcilePublished(
      w,
      read.focus.filter(isDetails(read.raw)),
      rawSpec(chosenRows(raw), sourceName),
      `${period} (chosen rows)`,
    );
  }
  const focusTable = periodTable(focusAzureTables, period);
  const columns = new Set(
    (await w.all<{ name: string }>(`SELECT column_name AS name FROM (DESCRIBE ${focusTable})`)).map(
      (c) => c.name,
    ),
  );
  const cost = columns.has('x_CostInBillingCurrency')
    ? 'coalesce(x_CostInBillingCurrency, BilledCost)'
    : 'BilledCost';
  const published = `(SELECT x_SourceName, x_SourceFile, BillingCurrency, ${cost} AS finops_read_cost
    FROM ${focusTable} WHERE x_LoadId = ${Number(loadId)})`;
  const focus = spec(
    published,
    sourceName,
    'finops_read_cost',
    'x_SourceName',
    'x_SourceFile',
    'BillingCurrency',
  );
  await reconcilePublished(w, read.focus, focus, `${period} (FOCUS)`);
}

const isDetails = (raw: SliceTotal[]) => {
  const files = new Set(raw.map((t) => t.file));
  return (t: SliceTotal) => files.has(t.file);
};

/** BilledCost per currency of a staged FOCUS table: the month's bill, for the ledger and the output. */
export async function billedTotals(w: Warehouse, focusStage: string): Promise<Record<string, string>> {
  const rows = await w.all<{ currency: string; cost: string }>(
    `SELECT coalesce(upper(trim(BillingCurrency)), '') AS currency, sum(BilledCost)::DECIMAL(38,18)::VARCHAR AS cost
     FROM ${focusStage} GROUP BY ALL ORDER BY ALL`,
  );
  return Object.fromEntries(rows.map((r) => [r.currency, r.cost]));
}

/**
 * Loads one invoice month of one GCP billing export: fetch (the query's pages, or the export's files),
 * stage, map to FOCUS, then in one transaction swap both stages into place, reconcile and record the
 * ledger. Any failure leaves the previous version untouched and a `failed` ledger row that says why.
 * The published rows are then validated against the FOCUS requirements model.
 */
import { errorMessage, inputError } from '../../errors.ts';
import { cloudApplicability } from '../../focus/applicability.ts';
import { validateLoads } from '../../focus/load-validation.ts';
import { applyTagPolicy } from '../../govern/apply-tag-policy.ts';
import type { TagPolicy } from '../../govern/policy.ts';
import type { Logger } from '../../log.ts';
import { addDecimal } from '../../money.ts';
import {
  beginLoad,
  type LoadOutcome,
  recordFailure,
  recordSuccess,
  type ValidationSummary,
} from '../../warehouse/ledger.ts';
import { dropTable, periodTableName, stageTableName, swapInStage } from '../../warehouse/period-tables.ts';
import { reconcile, type SliceSpec, type SliceTotal, sliceTotals } from '../../warehouse/reconcile.ts';
import { qualified } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import { stageMonth } from './stage.ts';
import { focusGcpTables, rawGcpTables, SOURCE_TYPE } from './tables.ts';
import { stageFocus } from './to-focus.ts';

export interface MonthContext {
  warehouse: Warehouse;
  logger: Logger;
  sourceName: string;
  /** `project.dataset.table`, `gs://bucket/prefix` or a folder, for the ledger. */
  location: string;
  force: boolean;
  tagPolicy?: TagPolicy;
}

export interface MonthUnit {
  /** `YYYY-MM` */
  period: string;
  versionId: string;
  /** What identifies the delivery in the ledger (the query job, or the files' location). */
  manifestKey?: string;
  /** Brings the month's files to this machine; runs after the ledger row exists, so its failure is recorded. */
  fetch(loadId: number): Promise<LocalDataFile[]>;
}

export interface MonthReport extends LoadOutcome {
  loadId: number;
  validation?: ValidationSummary;
}

export async function loadMonth(ctx: MonthContext, unit: MonthUnit): Promise<MonthReport> {
  const report = await publishMonth(ctx, unit);
  const validation = await validateLoads(
    ctx.warehouse,
    {
      table: qualified(focusGcpTables.schema, periodTableName(focusGcpTables, unit.period)),
      sourceName: ctx.sourceName,
      loadIds: [report.loadId],
      period: unit.period,
      applicability: cloudApplicability,
      hint: `finops focus validate --period ${unit.period} --provider "Google Cloud"`,
    },
    ctx.logger,
  );
  return { ...report, validation };
}

async function publishMonth(ctx: MonthContext, unit: MonthUnit): Promise<MonthReport> {
  const w = ctx.warehouse;
  const { period } = unit;
  const loadId = await beginLoad(w, {
    sourceType: SOURCE_TYPE,
    sourceName: ctx.sourceName,
    billingPeriod: period,
    location: ctx.location,
    manifestKey: unit.manifestKey,
    versionId: unit.versionId,
    targetTable: `${rawGcpTables.schema}.${periodTableName(rawGcpTables, period)}`,
    forced: ctx.force,
  });
  const rawStage = stageTableName(rawGcpTables, period, loadId);
  const focusStage = stageTableName(focusGcpTables, period, loadId);
  const raw = qualified(rawGcpTables.schema, rawStage);
  const focus = qualified(focusGcpTables.schema, focusStage);
  try {
    const started = performance.now();
    const files = await unit.fetch(loadId);
    const fetched = performance.now();
    ctx.logger.debug(`stage ${period}: reading ${files.length} file(s) into DuckDB`);
    await stageMonth(w, {
      table: raw,
      files,
      invoiceMonth: period.replace('-', ''),
      sourceName: ctx.sourceName,
      loadId,
    });
    const read = await sliceTotals(w, rawSlice(raw, ctx.sourceName));
    if (read.length === 0) {
      throw inputError(`no rows of invoice month ${period}`, {
        file: files.length === 1 ? files[0]?.url : undefined,
        hint: 'check --month against the export (invoice.month)',
      });
    }
    const net = await sliceTotals(w, netSlice(raw, ctx.sourceName));
    const stagedAt = performance.now();
    await stageFocus(w, {
      raw,
      target: focus,
      sourceName: ctx.sourceName,
      sourceVersion: unit.versionId,
      loadId,
    });
    await applyTagPolicy(w, focus, ctx.tagPolicy);
    const normalized = performance.now();
    const outcome = await w.transaction(async () => {
      await swapInStage(w, rawGcpTables, period, rawStage, ctx.sourceName);
      await swapInStage(w, focusGcpTables, period, focusStage, ctx.sourceName);
      await reconcilePublished(ctx, period, read, net);
      const result = outcomeOf(files, read, net, {
        fetchMs: fetched - started,
        stageMs: stagedAt - fetched,
        normalizeMs: normalized - stagedAt,
        publishMs: performance.now() - normalized,
      });
      await recordSuccess(w, loadId, result);
      return result;
    });
    return { ...outcome, loadId };
  } catch (error) {
    await dropTable(w, rawGcpTables.schema, rawStage).catch(() => undefined);
    await dropTable(w, focusGcpTables.schema, focusStage).catch(() => undefined);
    await recordFailure(w, loadId, errorMessage(error)).catch(() => undefined);
    throw error;
  }
}

/** The export's own cost (before credits), per file and currency, at NUMERIC's nine digits. */
const rawSlice = (table: string, sourceName: string): SliceSpec => ({
  table,
  sourceColumn: rawGcpTables.sourceColumn,
  sourceName,
  costColumn: 'cost',
  currencyColumn: 'currency',
  fileColumn: 'finops_source_file',
  scale: 9,
});

/** What Google invoices: cost plus every credit, per currency. */
const netSlice = (table: string, sourceName: string): SliceSpec => ({
  ...rawSlice(`(SELECT *, cost + credits_total AS finops_net_cost FROM ${table})`, sourceName),
  costColumn: 'finops_net_cost',
  fileColumn: undefined,
});

/**
 * Published must be read, to the last digit: per file, the raw rows and their cost; per currency, the
 * FOCUS BilledCost (credit rows included) against cost plus credits, and the charge rows against the
 * export's rows (credit rows are extra rows by design, so they are not counted).
 */
async function reconcilePublished(ctx: MonthContext, period: string, read: SliceTotal[], net: SliceTotal[]) {
  const w = ctx.warehouse;
  const raw = qualified(rawGcpTables.schema, periodTableName(rawGcpTables, period));
  reconcile(read, await sliceTotals(w, rawSlice(raw, ctx.sourceName)), `${period} (raw)`);
  const focus = await sliceTotals(w, {
    table: qualified(focusGcpTables.schema, periodTableName(focusGcpTables, period)),
    sourceColumn: focusGcpTables.sourceColumn,
    sourceName: ctx.sourceName,
    costColumn: 'BilledCost',
    currencyColumn: 'BillingCurrency',
    rowFilter: '"x_CreditType" IS NULL',
    scale: 9,
  });
  reconcile(net, focus, `${period} (FOCUS BilledCost = cost + credits)`);
}

/** The ledger's cost totals are what is invoiced (cost + credits); rows are the export's, per file. */
function outcomeOf(
  files: LocalDataFile[],
  read: SliceTotal[],
  net: SliceTotal[],
  times: Pick<LoadOutcome, 'fetchMs' | 'stageMs' | 'normalizeMs' | 'publishMs'>,
): LoadOutcome {
  const costTotals: Record<string, string> = {};
  const rowsByFile = new Map<string, number>();
  for (const t of net) costTotals[t.currency] = addDecimal(costTotals[t.currency] ?? '0', t.cost);
  for (const t of read) rowsByFile.set(t.file, (rowsByFile.get(t.file) ?? 0) + t.rows);
  return {
    files: files.map((f) => ({ key: f.key, size: f.size, etag: f.etag, rows: rowsByFile.get(f.key) ?? 0 })),
    bytes: files.reduce((n, f) => n + f.size, 0),
    rows: read.reduce((n, t) => n + t.rows, 0),
    costTotals,
    ...times,
  };
}

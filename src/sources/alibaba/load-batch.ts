/**
 * Loads one batch: fetch its files, stage them typed, map them to FOCUS, then in one transaction
 * replace exactly this batch's rows (or, for a snapshot, the source's rows of the period) in the raw and
 * FOCUS period tables, reconcile what was published with what was read, and record the ledger. Any
 * failure leaves the published data as it was and a `failed` ledger row that says why.
 */
import { errorMessage } from '../../errors.ts';
import { applyTagPolicy } from '../../govern/apply-tag-policy.ts';
import type { TagPolicy } from '../../govern/policy.ts';
import type { Logger } from '../../log.ts';
import { addDecimal } from '../../money.ts';
import type { Progress } from '../../progress.ts';
import type { DownloadCache } from '../../stores/cache.ts';
import type { ObjectStore } from '../../stores/store.ts';
import { beginLoad, type LoadOutcome, recordFailure, recordSuccess } from '../../warehouse/ledger.ts';
import {
  dropTable,
  type PeriodTableSet,
  periodTableName,
  replaceSliceWithStage,
  stageTableName,
} from '../../warehouse/period-tables.ts';
import { reconcile, type SliceTotal, sliceTotals } from '../../warehouse/reconcile.ts';
import { qualified } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { fetchFiles } from '../fetch-files.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import type { PlannedColumn } from './columns.ts';
import { describeGaps, gapsOf, repeatedDays, unnamedCodes } from './findings.ts';
import type { BatchMode, BatchPlan } from './plan.ts';
import { groupByHeader, stageRaw } from './stage.ts';
import { focusAlibabaTables, focusLineage, rawAlibabaTables, rawLineage, SOURCE_TYPE } from './tables.ts';
import { decideZone } from './timezone.ts';
import { type NamingSettings, stageFocus } from './to-focus.ts';

export interface BatchContext {
  warehouse: Warehouse;
  cache: DownloadCache;
  store: ObjectStore;
  progress: Progress;
  logger: Logger;
  sourceName: string;
  location: string;
  mode: BatchMode;
  /** alibaba.timezone: a zone name or `auto`. */
  timezone: string;
  naming: NamingSettings;
  force: boolean;
  /** Findings already told in this import, so thirty daily batches say a thing once. */
  told: Set<string>;
  tagPolicy?: TagPolicy;
}

export interface BatchReport extends LoadOutcome {
  loadId: number;
}

export async function loadBatch(ctx: BatchContext, plan: BatchPlan): Promise<BatchReport> {
  const w = ctx.warehouse;
  const { batch } = plan;
  const loadId = await beginLoad(w, {
    sourceType: SOURCE_TYPE,
    sourceName: ctx.sourceName,
    billingPeriod: batch.period,
    location: ctx.location,
    manifestKey: batch.batchId,
    versionId: plan.versionId,
    targetTable: `${rawAlibabaTables.schema}.${periodTableName(rawAlibabaTables, batch.period)}`,
    forced: ctx.force,
  });
  const raw = stageTableName(rawAlibabaTables, batch.period, loadId);
  const focus = stageTableName(focusAlibabaTables, batch.period, loadId);
  try {
    const started = performance.now();
    ctx.progress.start(`fetch ${batch.period} ${batch.batchId}`, {
      files: batch.objects.length,
      bytes: batch.bytes,
    });
    const files = await fetchFiles(ctx.cache, ctx.store, batch.objects, ctx.progress);
    const fetched = performance.now();
    const columns = await stageBatch(ctx, plan, files, loadId, qualified(rawAlibabaTables.schema, raw));
    const read = await sliceTotals(w, rawSlice(qualified(rawAlibabaTables.schema, raw), ctx.sourceName));
    const staged = performance.now();
    await normalizeBatch(ctx, plan, columns, loadId, raw, focus);
    const normalized = performance.now();
    const outcome = await w.transaction(async () => {
      await replaceSliceWithStage(w, rawAlibabaTables, batch.period, raw, slice(ctx, plan, rawLineage));
      await replaceSliceWithStage(w, focusAlibabaTables, batch.period, focus, slice(ctx, plan, focusLineage));
      await reconcilePublished(ctx, plan, loadId, read);
      const result = outcomeOf(files, read, {
        fetchMs: fetched - started,
        stageMs: staged - fetched,
        normalizeMs: normalized - staged,
        publishMs: performance.now() - normalized,
      });
      await recordSuccess(w, loadId, result);
      return result;
    });
    return { ...outcome, loadId };
  } catch (error) {
    await dropTable(w, rawAlibabaTables.schema, raw).catch(() => undefined);
    await dropTable(w, focusAlibabaTables.schema, focus).catch(() => undefined);
    await recordFailure(w, loadId, errorMessage(error)).catch(() => undefined);
    throw error;
  }
}

async function stageBatch(
  ctx: BatchContext,
  plan: BatchPlan,
  files: LocalDataFile[],
  loadId: number,
  table: string,
): Promise<PlannedColumn[]> {
  const groups = await groupByHeader(files);
  const first = groups[0];
  if (!first) throw new Error('a batch without files');
  for (const g of groups) for (const warning of g.plan.warnings) tell(ctx, 'warn', warning);
  const zone = await decideZone(ctx.warehouse, first.files[0]?.path as string, first.plan, ctx.timezone);
  if (zone.note) tell(ctx, 'info', zone.note);
  if (zone.warning) tell(ctx, 'warn', zone.warning);
  ctx.logger.debug(
    `stage ${plan.batch.period} ${plan.batch.batchId}: reading ${files.length} file(s) into DuckDB`,
  );
  await stageRaw(ctx.warehouse, {
    table,
    groups,
    sourceName: ctx.sourceName,
    loadId,
    batchId: plan.batch.batchId,
    period: plan.batch.period,
    zone: zone.zone,
    tags: ctx.naming.tags,
  });
  const columns = new Map<string, PlannedColumn>();
  for (const g of groups)
    for (const c of g.plan.columns) if (!columns.has(c.header)) columns.set(c.header, c);
  return [...columns.values()];
}

async function normalizeBatch(
  ctx: BatchContext,
  plan: BatchPlan,
  columns: PlannedColumn[],
  loadId: number,
  raw: string,
  focus: string,
): Promise<void> {
  const w = ctx.warehouse;
  const rawTable = qualified(rawAlibabaTables.schema, raw);
  const focusTable = qualified(focusAlibabaTables.schema, focus);
  const gaps = describeGaps(await gapsOf(w, rawTable, columns));
  if (gaps) tell(ctx, 'warn', gaps);
  await stageFocus(w, {
    raw: rawTable,
    target: focusTable,
    columns,
    sourceName: ctx.sourceName,
    sourceVersion: plan.versionId,
    loadId,
    naming: ctx.naming,
  });
  await applyTagPolicy(w, focusTable, ctx.tagPolicy);
  for (const code of await unnamedCodes(w, focusTable)) {
    tell(
      ctx,
      'warn',
      `${code} is a numeric code with no configured name; kept as delivered (set alibaba.names)`,
    );
  }
  if (ctx.mode === 'increment') {
    const days = await repeatedDays(w, focusTable, plan.batch.period, ctx.sourceName, plan.batch.batchId);
    if (days > 1) {
      tell(
        ctx,
        'warn',
        `batch ${plan.batch.batchId} repeats ${days} charge days that other batches of ${plan.batch.period} already delivered; if every batch holds the month so far, set alibaba.batches = "snapshot" (--batches snapshot), or costs are counted more than once`,
      );
    }
  }
}

function tell(ctx: BatchContext, level: 'info' | 'warn', message: string): void {
  if (ctx.told.has(message)) return;
  ctx.told.add(message);
  ctx.logger[level](`${ctx.sourceName}: ${message}`);
}

/** The rows a batch replaces: its own, or in snapshot mode everything the source has in the period. */
function slice(ctx: BatchContext, plan: BatchPlan, lineage: { source: string; batch: string }) {
  const rows: Record<string, string> = { [lineage.source]: ctx.sourceName };
  if (ctx.mode === 'increment') rows[lineage.batch] = plan.batch.batchId;
  return rows;
}

const rawSlice = (table: string, sourceName: string) => ({
  table,
  sourceColumn: rawLineage.source,
  sourceName,
  costColumn: 'BilledCost',
  currencyColumn: 'BillingCurrency',
  fileColumn: rawLineage.file,
  scale: 18,
});

/** Published (raw and FOCUS) must equal read, per file and currency, to the last digit. */
async function reconcilePublished(ctx: BatchContext, plan: BatchPlan, loadId: number, read: SliceTotal[]) {
  const w = ctx.warehouse;
  const what = `${plan.batch.period} batch ${plan.batch.batchId}`;
  const published = (set: PeriodTableSet, load: string) =>
    `(SELECT * FROM ${qualified(set.schema, periodTableName(set, plan.batch.period))} WHERE ${load} = ${loadId})`;
  reconcile(
    read,
    await sliceTotals(w, rawSlice(published(rawAlibabaTables, rawLineage.load), ctx.sourceName)),
    `${what} (raw)`,
  );
  const focusSlice = {
    ...rawSlice(published(focusAlibabaTables, focusLineage.load), ctx.sourceName),
    sourceColumn: focusLineage.source,
    fileColumn: focusLineage.file,
  };
  reconcile(read, await sliceTotals(w, focusSlice), `${what} (FOCUS)`);
}

function outcomeOf(
  files: LocalDataFile[],
  read: SliceTotal[],
  times: Pick<LoadOutcome, 'fetchMs' | 'stageMs' | 'normalizeMs' | 'publishMs'>,
): LoadOutcome {
  const costTotals: Record<string, string> = {};
  const rowsByFile = new Map<string, number>();
  for (const t of read) {
    costTotals[t.currency] = addDecimal(costTotals[t.currency] ?? '0', t.cost);
    rowsByFile.set(t.file, (rowsByFile.get(t.file) ?? 0) + t.rows);
  }
  return {
    files: files.map((f) => ({ key: f.key, size: f.size, etag: f.etag, rows: rowsByFile.get(f.key) ?? 0 })),
    bytes: files.reduce((n, f) => n + f.size, 0),
    rows: read.reduce((n, t) => n + t.rows, 0),
    costTotals,
    ...times,
  };
}

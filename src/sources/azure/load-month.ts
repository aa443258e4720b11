/**
 * Loads one month of one Azure source: fetch the selected runs' blobs, stage cost details (raw) and
 * FocusCost files (FOCUS already), check them against their manifests, map to FOCUS, then in one
 * transaction swap the month into place, reconcile and record the ledger. Any failure leaves the
 * previous version untouched and a `failed` ledger row that says why.
 */
import { errorMessage } from '../../errors.ts';
import { cloudApplicability } from '../../focus/applicability.ts';
import { validateLoads } from '../../focus/load-validation.ts';
import { applyTagPolicy } from '../../govern/apply-tag-policy.ts';
import type { TagPolicy } from '../../govern/policy.ts';
import type { Logger } from '../../log.ts';
import type { Progress } from '../../progress.ts';
import type { DownloadCache } from '../../stores/cache.ts';
import type { ObjectStore } from '../../stores/store.ts';
import { beginLoad, recordFailure, recordSuccess, type ValidationSummary } from '../../warehouse/ledger.ts';
import { periodTableName, stageTableName, swapInStage } from '../../warehouse/period-tables.ts';
import { fillTemplate, qualified, readSql } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { fetchFiles } from '../fetch-files.ts';
import { stageNativeFocus } from '../focus/stage.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import { checkMonth, checkRowCounts, dropSupersededDays, type StagedRows } from './checks.ts';
import { classifyFiles } from './classify.ts';
import type { MonthPlan } from './plan.ts';
import { billedTotals, type MonthTotals, outcomeOf, readTotals, reconcileMonth } from './reconcile-month.ts';
import { stageCostDetails } from './stage.ts';
import { focusAzureTables, rawAzureTables, SOURCE_TYPE } from './tables.ts';
import { stageDetailsFocus } from './to-focus.ts';

export interface MonthContext {
  warehouse: Warehouse;
  cache: DownloadCache;
  store: ObjectStore;
  sourceName: string;
  location: string;
  force: boolean;
  progress: Progress;
  logger: Logger;
  tagPolicy?: TagPolicy;
}

export interface MonthReport {
  loadId: number;
  rows: number;
  files: number;
  costTotals: Record<string, string>;
  validation?: ValidationSummary;
}

export async function loadMonth(ctx: MonthContext, plan: MonthPlan): Promise<MonthReport> {
  const report = await publishMonth(ctx, plan);
  const period = plan.period.label;
  const validation = await validateLoads(
    ctx.warehouse,
    {
      table: qualified(focusAzureTables.schema, periodTableName(focusAzureTables, period)),
      sourceName: ctx.sourceName,
      loadIds: [report.loadId],
      period,
      applicability: cloudApplicability,
    },
    ctx.logger,
  );
  return { ...report, validation };
}

/** The month's stage tables (quoted): raw cost details, FocusCost rows, and the FOCUS parts and whole. */
interface Stages {
  raw: string;
  native: string;
  nativeFocus: string;
  detailsFocus: string;
  focus: string;
}

function stagesOf(period: string, loadId: number): Stages {
  const focus = (suffix: string) =>
    qualified(focusAzureTables.schema, `${stageTableName(focusAzureTables, period, loadId)}${suffix}`);
  return {
    raw: qualified(rawAzureTables.schema, stageTableName(rawAzureTables, period, loadId)),
    native: focus('_native'),
    nativeFocus: focus('_native_focus'),
    detailsFocus: focus('_details'),
    focus: focus(''),
  };
}

async function publishMonth(ctx: MonthContext, plan: MonthPlan): Promise<MonthReport> {
  const w = ctx.warehouse;
  const period = plan.period.label;
  const loadId = await beginLoad(w, {
    sourceType: SOURCE_TYPE,
    sourceName: ctx.sourceName,
    billingPeriod: period,
    location: ctx.location,
    manifestKey: plan.runs.map((r) => r.run.manifestKey).join(','),
    versionId: plan.versionId,
    targetTable: `${focusAzureTables.schema}.${periodTableName(focusAzureTables, period)}`,
    forced: ctx.force,
  });
  const s = stagesOf(period, loadId);
  try {
    const prepared = await prepareMonth(ctx, plan, loadId, s);
    const outcome = await w.transaction(() => swapMonth(ctx, period, loadId, prepared));
    return { loadId, rows: outcome.rows, files: outcome.files.length, costTotals: outcome.costTotals };
  } catch (error) {
    for (const table of [s.raw, s.focus]) await w.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await recordFailure(w, loadId, errorMessage(error)).catch(() => undefined);
    throw error;
  } finally {
    for (const table of [s.native, s.nativeFocus, s.detailsFocus]) {
      await w.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    }
  }
}

interface PreparedMonth {
  files: LocalDataFile[];
  staged: { details: boolean; native: boolean };
  read: MonthTotals;
  billed: Record<string, string>;
  /** performance.now() at the start and after fetch, stage and normalize. */
  times: [number, number, number, number];
}

/** Everything before the swap: fetch, stage and check, map to FOCUS, and what was read. */
async function prepareMonth(
  ctx: MonthContext,
  plan: MonthPlan,
  loadId: number,
  s: Stages,
): Promise<PreparedMonth> {
  const started = performance.now();
  const objects = plan.runs.flatMap((r) => r.objects);
  ctx.progress.start(`fetch ${plan.period.label}`, { files: objects.length, bytes: plan.bytes });
  const files = await fetchFiles(ctx.cache, ctx.store, objects, ctx.progress);
  const fetched = performance.now();
  const staged = await stageMonth(ctx, plan, files, loadId, s);
  const stagedAt = performance.now();
  await normalizeMonth(ctx, plan, loadId, s, staged);
  const normalized = performance.now();
  const read = await readTotals(
    ctx.warehouse,
    ctx.sourceName,
    staged.details ? s.raw : undefined,
    staged.native ? s.native : undefined,
  );
  const billed = await billedTotals(ctx.warehouse, s.focus);
  return { files, staged, read, billed, times: [started, fetched, stagedAt, normalized] };
}

/** Inside the load's transaction: the month's stages take their places, reconcile, the ledger. */
async function swapMonth(ctx: MonthContext, period: string, loadId: number, p: PreparedMonth) {
  const w = ctx.warehouse;
  if (p.staged.details) {
    await swapInStage(
      w,
      rawAzureTables,
      period,
      stageTableName(rawAzureTables, period, loadId),
      ctx.sourceName,
    );
  } else await clearRaw(w, period, ctx.sourceName);
  await swapInStage(
    w,
    focusAzureTables,
    period,
    stageTableName(focusAzureTables, period, loadId),
    ctx.sourceName,
  );
  await reconcileMonth(w, ctx.sourceName, period, p.read);
  const [started, fetched, stagedAt, normalized] = p.times;
  const result = outcomeOf(p.files, p.read, p.billed, {
    fetchMs: fetched - started,
    stageMs: stagedAt - fetched,
    normalizeMs: normalized - stagedAt,
    publishMs: performance.now() - normalized,
  });
  await recordSuccess(w, loadId, result);
  return result;
}

/** Stage the month's files (cost details raw, FocusCost as FOCUS) and check them against their manifests. */
async function stageMonth(
  ctx: MonthContext,
  plan: MonthPlan,
  files: LocalDataFile[],
  loadId: number,
  s: Stages,
): Promise<{ details: boolean; native: boolean }> {
  const w = ctx.warehouse;
  const classified = await classifyFiles(w, plan.runs, files);
  const detailFiles = classified.details.flatMap((g) => g.files);
  const focusFiles = classified.focus.map((f) => f.file);
  ctx.logger.info(
    `stage ${plan.period.label}: ${detailFiles.length} cost details file(s), ${focusFiles.length} FOCUS file(s)`,
  );
  if (detailFiles.length > 0) {
    await stageCostDetails(w, {
      table: s.raw,
      groups: classified.details,
      sourceName: ctx.sourceName,
      loadId,
    });
    await checkStaged(
      w,
      { table: s.raw, fileColumn: 'finops_source_file', day: '"Date"' },
      plan,
      detailFiles,
    );
  }
  if (focusFiles.length > 0) {
    const result = await stageNativeFocus(w, {
      table: s.native,
      files: focusFiles,
      sourceName: ctx.sourceName,
      sourceVersion: plan.versionId,
      provider: 'Microsoft',
    });
    for (const warning of result.warnings) ctx.logger.debug(`${ctx.sourceName}: ${warning}`);
    const day = 'CAST(ChargePeriodStart AS DATE)';
    await checkStaged(w, { table: s.native, fileColumn: 'x_SourceFile', day }, plan, focusFiles);
  }
  return { details: detailFiles.length > 0, native: focusFiles.length > 0 };
}

async function checkStaged(w: Warehouse, rows: StagedRows, plan: MonthPlan, files: LocalDataFile[]) {
  await checkRowCounts(w, rows, plan.runs, files);
  await checkMonth(w, rows, plan.period, files);
  await dropSupersededDays(w, rows, plan.runs);
}

async function normalizeMonth(
  ctx: MonthContext,
  plan: MonthPlan,
  loadId: number,
  s: Stages,
  staged: { details: boolean; native: boolean },
): Promise<void> {
  const w = ctx.warehouse;
  const parts: string[] = [];
  if (staged.details) {
    await stageDetailsFocus(w, {
      raw: s.raw,
      target: s.detailsFocus,
      sourceName: ctx.sourceName,
      sourceVersion: plan.versionId,
      loadId,
    });
    parts.push(s.detailsFocus);
  }
  if (staged.native) {
    await w.run(
      fillTemplate(readSql(import.meta.url, 'native.sql'), { target: s.nativeFocus, native: s.native }),
      {
        loadId,
      },
    );
    parts.push(s.nativeFocus);
  }
  await w.run(
    `CREATE TABLE ${s.focus} AS ${parts.map((p) => `SELECT * FROM ${p}`).join(' UNION ALL BY NAME ')}`,
  );
  await applyTagPolicy(w, s.focus, ctx.tagPolicy);
}

/** A month now delivered as FocusCost keeps no cost details rows of an earlier load of this source. */
async function clearRaw(w: Warehouse, period: string, sourceName: string): Promise<void> {
  const exists = await w.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = $schema AND table_name = $table`,
    { schema: rawAzureTables.schema, table: periodTableName(rawAzureTables, period) },
  );
  if (!exists?.n) return;
  await w.run(
    `DELETE FROM ${qualified(rawAzureTables.schema, periodTableName(rawAzureTables, period))} WHERE finops_source_name = $sourceName`,
    { sourceName },
  );
}

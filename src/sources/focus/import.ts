/**
 * `finops focus import`: native FOCUS files from any provider into focus.costs. The unit of work is a
 * billing period of one import source (its name); the version of the source is a fingerprint of its
 * files, so an unchanged set of files is not loaded twice. All periods found are published together in
 * one transaction, each replacing its earlier version, each reconciled and in the ledger.
 */
import { randomBytes } from 'node:crypto';
import { errorMessage, inputError } from '../../errors.ts';
import { cloudApplicability } from '../../focus/applicability.ts';
import { validateLoads } from '../../focus/load-validation.ts';
import { applyTagPolicy } from '../../govern/apply-tag-policy.ts';
import type { TagPolicy } from '../../govern/policy.ts';
import type { Logger } from '../../log.ts';
import { addDecimal } from '../../money.ts';
import type { Progress } from '../../progress.ts';
import type { DownloadCache } from '../../stores/cache.ts';
import { fingerprint } from '../../stores/fingerprint.ts';
import type { ObjectStore } from '../../stores/store.ts';
import { beginLoad, recordFailure, recordSuccess, type ValidationSummary } from '../../warehouse/ledger.ts';
import { dropTable, periodTableName, stageTableName, swapInStage } from '../../warehouse/period-tables.ts';
import { reconcile, type SliceSpec, type SliceTotal, sliceTotals } from '../../warehouse/reconcile.ts';
import { qualified } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { fetchFiles } from '../fetch-files.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import { recoverFromCrash } from '../recovery.ts';
import { listFocusFiles } from './files.ts';
import { stageNativeFocus } from './stage.ts';
import { NATIVE_SOURCE_TYPE, nativeTables } from './tables.ts';

export interface NativeImportRequest {
  store: ObjectStore;
  prefix: string;
  /** For the ledger and messages. */
  location: string;
  sourceName: string;
  provider?: string;
  force?: boolean;
  dryRun?: boolean;
}

export interface NativeImportContext {
  warehouse: Warehouse;
  cache: DownloadCache;
  progress: Progress;
  logger: Logger;
  /** The tag policy applied to every imported period (src/govern); none leaves tags as delivered. */
  tagPolicy?: TagPolicy;
}

export interface NativePeriodOutcome {
  period: string;
  status: 'loaded' | 'unchanged' | 'would load';
  rows?: number;
  providers?: string;
  costTotals?: Record<string, string>;
  loadId?: number;
  validation?: ValidationSummary;
}

export interface NativeImportResult {
  version: string;
  warnings: string[];
  /** Detected FOCUS version per file key. */
  versions: Record<string, string>;
  outcomes: NativePeriodOutcome[];
}

export async function importNativeFocus(
  ctx: NativeImportContext,
  req: NativeImportRequest,
): Promise<NativeImportResult> {
  const objects = await listFocusFiles(req.store, req.prefix);
  const version = fingerprint(objects);
  const loaded = await loadedPeriods(ctx.warehouse, req.sourceName, version);
  if (loaded.length > 0 && !req.force) {
    ctx.logger.info(`${req.sourceName}: these files are already loaded; nothing to do (--force reloads)`);
    return {
      version,
      warnings: [],
      versions: {},
      outcomes: loaded.map((period) => ({ period, status: 'unchanged' })),
    };
  }
  if (req.dryRun) {
    return {
      version,
      warnings: [],
      versions: {},
      outcomes: [{ period: '(every period in the files)', status: 'would load' }],
    };
  }
  await recoverFromCrash(ctx.warehouse, ctx.logger);
  ctx.progress.start(`fetch ${req.sourceName}`, {
    files: objects.length,
    bytes: objects.reduce((s, o) => s + o.size, 0),
  });
  const files = await fetchFiles(ctx.cache, req.store, objects, ctx.progress);
  const all = `imported_all__stage_${randomBytes(4).toString('hex')}`;
  try {
    ctx.logger.info(`stage ${req.sourceName}: reading ${files.length} FOCUS file(s) into DuckDB`);
    const staged = await stageNativeFocus(ctx.warehouse, {
      table: qualified(nativeTables.schema, all),
      files,
      sourceName: req.sourceName,
      sourceVersion: version,
      provider: req.provider,
    });
    for (const warning of staged.warnings) ctx.logger.warn(`${req.sourceName}: ${warning}`);
    const outcomes = await publishPeriods(ctx, req, version, all, files);
    for (const o of outcomes) {
      if (o.loadId === undefined) continue;
      const table = qualified(nativeTables.schema, periodTableName(nativeTables, o.period));
      o.validation = await validateLoads(
        ctx.warehouse,
        {
          table,
          sourceName: req.sourceName,
          loadIds: [o.loadId],
          period: o.period,
          applicability: cloudApplicability,
        },
        ctx.logger,
      );
    }
    return { version, warnings: staged.warnings, versions: staged.versions, outcomes };
  } finally {
    await dropTable(ctx.warehouse, nativeTables.schema, all).catch(() => undefined);
  }
}

/** Periods whose newest successful load of this source is this very version of the files. */
async function loadedPeriods(w: Warehouse, sourceName: string, version: string): Promise<string[]> {
  const rows = await w.all<{ period: string }>(
    `SELECT billing_period AS period FROM finops_meta.loads
     WHERE source_type = $type AND source_name = $sourceName AND status = 'succeeded'
     QUALIFY row_number() OVER (PARTITION BY billing_period ORDER BY load_id DESC) = 1 AND version_id = $version
     ORDER BY 1`,
    { type: NATIVE_SOURCE_TYPE, sourceName, version },
  );
  return rows.map((r) => r.period);
}

interface PeriodStage {
  period: string;
  loadId: number;
  stage: string;
  totals: SliceTotal[];
}

async function publishPeriods(
  ctx: NativeImportContext,
  req: NativeImportRequest,
  version: string,
  all: string,
  files: LocalDataFile[],
): Promise<NativePeriodOutcome[]> {
  const w = ctx.warehouse;
  const periods = await periodsIn(w, qualified(nativeTables.schema, all), files);
  const stages: PeriodStage[] = [];
  try {
    for (const period of periods) stages.push(await stagePeriod(ctx, req, version, all, period));
    const started = performance.now();
    return await w.transaction(async () => {
      const outcomes: NativePeriodOutcome[] = [];
      for (const s of stages) {
        await swapInStage(w, nativeTables, s.period, s.stage, req.sourceName);
        const table = qualified(nativeTables.schema, periodTableName(nativeTables, s.period));
        reconcile(s.totals, await sliceTotals(w, slice(table, req.sourceName)), `${s.period} (FOCUS import)`);
        outcomes.push(await recordPeriod(w, s, files, performance.now() - started));
      }
      return outcomes;
    });
  } catch (error) {
    for (const s of stages) {
      await dropTable(w, nativeTables.schema, s.stage).catch(() => undefined);
      await recordFailure(w, s.loadId, errorMessage(error)).catch(() => undefined);
    }
    throw error;
  }
}

const slice = (table: string, sourceName: string): SliceSpec => ({
  table,
  sourceColumn: 'x_SourceName',
  sourceName,
  costColumn: 'BilledCost',
  currencyColumn: 'BillingCurrency',
  fileColumn: 'x_SourceFile',
  scale: 18,
});

async function periodsIn(w: Warehouse, table: string, files: LocalDataFile[]): Promise<string[]> {
  const rows = await w.all<{ period: string | null; n: number }>(
    `SELECT strftime(BillingPeriodStart, '%Y-%m') AS period, count(*)::INTEGER AS n FROM ${table} GROUP BY ALL ORDER BY 1`,
  );
  const missing = rows.find((r) => r.period === null);
  if (missing) {
    throw inputError(`${missing.n} row(s) have no BillingPeriodStart (a mandatory FOCUS column)`, {
      file: files.length === 1 ? files[0]?.url : undefined,
    });
  }
  return rows.map((r) => r.period as string);
}

async function stagePeriod(
  ctx: NativeImportContext,
  req: NativeImportRequest,
  version: string,
  all: string,
  period: string,
): Promise<PeriodStage> {
  const w = ctx.warehouse;
  const loadId = await beginLoad(w, {
    sourceType: NATIVE_SOURCE_TYPE,
    sourceName: req.sourceName,
    billingPeriod: period,
    location: req.location,
    versionId: version,
    targetTable: `${nativeTables.schema}.${periodTableName(nativeTables, period)}`,
    forced: !!req.force,
  });
  const stage = stageTableName(nativeTables, period, loadId);
  await w.run(
    `CREATE TABLE ${qualified(nativeTables.schema, stage)} AS
     SELECT * REPLACE ($loadId::BIGINT AS x_LoadId) FROM ${qualified(nativeTables.schema, all)}
     WHERE strftime(BillingPeriodStart, '%Y-%m') = $period`,
    { loadId, period },
  );
  await applyTagPolicy(w, qualified(nativeTables.schema, stage), ctx.tagPolicy);
  const totals = await sliceTotals(w, slice(qualified(nativeTables.schema, stage), req.sourceName));
  return { period, loadId, stage, totals };
}

async function recordPeriod(
  w: Warehouse,
  s: PeriodStage,
  files: LocalDataFile[],
  publishMs: number,
): Promise<NativePeriodOutcome> {
  const table = qualified(nativeTables.schema, periodTableName(nativeTables, s.period));
  const providers = await w.all<{ p: string }>(
    `SELECT DISTINCT ServiceProviderName AS p FROM ${table} WHERE x_LoadId = $loadId ORDER BY 1`,
    { loadId: s.loadId },
  );
  const costTotals: Record<string, string> = {};
  const rowsByFile = new Map<string, number>();
  for (const t of s.totals) {
    costTotals[t.currency] = addDecimal(costTotals[t.currency] ?? '0', t.cost);
    rowsByFile.set(t.file, (rowsByFile.get(t.file) ?? 0) + t.rows);
  }
  const used = files.filter((f) => rowsByFile.has(f.key));
  const rows = s.totals.reduce((n, t) => n + t.rows, 0);
  await recordSuccess(w, s.loadId, {
    files: used.map((f) => ({ key: f.key, size: f.size, etag: f.etag, rows: rowsByFile.get(f.key) ?? 0 })),
    bytes: used.reduce((n, f) => n + f.size, 0),
    rows,
    costTotals,
    fetchMs: 0,
    stageMs: 0,
    publishMs,
  });
  return {
    period: s.period,
    status: 'loaded',
    rows,
    providers: providers.map((p) => p.p).join(', '),
    costTotals,
    loadId: s.loadId,
  };
}

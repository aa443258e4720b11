/**
 * `azure import`: discover the exports' runs, plan each month (newest complete runs), skip months whose
 * planned version is already published (unless forced), and load the rest one month at a time. A month
 * that fails does not stop the others; the caller sees every outcome and exits non-zero when any failed.
 */
import { errorMessage } from '../../errors.ts';
import type { TagPolicy } from '../../govern/policy.ts';
import type { Logger } from '../../log.ts';
import type { Progress } from '../../progress.ts';
import type { DownloadCache } from '../../stores/cache.ts';
import { beginLoad, recordFailure, type ValidationSummary } from '../../warehouse/ledger.ts';
import { periodTableName } from '../../warehouse/period-tables.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { recoverFromCrash } from '../recovery.ts';
import type { AzureExportRef } from './discover.ts';
import { loadMonth } from './load-month.ts';
import { type BlockedMonth, isBlockedMonth, planAzureImport } from './plan.ts';
import { focusAzureTables, SOURCE_TYPE } from './tables.ts';

export interface AzureImportRequest {
  exp: AzureExportRef;
  /** The name the ledger knows this source by (its config.toml key, or `azure`). */
  sourceName: string;
  /** For the ledger: `az://container/path` or a folder. */
  location: string;
  force?: boolean;
  dryRun?: boolean;
}

export interface AzureImportContext {
  warehouse: Warehouse;
  cache: DownloadCache;
  progress: Progress;
  logger: Logger;
  tagPolicy?: TagPolicy;
}

export interface MonthOutcome {
  period: string;
  versionId: string;
  status: 'loaded' | 'unchanged' | 'would load' | 'failed';
  runs: number;
  files: number;
  bytes: number;
  rows?: number;
  costTotals?: Record<string, string>;
  validation?: ValidationSummary;
  notes: string[];
  error?: unknown;
}

export async function importAzure(ctx: AzureImportContext, req: AzureImportRequest): Promise<MonthOutcome[]> {
  const { warehouse: w, logger } = ctx;
  if (!req.dryRun) await recoverFromCrash(w, logger);
  const plans = await planAzureImport(req.exp, req.sourceName, w);
  if (plans.length === 0)
    logger.warn(`no export runs (manifest.json) found for ${req.sourceName} under ${req.location}`);
  const outcomes: MonthOutcome[] = [];
  for (const plan of plans) {
    if (isBlockedMonth(plan)) {
      outcomes.push(await recordBlocked(ctx, req, plan));
      continue;
    }
    const base = {
      period: plan.period.label,
      versionId: plan.versionId,
      runs: plan.runs.length,
      files: plan.files,
      bytes: plan.bytes,
      notes: plan.notes,
    };
    for (const note of plan.notes) logger.info(`${base.period}: ${note}`);
    if (plan.loadedVersion === plan.versionId && !req.force) {
      logger.info(`${base.period}: these runs are already loaded; nothing to do (--force reloads)`);
      outcomes.push({ ...base, status: 'unchanged' });
      continue;
    }
    if (req.dryRun) {
      outcomes.push({ ...base, status: 'would load' });
      continue;
    }
    try {
      const report = await loadMonth(
        {
          ...ctx,
          store: req.exp.store,
          sourceName: req.sourceName,
          location: req.location,
          force: !!req.force,
        },
        plan,
      );
      ctx.progress.finish(`${base.period}: loaded ${report.rows} rows from ${report.files} file(s)`);
      outcomes.push({
        ...base,
        status: 'loaded',
        rows: report.rows,
        costTotals: report.costTotals,
        validation: report.validation,
      });
    } catch (error) {
      logger.error(`${base.period}: ${errorMessage(error)}`);
      outcomes.push({ ...base, status: 'failed', error });
    }
  }
  return outcomes;
}

/** A month that cannot even be planned still gets its ledger row, so `finops status` shows the failure. */
async function recordBlocked(
  ctx: AzureImportContext,
  req: AzureImportRequest,
  plan: BlockedMonth,
): Promise<MonthOutcome> {
  const period = plan.period.label;
  ctx.logger.error(`${period}: ${errorMessage(plan.error)}`);
  if (!req.dryRun) {
    const loadId = await beginLoad(ctx.warehouse, {
      sourceType: SOURCE_TYPE,
      sourceName: req.sourceName,
      billingPeriod: period,
      location: req.location,
      manifestKey: plan.manifestKey,
      versionId: '(not loadable)',
      targetTable: `${focusAzureTables.schema}.${periodTableName(focusAzureTables, period)}`,
      forced: !!req.force,
    });
    await recordFailure(ctx.warehouse, loadId, errorMessage(plan.error));
  }
  return {
    period,
    versionId: '',
    status: 'failed',
    runs: 0,
    files: 0,
    bytes: 0,
    notes: plan.notes,
    error: plan.error,
  };
}

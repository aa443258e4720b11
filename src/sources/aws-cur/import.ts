/**
 * `aws import-cur`: discover the export's periods, skip those whose current version is already
 * published (unless forced), and load the rest one period at a time. A period that fails does not stop
 * the others; the caller sees every outcome and exits non-zero when any failed.
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
import type { CurExportRef } from './discover.ts';
import { loadPeriod } from './load-period.ts';
import { type BlockedPeriod, isBlocked, planImport, SOURCE_TYPE } from './plan.ts';
import { rawTables } from './tables.ts';

export interface ImportRequest {
  exp: CurExportRef;
  /** The name this export is known by in the ledger (its config.toml key, or its export name). */
  sourceName: string;
  /** Where it lives, for the ledger: `s3://bucket/prefix` or a folder. */
  location: string;
  force?: boolean;
  dryRun?: boolean;
}

export type PeriodStatus = 'loaded' | 'unchanged' | 'would load' | 'failed';

export interface PeriodOutcome {
  period: string;
  versionId: string;
  status: PeriodStatus;
  files: number;
  bytes: number;
  rows?: number;
  costTotals?: Record<string, string>;
  /** FOCUS conformance of the loaded rows. */
  validation?: ValidationSummary;
  ms?: number;
  error?: unknown;
}

export interface ImportContext {
  warehouse: Warehouse;
  cache: DownloadCache;
  progress: Progress;
  logger: Logger;
  /** The tag policy applied to every loaded period (src/govern); none leaves tags as delivered. */
  tagPolicy?: TagPolicy;
}

export async function importCur(ctx: ImportContext, req: ImportRequest): Promise<PeriodOutcome[]> {
  const { warehouse: w, logger } = ctx;
  if (!req.dryRun) await recoverFromCrash(w, logger);
  const plans = await planImport(req.exp, req.sourceName, w);
  if (plans.length === 0) logger.warn(`no billing periods found for ${req.sourceName} under ${req.location}`);
  const outcomes: PeriodOutcome[] = [];
  for (const plan of plans) {
    if (isBlocked(plan)) {
      outcomes.push(await recordBlocked(ctx, req, plan));
      continue;
    }
    const base = {
      period: plan.delivery.period.label,
      versionId: plan.delivery.versionId,
      files: plan.objects.length,
      bytes: plan.bytes,
    };
    if (plan.loadedVersion === plan.delivery.versionId && !req.force) {
      logger.info(
        `${base.period}: version ${base.versionId} is already loaded; nothing to do (--force reloads)`,
      );
      outcomes.push({ ...base, status: 'unchanged' });
      continue;
    }
    if (req.dryRun) {
      outcomes.push({ ...base, status: 'would load' });
      continue;
    }
    const started = performance.now();
    try {
      const report = await loadPeriod(
        {
          ...ctx,
          store: req.exp.store,
          sourceName: req.sourceName,
          location: req.location,
          force: !!req.force,
        },
        plan,
      );
      const ms = performance.now() - started;
      ctx.progress.finish(`${base.period}: loaded ${report.rows} rows from ${report.files.length} file(s)`);
      outcomes.push({
        ...base,
        status: 'loaded',
        rows: report.rows,
        costTotals: report.costTotals,
        validation: report.validation,
        ms,
      });
    } catch (error) {
      logger.error(`${base.period}: ${errorMessage(error)}`);
      outcomes.push({ ...base, status: 'failed', error, ms: performance.now() - started });
    }
  }
  return outcomes;
}

/** A period that cannot even be planned still gets its ledger row, so `finops status` shows the failure. */
async function recordBlocked(
  ctx: ImportContext,
  req: ImportRequest,
  plan: BlockedPeriod,
): Promise<PeriodOutcome> {
  const period = plan.period.label;
  ctx.logger.error(`${period}: ${errorMessage(plan.error)}`);
  if (!req.dryRun) {
    const loadId = await beginLoad(ctx.warehouse, {
      sourceType: SOURCE_TYPE,
      sourceName: req.sourceName,
      billingPeriod: period,
      location: req.location,
      manifestKey: plan.manifestKey,
      versionId: plan.versionId ?? '(unreadable manifest)',
      targetTable: `${rawTables.schema}.${periodTableName(rawTables, period)}`,
      forced: !!req.force,
    });
    await recordFailure(ctx.warehouse, loadId, errorMessage(plan.error));
  }
  return { period, versionId: plan.versionId ?? '', status: 'failed', files: 0, bytes: 0, error: plan.error };
}

/**
 * `finops alibaba import` / `list`: discover the export's batches, skip those already loaded exactly as
 * they are now (nothing of them is downloaded), and load the rest in delivery order, each in its own
 * transaction. A batch that fails does not stop the others; the caller sees every outcome. The loads of
 * a period are then validated against the FOCUS requirements model together, once.
 */
import { errorMessage, inputError } from '../../errors.ts';
import { cloudApplicability } from '../../focus/applicability.ts';
import { validateLoads } from '../../focus/load-validation.ts';
import type { TagPolicy } from '../../govern/policy.ts';
import type { Logger } from '../../log.ts';
import type { Progress } from '../../progress.ts';
import type { DownloadCache } from '../../stores/cache.ts';
import type { ValidationSummary } from '../../warehouse/ledger.ts';
import { periodTableName } from '../../warehouse/period-tables.ts';
import { qualified } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { recoverFromCrash } from '../recovery.ts';
import { discoverBatches, type ExportRef } from './discover.ts';
import { loadBatch } from './load-batch.ts';
import { type BatchMode, type BatchPlan, planBatches } from './plan.ts';
import { focusAlibabaTables } from './tables.ts';
import { checkZone } from './timezone.ts';
import type { NamingSettings } from './to-focus.ts';

export interface AlibabaRequest {
  exp: ExportRef;
  /** The ledger's name for the export. */
  sourceName: string;
  /** `s3://bucket/prefix` or a folder, for the ledger and messages. */
  location: string;
  mode: BatchMode;
  /** A zone name or `auto`. */
  timezone: string;
  naming: NamingSettings;
  start?: string;
  end?: string;
  force?: boolean;
  dryRun?: boolean;
}

export interface AlibabaContext {
  warehouse: Warehouse;
  cache: DownloadCache;
  progress: Progress;
  logger: Logger;
  /** The tag policy applied to every loaded batch (src/govern); none leaves tags as delivered. */
  tagPolicy?: TagPolicy;
}

export type BatchStatus = 'loaded' | 'unchanged' | 'superseded' | 'would load' | 'failed';

export interface BatchOutcome {
  period: string;
  batchId: string;
  status: BatchStatus;
  files: number;
  bytes: number;
  rows?: number;
  costTotals?: Record<string, string>;
  loadId?: number;
  validation?: ValidationSummary;
  error?: unknown;
}

/** The export's batches and what an import would do with each (`finops alibaba list`). */
export async function planAlibaba(w: Warehouse, req: AlibabaRequest, logger?: Logger): Promise<BatchPlan[]> {
  const found = await discoverBatches(req.exp, { start: req.start, end: req.end });
  if (found.ignored.length)
    logger?.debug(`${req.sourceName}: ${found.ignored.length} object(s) do not match the layout`);
  if (found.batches.length === 0) {
    throw inputError(
      `no Alibaba FOCUS files at ${req.location} match the layout ${JSON.stringify(req.exp.layout.pattern)}`,
      {
        hint: found.ignored.length
          ? `${found.ignored.length} object(s) are there, e.g. ${found.ignored[0]}: set alibaba.pattern (--pattern) to the export's folders`
          : 'check the location (and --start-date/--end-date)',
      },
    );
  }
  return planBatches(w, req.sourceName, found.batches, req.mode);
}

export async function importAlibaba(ctx: AlibabaContext, req: AlibabaRequest): Promise<BatchOutcome[]> {
  const w = ctx.warehouse;
  await checkZone(w, req.timezone);
  if (!req.dryRun) await recoverFromCrash(w, ctx.logger);
  const plans = await planAlibaba(w, req, ctx.logger);
  const told = new Set<string>();
  const outcomes: BatchOutcome[] = [];
  for (const plan of plans) {
    const { batch } = plan;
    const base = {
      period: batch.period,
      batchId: batch.batchId,
      files: batch.objects.length,
      bytes: batch.bytes,
    };
    if (plan.state === 'superseded') outcomes.push({ ...base, status: 'superseded' });
    else if (plan.state === 'loaded' && !req.force) outcomes.push({ ...base, status: 'unchanged' });
    else if (req.dryRun) outcomes.push({ ...base, status: 'would load' });
    else {
      try {
        const report = await loadBatch(batchContext(ctx, req, told), plan);
        ctx.logger.info(`${req.sourceName}: ${batch.period} ${batch.batchId}: loaded ${report.rows} rows`);
        outcomes.push({
          ...base,
          status: 'loaded',
          rows: report.rows,
          costTotals: report.costTotals,
          loadId: report.loadId,
        });
      } catch (error) {
        ctx.logger.error(`${req.sourceName}: ${batch.period} ${batch.batchId}: ${errorMessage(error)}`);
        outcomes.push({ ...base, status: 'failed', error });
      }
    }
  }
  const loaded = outcomes.filter((o) => o.loadId !== undefined);
  for (const period of new Set(loaded.map((o) => o.period))) {
    await validatePeriod(
      ctx,
      req,
      period,
      loaded.filter((o) => o.period === period),
    );
  }
  return outcomes;
}

function batchContext(ctx: AlibabaContext, req: AlibabaRequest, told: Set<string>) {
  return {
    ...ctx,
    store: req.exp.store,
    sourceName: req.sourceName,
    location: req.location,
    mode: req.mode,
    timezone: req.timezone,
    naming: req.naming,
    force: !!req.force,
    told,
  };
}

/** One validation of a period's new loads; the result goes to each load's ledger row. */
async function validatePeriod(
  ctx: AlibabaContext,
  req: AlibabaRequest,
  period: string,
  loaded: BatchOutcome[],
) {
  const summary = await validateLoads(
    ctx.warehouse,
    {
      table: qualified(focusAlibabaTables.schema, periodTableName(focusAlibabaTables, period)),
      sourceName: req.sourceName,
      loadIds: loaded.map((o) => o.loadId as number),
      period,
      applicability: cloudApplicability,
      hint: `finops focus validate --provider "${req.naming.providerName}"`,
    },
    ctx.logger,
  );
  for (const o of loaded) o.validation = summary;
}

/**
 * `finops gcp import`: one invoice month at a time, from the export table in BigQuery or from copies of
 * it as files (gs://bucket/prefix or a folder). A month whose version is already published is skipped
 * (unless forced): in BigQuery the version is what a small probe query sees (rows, cost, newest export
 * time), for files it is the files' fingerprint (keys, sizes, ETags). A month that fails does not stop
 * the others; the caller sees every outcome.
 */
import { errorMessage, inputError, usageError } from '../../errors.ts';
import type { TagPolicy } from '../../govern/policy.ts';
import type { Logger } from '../../log.ts';
import type { Progress } from '../../progress.ts';
import type { DownloadCache } from '../../stores/cache.ts';
import { fingerprint } from '../../stores/fingerprint.ts';
import { type ObjectInfo, type ObjectStore, objectUrl } from '../../stores/store.ts';
import type { ValidationSummary } from '../../warehouse/ledger.ts';
import { publishedVersion } from '../../warehouse/ledger.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { fetchFiles } from '../fetch-files.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import { recoverFromCrash } from '../recovery.ts';
import { type BillingTable, pagesDir } from './bigquery.ts';
import { loadMonth, type MonthUnit } from './load-month.ts';
import { fileKind } from './reads.ts';
import { invoiceMonths } from './stage.ts';
import { SOURCE_TYPE } from './tables.ts';

export type GcpOrigin =
  | { kind: 'bigquery'; table: BillingTable }
  | {
      kind: 'files';
      store: ObjectStore;
      prefix: string;
      /** Only these keys (a single file named as the source). */
      keys?: string[];
    };

export interface GcpRequest {
  origin: GcpOrigin;
  /** The ledger's name for the export. */
  sourceName: string;
  /** `project.dataset.table`, `gs://bucket/prefix` or a folder, for the ledger and messages. */
  location: string;
  /** `YYYY-MM` invoice months; required for BigQuery, for files default every month they hold. */
  months?: string[];
  force?: boolean;
  dryRun?: boolean;
}

export interface GcpContext {
  warehouse: Warehouse;
  cache: DownloadCache;
  progress: Progress;
  logger: Logger;
  tagPolicy?: TagPolicy;
}

export type MonthStatus = 'loaded' | 'unchanged' | 'would load' | 'failed';

export interface MonthOutcome {
  period: string;
  versionId: string;
  status: MonthStatus;
  files: number;
  bytes: number;
  rows?: number;
  costTotals?: Record<string, string>;
  validation?: ValidationSummary;
  error?: unknown;
}

export async function importGcp(ctx: GcpContext, req: GcpRequest): Promise<MonthOutcome[]> {
  if (!req.dryRun) await recoverFromCrash(ctx.warehouse, ctx.logger);
  return req.origin.kind === 'bigquery'
    ? importFromBigQuery(ctx, req, req.origin.table)
    : importFromFiles(ctx, req, req.origin);
}

async function importFromBigQuery(ctx: GcpContext, req: GcpRequest, table: BillingTable) {
  if (!req.months?.length) throw usageError('which invoice month?', 'pass --month YYYY-MM');
  const outcomes: MonthOutcome[] = [];
  for (const period of req.months) {
    const base = { period, versionId: '', files: 0, bytes: 0 };
    try {
      const probe = await table.probe(period);
      if (probe.rows === 0) {
        throw inputError(`the table has no rows of invoice month ${period}`, {
          file: table.url,
          hint: 'check --month (invoice.month, in Pacific time) and the table name',
        });
      }
      const versionId = `rows=${probe.rows};cost=${probe.cost};exported=${probe.lastExport}`;
      const decided = await decide(ctx, req, { ...base, versionId });
      if (decided) {
        outcomes.push(decided);
        continue;
      }
      const unit: MonthUnit = {
        period,
        versionId,
        fetch: async (loadId) => {
          ctx.logger.info(`${req.sourceName}: querying ${period} from ${req.location}`);
          const dir = pagesDir(ctx.cache.root, table.ref, period);
          const fetched = await table.fetchMonth(period, dir, ctx.logger);
          ctx.logger.debug(`load ${loadId}: job ${fetched.jobId}`);
          return fetched.files;
        },
      };
      outcomes.push(await runLoad(ctx, req, unit, base));
    } catch (error) {
      ctx.logger.error(`${req.sourceName} ${period}: ${errorMessage(error)}`);
      outcomes.push({ ...base, status: 'failed', error });
    }
  }
  return outcomes;
}

async function importFromFiles(
  ctx: GcpContext,
  req: GcpRequest,
  origin: Extract<GcpOrigin, { kind: 'files' }>,
) {
  const objects = await listExportFiles(origin, ctx.logger);
  if (objects.length === 0) {
    throw inputError(
      `no billing export files (.json, .jsonl, .ndjson, .parquet, .csv, gzip too) at ${req.location}`,
      {
        hint: 'point --source at the folder or prefix the export was copied to',
      },
    );
  }
  const versionId = fingerprint(objects);
  const bytes = objects.reduce((n, o) => n + o.size, 0);
  const base = { versionId, files: objects.length, bytes };
  let months = req.months;
  if (!months?.length && !req.force) months = await monthsOfVersion(ctx.warehouse, req.sourceName, versionId);
  let files: LocalDataFile[] | undefined;
  const fetch = async () => {
    if (!files) {
      ctx.progress.start('fetch', { files: objects.length, bytes });
      files = await fetchFiles(ctx.cache, origin.store, objects, ctx.progress);
    }
    return files;
  };
  if (!months?.length) {
    const found = await invoiceMonths(ctx.warehouse, await fetch());
    months = found.map((m) => `${m.month.slice(0, 4)}-${m.month.slice(4)}`);
  }
  const outcomes: MonthOutcome[] = [];
  for (const period of months) {
    const decided = await decide(ctx, req, { ...base, period });
    if (decided) outcomes.push(decided);
    else
      outcomes.push(
        await runLoad(ctx, req, { period, versionId, manifestKey: req.location, fetch }, { ...base, period }),
      );
  }
  return outcomes;
}

/** Unchanged and dry-run months are decided without loading. */
async function decide(
  ctx: GcpContext,
  req: GcpRequest,
  base: Omit<MonthOutcome, 'status'>,
): Promise<MonthOutcome | undefined> {
  const loaded = await publishedVersion(ctx.warehouse, SOURCE_TYPE, req.sourceName, base.period);
  if (loaded === base.versionId && !req.force) {
    ctx.logger.info(
      `${req.sourceName} ${base.period}: already loaded as it is now; nothing to do (--force reloads)`,
    );
    return { ...base, status: 'unchanged' };
  }
  if (req.dryRun) return { ...base, status: 'would load' };
  return undefined;
}

async function runLoad(
  ctx: GcpContext,
  req: GcpRequest,
  unit: MonthUnit,
  base: Omit<MonthOutcome, 'status' | 'versionId'>,
): Promise<MonthOutcome> {
  try {
    const report = await loadMonth(
      {
        warehouse: ctx.warehouse,
        logger: ctx.logger,
        sourceName: req.sourceName,
        location: req.location,
        force: !!req.force,
        tagPolicy: ctx.tagPolicy,
      },
      unit,
    );
    ctx.progress.finish(`${req.sourceName} ${unit.period}: loaded ${report.rows} rows`);
    return {
      ...base,
      versionId: unit.versionId,
      status: 'loaded',
      files: report.files.length,
      bytes: report.bytes,
      rows: report.rows,
      costTotals: report.costTotals,
      validation: report.validation,
    };
  } catch (error) {
    ctx.logger.error(`${req.sourceName} ${unit.period}: ${errorMessage(error)}`);
    return { ...base, versionId: unit.versionId, status: 'failed', error };
  }
}

/** The export files below the origin's prefix (or the one file named), other objects ignored. */
async function listExportFiles(
  origin: Extract<GcpOrigin, { kind: 'files' }>,
  logger: Logger,
): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  let ignored = 0;
  for await (const o of origin.store.list(origin.prefix ? `${origin.prefix}/` : '')) {
    if (origin.keys && !origin.keys.includes(o.key)) continue;
    if (fileKind(o.key)) out.push(o);
    else ignored++;
  }
  if (ignored)
    logger.debug(`${ignored} object(s) at ${objectUrl(origin.store, origin.prefix)} are not export files`);
  return out;
}

/**
 * The months this file set was loaded into, when each one's newest attempt published exactly this
 * version: then the files are unchanged and nothing needs reading. If any of them failed since, or was
 * loaded from other files, the files are read again.
 */
async function monthsOfVersion(w: Warehouse, sourceName: string, versionId: string): Promise<string[]> {
  const rows = await w.all<{ period: string; current: boolean }>(
    `WITH attempts AS (
       SELECT billing_period AS period, status = 'succeeded' AND version_id = $versionId AS current,
              row_number() OVER (PARTITION BY billing_period ORDER BY load_id DESC) AS n
       FROM finops_meta.loads
       WHERE source_type = $type AND source_name = $sourceName AND status <> 'running'
         AND billing_period IN (SELECT billing_period FROM finops_meta.loads
                                WHERE source_type = $type AND source_name = $sourceName AND version_id = $versionId))
     SELECT period, current FROM attempts WHERE n = 1 ORDER BY period`,
    { type: SOURCE_TYPE, sourceName, versionId },
  );
  return rows.length > 0 && rows.every((r) => r.current) ? rows.map((r) => r.period) : [];
}

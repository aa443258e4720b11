/**
 * The plan of a GCP import: one unit per invoice month. From BigQuery, the months asked for, each with a
 * version that a small probe query sees (rows, cost, newest export time); a probe that fails blocks its
 * month alone. From files (gs://bucket/prefix or a folder), the months the files hold, all with the
 * files' fingerprint as version; the files are read to find their months unless the ledger already
 * has exactly this file set, and they are fetched once for every month.
 */
import { FinopsError, inputError, usageError } from '../../errors.ts';
import { fetchFiles } from '../../pipeline/fetch-files.ts';
import { fingerprint } from '../../stores/fingerprint.ts';
import { type ObjectInfo, type ObjectStore, objectUrl } from '../../stores/store.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import type { LoadContext, PlanContext, Target, Unit } from '../source.ts';
import { type BillingTable, pagesDir } from './bigquery.ts';
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

export interface GcpTarget extends Target {
  origin: GcpOrigin;
  /** `YYYY-MM` invoice months; required for BigQuery, for files default every month they hold. */
  months?: string[];
}

export interface GcpUnit extends Unit {
  /** Brings the month's files here: the query's saved pages, or the export's files (fetched once). */
  bring(ctx: LoadContext, loadId: number): Promise<LocalDataFile[]>;
}

export async function planMonths(ctx: PlanContext, target: GcpTarget): Promise<GcpUnit[]> {
  return target.origin.kind === 'bigquery'
    ? planBigQuery(target, target.origin.table)
    : planFiles(ctx, target, target.origin);
}

async function planBigQuery(target: GcpTarget, table: BillingTable): Promise<GcpUnit[]> {
  if (!target.months?.length)
    throw usageError('which invoice month?', 'pass --period YYYY-MM (or --start and --end)');
  const units: GcpUnit[] = [];
  for (const period of target.months) {
    const bring = async (load: LoadContext, loadId: number) => {
      load.logger.info(`${target.name}: querying ${period} from ${target.location}`);
      const fetched = await table.fetchMonth(
        period,
        pagesDir(load.cache.root, table.ref, period),
        load.logger,
      );
      load.logger.debug(`load ${loadId}: job ${fetched.jobId}`);
      return fetched.files;
    };
    const base = { period, files: 0, bytes: 0, bring };
    try {
      const probe = await table.probe(period);
      if (probe.rows === 0) {
        throw inputError(`the table has no rows of invoice month ${period}`, {
          file: table.url,
          hint: 'check --period (invoice.month, in Pacific time) and the table name',
        });
      }
      units.push({
        ...base,
        versionId: `rows=${probe.rows};cost=${probe.cost};exported=${probe.lastExport}`,
      });
    } catch (error) {
      if (error instanceof FinopsError && error.kind === 'usage') throw error;
      units.push({ ...base, versionId: '', blocked: error });
    }
  }
  return units;
}

async function planFiles(
  ctx: PlanContext,
  target: GcpTarget,
  origin: Extract<GcpOrigin, { kind: 'files' }>,
): Promise<GcpUnit[]> {
  const objects = await listExportFiles(origin, ctx);
  if (objects.length === 0) {
    throw inputError(
      `no billing export files (.json, .jsonl, .ndjson, .parquet, .csv, gzip too) at ${target.location}`,
      { hint: 'point --source at the folder or prefix the export was copied to' },
    );
  }
  const versionId = fingerprint(objects);
  const bytes = objects.reduce((n, o) => n + o.size, 0);
  let fetched: Promise<LocalDataFile[]> | undefined;
  const bring = (load: LoadContext) => {
    fetched ??= (async () => {
      load.progress.start('fetch', { files: objects.length, bytes });
      return fetchFiles(load.cache, origin.store, objects, load.progress);
    })();
    return fetched;
  };
  let months = target.months;
  if (!months?.length && !ctx.force) months = await monthsOfVersion(ctx.warehouse, target.name, versionId);
  if (!months?.length) {
    const found = await invoiceMonths(ctx.warehouse, await bring(ctx));
    months = found.map((m) => `${m.month.slice(0, 4)}-${m.month.slice(4)}`);
  }
  return months.map((period) => ({
    period,
    versionId,
    manifestKey: target.location,
    files: objects.length,
    bytes,
    bring,
  }));
}

/** The export files below the origin's prefix (or the one file named), other objects ignored. */
async function listExportFiles(
  origin: Extract<GcpOrigin, { kind: 'files' }>,
  ctx: PlanContext,
): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  let ignored = 0;
  for await (const o of origin.store.list(origin.prefix ? `${origin.prefix}/` : '')) {
    if (origin.keys && !origin.keys.includes(o.key)) continue;
    if (fileKind(o.key)) out.push(o);
    else ignored++;
  }
  if (ignored)
    ctx.logger.debug(
      `${ignored} object(s) at ${objectUrl(origin.store, origin.prefix)} are not export files`,
    );
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

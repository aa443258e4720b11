/**
 * `finops export cbf`: publishes focus.costs to CloudZero through an AnyCost Bucket file drop, one
 * billing month at a time. For each month: render the whole month (CloudZero replaces a month with
 * each drop), reconcile it with the warehouse, and unless it equals the current drop, upload it under a
 * new drop id, verify every file, and only then point the month's manifest at it. Then, if asked,
 * prune old drops. A re-run with unchanged data makes no drop and does not touch the manifest, so it
 * does not make CloudZero ingest the month again.
 */
import { rm } from 'node:fs/promises';
import { periodRange } from '../../billing-period.ts';
import { FinopsError, usageError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { objectUrl } from '../../stores/store.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { makeWorkDir } from '../../work-dir.ts';
import { type CbfScope, cbfSql, scopeParams } from './columns.ts';
import { dropIds, pruneDrops } from './drops.ts';
import {
  billingDataId,
  type CbfRoot,
  checkRoot,
  dropFolder,
  MAX_ROWS_PER_FILE,
  nextDropId,
} from './layout.ts';
import { readManifest, writeManifest } from './manifest.ts';
import { type DropRecord, readDropRecord } from './record.ts';
import { type RenderedDrop, renderEmpty, renderMonth } from './render.ts';
import { uploadDrop } from './upload.ts';

export interface CbfExportRequest {
  root: CbfRoot;
  scope: CbfScope;
  /** Publish an empty drop (header only) for each month of `scope.period`/`start`..`end`. */
  empty?: boolean;
  /** Make a new drop even when the current one holds the same data. */
  force?: boolean;
  /** After each month, remove all but this many newest drops (never the current one). */
  keep?: number;
  /** At most 1,000,000 (CloudZero's limit); smaller only to test or to keep files small. */
  rowsPerFile?: number;
  /** The clock drop ids are made from. */
  now?: () => Date;
}

export interface MonthOutcome {
  period: string;
  billingDataId: string;
  status: 'published' | 'unchanged';
  /** The month's current drop after the export. */
  dropId: string;
  previousDropId: string | null;
  rows: number;
  files: number;
  bytes: number;
  /** Sum of cost/cost, exact. */
  cost: string | null;
  /** The drop's one BillingCurrency (null for an empty drop). */
  currency: string | null;
  pruned: string[];
}

export async function exportCbf(
  w: Warehouse | undefined,
  req: CbfExportRequest,
  logger: Logger,
): Promise<MonthOutcome[]> {
  checkRoot(req.root);
  const rowsPerFile = req.rowsPerFile ?? MAX_ROWS_PER_FILE;
  if (rowsPerFile > MAX_ROWS_PER_FILE) {
    throw usageError(`CloudZero reads at most ${MAX_ROWS_PER_FILE} rows per file, not ${rowsPerFile}`);
  }
  const months = await monthsToExport(w, req);
  const outcomes: MonthOutcome[] = [];
  for (const period of months) {
    outcomes.push(await exportMonth(w, req, period, rowsPerFile, logger));
  }
  return outcomes;
}

/** Months with rows in scope; for an empty drop, the months asked for (there are no rows to look at). */
async function monthsToExport(w: Warehouse | undefined, req: CbfExportRequest): Promise<string[]> {
  const { period, start, end } = req.scope;
  if (req.empty) {
    if (period) return [period];
    if (start && end) return periodRange(start, end).map((p) => p.label);
    throw usageError('--empty needs the months to empty: --period YYYY-MM, or --start and --end');
  }
  if (!w) throw new Error('exporting data needs a warehouse');
  if (period) return [period];
  const rows = await w.all<{ period: string }>(cbfSql('months.sql'), scopeParams(req.scope));
  if (rows.length === 0) {
    throw new FinopsError('focus.costs has no rows in this scope', {
      kind: 'usage',
      hint: 'import data first (finops aws import-cur, finops focus import), or widen --provider/--start/--end',
    });
  }
  return rows.map((r) => r.period);
}

async function exportMonth(
  w: Warehouse | undefined,
  req: CbfExportRequest,
  period: string,
  rowsPerFile: number,
  logger: Logger,
): Promise<MonthOutcome> {
  const dir = await makeWorkDir('finops-cbf');
  let outcome: Omit<MonthOutcome, 'pruned'>;
  try {
    const drop = req.empty
      ? await renderEmpty(dir)
      : await renderMonth(w as Warehouse, { ...req.scope, period }, { rowsPerFile, dir }, logger);
    outcome = await publishUnlessUnchanged(req, period, drop, logger);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const id = outcome.billingDataId;
  const pruned = req.keep === undefined ? [] : await pruneDrops(req.root, id, req.keep, logger);
  return { ...outcome, pruned };
}

/** Uploads the drop and moves the manifest to it, unless the current drop holds the same CSV text. */
async function publishUnlessUnchanged(
  req: CbfExportRequest,
  period: string,
  drop: RenderedDrop,
  logger: Logger,
): Promise<Omit<MonthOutcome, 'pruned'>> {
  const id = billingDataId(period);
  const previous = (await readManifest(req.root, id))?.current_drop_id ?? null;
  const current = previous ? await readDropRecord(req.root, id, previous) : undefined;
  const base = {
    period,
    billingDataId: id,
    previousDropId: previous,
    rows: drop.rows,
    files: drop.files.length,
    bytes: drop.files.reduce((sum, f) => sum + f.bytes, 0),
    cost: drop.totals['cost/cost'],
    currency: drop.currency,
  };
  if (previous && !req.force && current?.fingerprint === drop.fingerprint) {
    logger.info(`${period}: unchanged since drop ${previous}, no new drop`);
    return { ...base, status: 'unchanged', dropId: previous };
  }
  const dropId = nextDropId((req.now ?? (() => new Date()))(), await dropIds(req.root, id));
  await uploadDrop(req.root, drop, dropRecord(id, dropId, drop, req.scope), logger);
  await writeManifest(req.root, id, dropId);
  logPublished(req.root, period, id, dropId, drop, logger);
  return { ...base, status: 'published', dropId };
}

function dropRecord(id: string, dropId: string, drop: RenderedDrop, scope: CbfScope): DropRecord {
  return {
    format: 'finops-cbf-drop/1',
    billingDataId: id,
    dropId,
    createdAt: new Date().toISOString(),
    fingerprint: drop.fingerprint,
    empty: drop.empty,
    rows: drop.rows,
    files: drop.files.map(({ name, rows, bytes, md5 }) => ({ name, rows, bytes, md5 })),
    currency: drop.currency,
    totals: drop.totals,
    scope: { provider: scope.provider ?? null, currency: scope.currency ?? null },
    tagColumns: drop.tagColumns,
    movedRows: drop.movedRows,
    untaggedRows: drop.untaggedRows,
  };
}

function logPublished(
  root: CbfRoot,
  period: string,
  id: string,
  dropId: string,
  drop: RenderedDrop,
  logger: Logger,
): void {
  const where = objectUrl(root.store, dropFolder(root, id, dropId));
  const what = drop.empty
    ? 'empty drop (removes the month)'
    : `${drop.rows} rows in ${drop.files.length} file(s)`;
  logger.info(`${period}: ${what} at ${where}, now current`);
  if (drop.movedRows > 0) {
    logger.info(
      `${period}: ${drop.movedRows} row(s) dated outside the month are dated at its first or last hour`,
    );
  }
  if (drop.untaggedRows > 0) {
    logger.warn(
      `${period}: ${drop.untaggedRows} row(s) have tags but no resource id; CBF takes tags only with one`,
    );
  }
}

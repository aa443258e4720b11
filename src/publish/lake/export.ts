/**
 * `finops lake export`: focus.costs as a Hive-partitioned Parquet lake
 * (`<root>/provider=<slug>/billing_period=YYYY-MM/part-*.parquet`) plus `catalog/` with the DDL for
 * Athena, Trino and Spark. A partition is replaced by writing its new files first and removing the old
 * ones after, so a reader never finds it half written; a partition whose content has not changed since
 * the last export (same loads behind it, same options) is not written at all.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FinopsError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { readText } from '../../stores/read-text.ts';
import { joinKey, type ObjectStore, objectUrl } from '../../stores/store.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { writeCatalog } from './catalog.ts';
import { type LakePartition, type LakeScope, lakePartitions } from './partitions.ts';
import { defaultParquetOptions, type ParquetOptions, writePartitionFiles } from './write-partition.ts';

export const MARKER = '_finops_partition.json';

export interface LakeExportRequest {
  store: ObjectStore;
  /** Key prefix of the lake's root inside the store. */
  prefix: string;
  scope: LakeScope;
  parquet?: Partial<ParquetOptions>;
  /** Rewrite partitions even when unchanged. */
  force?: boolean;
}

export interface PartitionOutcome {
  provider: string;
  period: string;
  status: 'written' | 'unchanged';
  rows: number;
  files: number;
  bytes: number;
}

export async function exportLake(
  w: Warehouse,
  req: LakeExportRequest,
  logger: Logger,
): Promise<PartitionOutcome[]> {
  const options = { ...defaultParquetOptions, ...req.parquet };
  const partitions = await lakePartitions(w, req.scope);
  if (partitions.length === 0) {
    throw new FinopsError('focus.costs has no rows in this scope', {
      kind: 'usage',
      hint: 'import data first (finops aws import-cur, finops focus import), or widen --provider/--start/--end',
    });
  }
  const outcomes: PartitionOutcome[] = [];
  const work = path.join(os.tmpdir(), `finops-lake-${process.pid}`);
  try {
    for (const partition of partitions) {
      outcomes.push(await exportPartition(w, req, partition, options, path.join(work, 'partition'), logger));
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await writeCatalog(w, req.store, req.prefix, logger);
  return outcomes;
}

function partitionFolder(prefix: string, p: LakePartition): string {
  return `${joinKey(prefix, `provider=${p.providerSlug}`, `billing_period=${p.period}`)}/`;
}

async function exportPartition(
  w: Warehouse,
  req: LakeExportRequest,
  partition: LakePartition,
  options: ParquetOptions,
  dir: string,
  logger: Logger,
): Promise<PartitionOutcome> {
  const folder = partitionFolder(req.prefix, partition);
  const fingerprint = createHash('sha256')
    .update(`${partition.fingerprint}\n${JSON.stringify(options)}`)
    .digest('hex');
  const base = { provider: partition.providerSlug, period: partition.period, rows: partition.rows };
  const before = await currentMarker(req.store, folder);
  if (!req.force && before?.fingerprint === fingerprint)
    return { ...base, status: 'unchanged', files: before.files.length, bytes: 0 };

  const files = await writePartitionFiles(w, partition, fingerprint, options, dir);
  const written: string[] = [];
  let bytes = 0;
  for (const file of files) {
    const key = `${folder}${path.basename(file)}`;
    const body = await readFile(file);
    await req.store.put(key, body);
    const head = await req.store.head(key);
    if (head?.size !== body.length) {
      throw new FinopsError(`uploaded ${body.length} bytes but the store holds ${head?.size ?? 'nothing'}`, {
        file: objectUrl(req.store, key),
      });
    }
    written.push(key);
    bytes += body.length;
  }
  await removeOthers(req.store, folder, new Set(written));
  await req.store.put(
    `${folder}${MARKER}`,
    JSON.stringify({
      fingerprint,
      provider: partition.provider,
      rows: partition.rows,
      files: written.map((k) => path.posix.basename(k)),
    }),
  );
  logger.info(`${objectUrl(req.store, folder)}: ${partition.rows} rows in ${written.length} file(s)`);
  return { ...base, status: 'written', files: written.length, bytes };
}

async function currentMarker(
  store: ObjectStore,
  folder: string,
): Promise<{ fingerprint: string; files: string[] } | undefined> {
  if (!(await store.head(`${folder}${MARKER}`))) return undefined;
  try {
    return JSON.parse(await readText(store, `${folder}${MARKER}`));
  } catch {
    return undefined;
  }
}

/** The old version of a partition goes only after the new one is completely in place. */
async function removeOthers(store: ObjectStore, folder: string, keep: ReadonlySet<string>): Promise<void> {
  const { objects } = await store.listFolder(folder);
  for (const o of objects) {
    if (!keep.has(o.key) && o.key !== `${folder}${MARKER}`) await store.delete(o.key);
  }
}

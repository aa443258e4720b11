/**
 * `finops lake export`: the warehouse as a Hive-partitioned Parquet lake, one folder per table
 * (`<root>/focus_costs/provider=<slug>/billing_period=YYYY-MM/data.parquet`, the governed tables by
 * billing period, `periods/`), plus `catalog/` with the DDL for Athena, Trino and Spark.
 *
 * A partition is one file, replaced in one step: locally DuckDB writes it in `<root>/.finops-tmp/`
 * (outside every partition folder; engines skip dot folders) and a rename puts it in place; in an
 * object store it is one upload that the store commits whole. A reader therefore sees the old version
 * of a partition or the new one, never both and never a part, whatever happens to the export. A
 * partition whose content has not changed since the last export is not written at all.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FinopsError } from '../../errors.ts';
import { type PeriodStatusOptions, periodStatuses } from '../../focus/period-status.ts';
import type { Logger } from '../../log.ts';
import { LocalStore } from '../../stores/local-store.ts';
import { readText } from '../../stores/read-text.ts';
import { joinKey, type ObjectStore, objectUrl } from '../../stores/store.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { makeWorkDir, removeStaleWork } from '../../work-dir.ts';
import { catalogModel, writeCatalog } from './catalog.ts';
import { focusCostsTable } from './focus-costs.ts';
import {
  allocatedCostsTable,
  anomaliesTable,
  type GovernedOptions,
  showbackTable,
  tagComplianceTable,
} from './governed.ts';
import { type LakeColumn, type LakePart, type LakeTable, partitionPath } from './lake-table.ts';
import type { LakeScope } from './partitions.ts';
import { periodsTable } from './periods-table.ts';
import { currentVersion, evolveSchema, readSchemaHistory } from './schema.ts';
import { defaultParquetOptions, type ParquetOptions, writePartitionFile } from './write-partition.ts';

export const MARKER = '_finops_partition.json';
export const DATA_FILE = 'data.parquet';
/** Where a local lake's files are written before their rename into place (LocalStore's staging). */
export const STAGING = LocalStore.stagingFolder;
/** Part of every fingerprint: a new layout rewrites every partition once. */
const LAYOUT = 'lake-layout-1';

export interface LakeExportRequest {
  store: ObjectStore;
  /** Key prefix of the lake's root inside the store. */
  prefix: string;
  scope: LakeScope;
  parquet?: Partial<ParquetOptions>;
  /** Rewrite partitions even when unchanged. */
  force?: boolean;
  governance?: GovernedOptions;
  periodStatus?: PeriodStatusOptions;
}

export interface PartitionOutcome {
  table: string;
  /** The partition's values, `provider=aws/billing_period=2024-01` (empty for an unpartitioned table). */
  partition: string;
  provider?: string;
  period?: string;
  status: 'written' | 'unchanged';
  rows: number;
  bytes: number;
}

export async function exportLake(
  w: Warehouse,
  req: LakeExportRequest,
  logger: Logger,
): Promise<PartitionOutcome[]> {
  const options = { ...defaultParquetOptions, ...req.parquet };
  const tables = await lakeTables(w, req, logger);
  if (tables[0]?.parts.length === 0) {
    throw new FinopsError('focus.costs has no rows in this scope', {
      kind: 'usage',
      hint: 'import data first (finops aws import-cur, finops focus import), or widen --provider/--start/--end',
    });
  }
  const catalog = joinKey(req.prefix, 'catalog');
  const history = evolveSchema(await readSchemaHistory(req.store, catalog), tables);
  const schema = currentVersion(history);
  const work = await stagingDir(req);
  const outcomes: PartitionOutcome[] = [];
  try {
    for (const table of tables) {
      const columns = schema.tables[table.name]?.columns ?? table.columns;
      const markers = await readMarkers(req.store, joinKey(req.prefix, table.name));
      for (const part of table.parts) {
        const target = { table, part, columns, markers };
        outcomes.push(await exportPartition(w, req, target, options, work, logger));
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const root = `${req.store.url.replace(/\/$/, '')}/${req.prefix ? `${req.prefix}/` : ''}`;
  await writeCatalog(req.store, req.prefix, history, await catalogModel(w, root, schema), logger);
  await warnOfVersionZero(req.store, req.prefix, logger);
  return outcomes;
}

async function lakeTables(w: Warehouse, req: LakeExportRequest, logger: Logger): Promise<LakeTable[]> {
  const statuses = await periodStatuses(w, req.periodStatus);
  const tables: (LakeTable | undefined)[] = [await focusCostsTable(w, req.scope, statuses)];
  if (req.scope.provider) {
    logger.info('--provider: only focus_costs is exported (the governed tables span every provider)');
  } else {
    tables.push(
      await allocatedCostsTable(w, req.scope),
      await showbackTable(w, req.scope, req.governance ?? {}),
      await tagComplianceTable(w, req.scope),
      await anomaliesTable(w, req.scope),
    );
  }
  tables.push(periodsTable(statuses));
  if (!req.governance?.ownerKey) logger.info('showback: no tag policy owner key, so no showback table');
  return tables.filter((t): t is LakeTable => t !== undefined);
}

/**
 * This run's scratch folder. A local lake's is inside the lake (so the rename into place stays on one
 * file system) under `.finops-tmp/`; an object store's is in the system temp directory. Both remove
 * what a killed export left there first.
 */
async function stagingDir(req: LakeExportRequest): Promise<string> {
  await removeStaleWork(os.tmpdir(), 'finops-lake');
  if (!req.store.isLocal || !req.store.localPath) return makeWorkDir('finops-lake');
  const parent = req.store.localPath(joinKey(req.prefix, STAGING));
  await mkdir(parent, { recursive: true });
  return makeWorkDir('finops-lake', parent);
}

interface Marker {
  fingerprint: string;
  rows: number;
}

/** The markers of one table's partitions, by folder, from one listing. */
async function readMarkers(store: ObjectStore, tablePrefix: string): Promise<Map<string, Marker>> {
  const markers = new Map<string, Marker>();
  for await (const o of store.list(`${tablePrefix}/`)) {
    if (path.posix.basename(o.key) !== MARKER) continue;
    try {
      markers.set(path.posix.dirname(o.key), JSON.parse(await readText(store, o.key)));
    } catch {
      // An unreadable marker only means the partition is written again.
    }
  }
  return markers;
}

interface Target {
  table: LakeTable;
  part: LakePart;
  columns: LakeColumn[];
  markers: Map<string, Marker>;
}

async function exportPartition(
  w: Warehouse,
  req: LakeExportRequest,
  { table, part, columns, markers }: Target,
  options: ParquetOptions,
  work: string,
  logger: Logger,
): Promise<PartitionOutcome> {
  const folder = joinKey(req.prefix, table.name, partitionPath(table, part));
  const fingerprint = createHash('sha256')
    .update(`${LAYOUT}\n${part.fingerprint}\n${JSON.stringify(options)}`)
    .digest('hex');
  const outcome = {
    table: table.name,
    partition: partitionPath(table, part),
    provider: part.values.provider,
    period: part.values.billing_period,
    rows: part.rows,
  };
  if (!req.force && markers.get(folder)?.fingerprint === fingerprint) {
    return { ...outcome, status: 'unchanged', bytes: 0 };
  }
  // Not named *.parquet: no glob over the lake matches a file before it is in place.
  const file = path.join(work, `${table.name}-${createHash('md5').update(folder).digest('hex')}.parquet.tmp`);
  await writePartitionFile(w, part, columns, options, file);
  const { size } = await stat(file);
  const key = joinKey(folder, DATA_FILE);
  await place(req.store, key, file);
  const head = await req.store.head(key);
  if (head?.size !== size) {
    throw new FinopsError(`wrote ${size} bytes but the store holds ${head?.size ?? 'nothing'}`, {
      file: objectUrl(req.store, key),
    });
  }
  await req.store.put(joinKey(folder, MARKER), JSON.stringify({ fingerprint, rows: part.rows }));
  logger.info(`${objectUrl(req.store, folder)}/: ${part.rows} rows`);
  return { ...outcome, status: 'written', bytes: size };
}

/** One step from the finished file to the object readers see: a rename, or one upload. */
async function place(store: ObjectStore, key: string, file: string): Promise<void> {
  try {
    if (store.putFile) await store.putFile(key, file);
    else await store.put(key, await readFile(file));
  } catch (error) {
    throw new FinopsError(`could not store the partition: ${(error as Error).message}`, {
      file: objectUrl(store, key),
      cause: error,
      hint: 'the previous version of the partition is still in place; run the export again',
    });
  } finally {
    await rm(file, { force: true });
  }
}

/** Lakes written before schema versions kept focus_costs at the root (`provider=*`): say so, once per run. */
async function warnOfVersionZero(store: ObjectStore, prefix: string, logger: Logger): Promise<void> {
  const { folders } = await store.listFolder(prefix ? `${prefix}/` : '');
  const old = folders.filter((f) => /(^|\/)provider=[^/]+\/$/.test(f));
  if (old.length === 0) return;
  logger.warn(
    `${objectUrl(store, prefix)}: ${old.length} provider folder(s) of the version-0 layout (focus_costs at the root) are no longer updated; ` +
      'after running catalog/upgrade/<engine>-0-to-1.sql and <engine>.sql, delete them',
  );
}

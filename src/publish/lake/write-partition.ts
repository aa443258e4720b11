/**
 * Writes one partition's rows as Parquet files in a local folder, with DuckDB: ZSTD (or Snappy), row
 * groups of a sensible size, files split by size. File names carry the partition's fingerprint, so new
 * files never overwrite the ones readers may be reading.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { quoteLiteral } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { LakePartition } from './partitions.ts';

export type LakeCompression = 'zstd' | 'snappy';

export interface ParquetOptions {
  compression: LakeCompression;
  /** Rows per row group: large enough for engines to skip by statistics, small enough to stream. */
  rowGroupSize: number;
  /** Files are split beyond this size. */
  maxFileBytes: string;
}

export const defaultParquetOptions: ParquetOptions = {
  compression: 'zstd',
  rowGroupSize: 122_880,
  maxFileBytes: '256MB',
};

/** Writes the partition into `dir` (emptied first) and returns the files, in name order. */
export async function writePartitionFiles(
  w: Warehouse,
  partition: LakePartition,
  fingerprint: string,
  options: ParquetOptions,
  dir: string,
): Promise<string[]> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  await w.run(
    `COPY (SELECT * FROM focus.costs
           WHERE coalesce(ServiceProviderName, ProviderName, 'unknown') = $provider
             AND strftime(BillingPeriodStart, '%Y-%m') = $period
           ORDER BY ChargePeriodStart, ServiceName)
     TO ${quoteLiteral(dir)}
     (FORMAT parquet, COMPRESSION ${options.compression}, ROW_GROUP_SIZE ${options.rowGroupSize},
      FILE_SIZE_BYTES ${quoteLiteral(options.maxFileBytes)}, FILENAME_PATTERN ${quoteLiteral(`part-${fingerprint.slice(0, 16)}-{i}`)})`,
    { provider: partition.provider, period: partition.period },
  );
  return (await readdir(dir))
    .filter((f) => f.endsWith('.parquet'))
    .sort()
    .map((f) => path.join(dir, f));
}

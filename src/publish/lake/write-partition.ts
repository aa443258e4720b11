/**
 * Writes one partition as one Parquet file with DuckDB: every column of the table's schema in its
 * recorded type (a column the rows lack is a typed null, so every new file has the whole schema),
 * ZSTD (or Snappy), row groups engines can skip by their statistics. One file per partition is what
 * lets a partition be replaced in one step (a rename, one upload): readers never see two versions.
 */
import { quoteIdent, quoteLiteral } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { LakeColumn, LakePart } from './lake-table.ts';

export type LakeCompression = 'zstd' | 'snappy';

export interface ParquetOptions {
  compression: LakeCompression;
  /** Rows per row group: large enough for engines to skip by statistics, small enough to stream. */
  rowGroupSize: number;
}

export const defaultParquetOptions: ParquetOptions = {
  compression: 'zstd',
  rowGroupSize: 122_880,
};

export async function writePartitionFile(
  w: Warehouse,
  part: LakePart,
  columns: LakeColumn[],
  options: ParquetOptions,
  file: string,
): Promise<void> {
  const { sql, params } = part.query;
  const present = new Set((await w.table(`SELECT * FROM (${sql}) LIMIT 0`, params)).columns);
  const list = columns.map((c) => {
    const value = present.has(c.name) ? `q.${quoteIdent(c.name)}` : 'NULL';
    return `CAST(${value} AS ${c.type}) AS ${quoteIdent(c.name)}`;
  });
  const order = (part.orderBy ?? []).filter((c) => present.has(c)).map((c) => `q.${quoteIdent(c)}`);
  await w.run(
    `COPY (SELECT ${list.join(', ')} FROM (${sql}) AS q ${order.length ? `ORDER BY ${order.join(', ')}` : ''})
     TO ${quoteLiteral(file)}
     (FORMAT parquet, COMPRESSION ${options.compression}, ROW_GROUP_SIZE ${options.rowGroupSize})`,
    params,
  );
}

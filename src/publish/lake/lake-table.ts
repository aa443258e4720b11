/**
 * What the lake holds, as data: tables (focus_costs, the governed tables, periods), each with its
 * columns in the lake's types and its partitions, each partition a query over the warehouse and a
 * fingerprint of what it would write. The export, the catalog and the schema history all read this.
 */
import type { Params } from '../../warehouse/warehouse.ts';

export type PartitionKey = 'provider' | 'billing_period';

export interface LakeColumn {
  name: string;
  /** DuckDB spelling of the type the Parquet files hold (see lakeType). */
  type: string;
}

export interface LakePart {
  /** Partition values in the order of the table's keys, e.g. { provider: 'aws', billing_period: '2024-01' }. */
  values: Partial<Record<PartitionKey, string>>;
  rows: number;
  /** Changes whenever what the partition would hold changes; unchanged means nothing to write. */
  fingerprint: string;
  /** The rows, as a query over the warehouse whose columns are named as the table's. */
  query: { sql: string; params: Params };
  /** Ordering inside the file (statistics for row-group skipping), a list of column names. */
  orderBy?: string[];
}

export interface LakeTable {
  name: string;
  partitionKeys: PartitionKey[];
  /** Columns as the warehouse gives them now (partition keys excluded). */
  columns: LakeColumn[];
  parts: LakePart[];
}

/**
 * The type a warehouse column is written as. Types every engine reads from Parquet stay; JSON, lists,
 * structs, UUIDs and other DuckDB-only types become text (JSON text for nested values).
 */
export function lakeType(duckType: string): string {
  const t = duckType.toUpperCase();
  if (/^DECIMAL\(\d+,\s*\d+\)$/.test(t)) return t.replace(/\s/g, '');
  if (t === 'HUGEINT') return 'DECIMAL(38,0)';
  if (t === 'TIMESTAMP WITH TIME ZONE' || t === 'TIMESTAMPTZ') return 'TIMESTAMP WITH TIME ZONE';
  if (['TIMESTAMP', 'DATE', 'BIGINT', 'INTEGER', 'DOUBLE', 'BOOLEAN', 'VARCHAR'].includes(t)) return t;
  if (t === 'SMALLINT' || t === 'TINYINT') return 'INTEGER';
  if (t === 'FLOAT') return 'DOUBLE';
  return 'VARCHAR';
}

/** `billing_period=2024-01` style path of a partition, keys in the table's order. */
export function partitionPath(table: LakeTable, part: LakePart): string {
  return table.partitionKeys.map((k) => `${k}=${part.values[k]}`).join('/');
}

/**
 * A stand-in for Trino's Hive connector, made of DuckDB: it runs a lake's `catalog/trino.sql` (and
 * upgrade files) as written, so the tests execute every view the catalog defines against the files
 * the export wrote. A table is what its DDL declares: `CREATE TABLE ... WITH (...)` runs in DuckDB
 * without the WITH clause to record the declared columns (ALTER TABLE ... ADD COLUMN runs as is),
 * and the table's rows are the Parquet files under its external_location read by column name, the
 * declared columns only, a column no file has being null: what Trino does with Parquet. Views run
 * unchanged; DuckDB lacks Trino's json_extract_scalar, so a macro gives it for the `$["key"]` paths
 * the catalog writes.
 */
import { fileURLToPath } from 'node:url';
import { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { statementsOf } from './grammar.ts';

export interface Engine {
  db: Warehouse;
  /** Runs a Trino catalog or upgrade file's statements. */
  run(trinoSql: string): Promise<void>;
  /** Names of the views the statements so far created. */
  views(): string[];
  close(): void;
}

export async function startEngine(): Promise<Engine> {
  const db = await Warehouse.open({ path: ':memory:' });
  await db.run('CREATE SCHEMA metastore');
  await db.run(
    `CREATE MACRO json_extract_scalar(j, p) AS json_extract_string(j, '$."' || regexp_extract(p, '^\\$\\["(.*)"\\]$', 1) || '"')`,
  );
  const locations = new Map<string, { location: string; partitioned: boolean }>();
  const views: string[] = [];
  const refresh = async (table: string) => {
    const t = locations.get(table);
    if (t)
      await db.run(
        tableView(table, t.location, t.partitioned, await declared(db, table), await fileColumns(db, t)),
      );
  };
  return {
    db,
    views: () => [...views],
    run: async (text) => {
      for (const { sql } of statementsOf(text)) {
        const create = /^CREATE TABLE IF NOT EXISTS "([^"]+)" \(([\s\S]*)\)\nWITH \(([\s\S]*)\);$/.exec(sql);
        const alter = /^ALTER TABLE "([^"]+)" ADD COLUMN/.exec(sql);
        const view = /^CREATE OR REPLACE VIEW "([^"]+)"/.exec(sql);
        if (create) {
          const [, name = '', columns, withs = ''] = create;
          await db.run(`CREATE TABLE IF NOT EXISTS metastore."${name}" (${columns})`);
          const location = /external_location = '([^']+)'/.exec(withs)?.[1] ?? '';
          locations.set(name, {
            location: fileURLToPath(location),
            partitioned: /partitioned_by/.test(withs),
          });
          await refresh(name);
        } else if (alter) {
          await db.run(sql.replace(/^ALTER TABLE "/, 'ALTER TABLE metastore."'));
          await refresh(alter[1] as string);
        } else if (view) {
          await db.run(sql);
          if (!views.includes(view[1] as string)) views.push(view[1] as string);
        } else if (!/^CALL system\.sync_partition_metadata/.test(sql)) {
          throw new Error(`the Trino stand-in does not know this statement:\n${sql}`);
        }
      }
    },
    close: () => db.close(),
  };
}

async function declared(db: Warehouse, table: string): Promise<{ name: string; type: string }[]> {
  return db.all(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
     WHERE table_schema = 'metastore' AND table_name = $table ORDER BY ordinal_position`,
    { table },
  );
}

function reader(location: string, partitioned: boolean): string {
  const glob = `${location.replace(/\/$/, '')}/${partitioned ? '**/' : ''}*.parquet`;
  return `read_parquet('${glob.replace(/'/g, "''")}', hive_partitioning = ${partitioned}, union_by_name = true${
    partitioned ? ', hive_types_autocast = false' : ''
  })`;
}

async function fileColumns(
  db: Warehouse,
  t: { location: string; partitioned: boolean },
): Promise<Set<string>> {
  try {
    const rows = await db.all<{ name: string }>(
      `SELECT column_name AS name FROM (DESCRIBE SELECT * FROM ${reader(t.location, t.partitioned)})`,
    );
    return new Set(rows.map((r) => r.name));
  } catch (error) {
    if (/No files found/.test(String(error))) return new Set();
    throw error;
  }
}

function tableView(
  table: string,
  location: string,
  partitioned: boolean,
  columns: { name: string; type: string }[],
  inFiles: Set<string>,
): string {
  const q = (n: string) => `"${n.replace(/"/g, '""')}"`;
  const list = columns.map(
    (c) => `CAST(${inFiles.has(c.name) ? q(c.name) : 'NULL'} AS ${c.type}) AS ${q(c.name)}`,
  );
  const from = inFiles.size ? reader(location, partitioned) : '(SELECT 1 WHERE false)';
  return `CREATE OR REPLACE VIEW main.${q(table)} AS SELECT ${list.join(', ')} FROM ${from}`;
}

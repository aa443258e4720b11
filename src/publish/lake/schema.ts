/**
 * The lake's schema history, kept in `catalog/schema.json` with the current number in
 * `catalog/schema-version`. A version lists every table's columns; an export whose tables gained a
 * column or a table makes the next version, and the catalog gets the statements that take an engine's
 * tables from each version to the next. Tables never lose a column (older files still have it) and a
 * column keeps its first type (files are written in it), so every file reads with every version.
 * Version 0 is a lake written before versions existed (one table at the root, no history).
 */
import { FinopsError } from '../../errors.ts';
import { readText } from '../../stores/read-text.ts';
import { joinKey, type ObjectStore, objectUrl } from '../../stores/store.ts';
import { type LakeColumn, type LakeTable, lakeType, type PartitionKey } from './lake-table.ts';

export interface TableSchema {
  partitionKeys: PartitionKey[];
  columns: LakeColumn[];
}

export interface SchemaVersion {
  version: number;
  tables: Record<string, TableSchema>;
}

export interface SchemaHistory {
  versions: SchemaVersion[];
  /** Views of a version-0 catalog, to drop when upgrading from it. */
  legacyViews?: string[];
}

export const SCHEMA_FILE = 'schema.json';
export const VERSION_FILE = 'schema-version';

export async function readSchemaHistory(store: ObjectStore, catalog: string): Promise<SchemaHistory> {
  const key = joinKey(catalog, SCHEMA_FILE);
  if (await store.head(key)) {
    try {
      const parsed = JSON.parse(await readText(store, key)) as SchemaHistory;
      if (!Array.isArray(parsed.versions)) throw new Error('no "versions" list');
      checkTypes(parsed);
      return parsed;
    } catch (error) {
      throw new FinopsError(`the lake's schema history cannot be read: ${(error as Error).message}`, {
        file: objectUrl(store, key),
        cause: error,
        hint: 'restore the file from the previous export, or export to a new location',
      });
    }
  }
  const legacy = joinKey(catalog, 'athena.sql');
  if (!(await store.head(legacy))) return { versions: [] };
  const text = await readText(store, legacy);
  const legacyViews = [...text.matchAll(/CREATE OR REPLACE VIEW [`"]?([A-Za-z0-9_]+)[`"]?/g)].map(
    (m) => m[1] as string,
  );
  return { versions: [{ version: 0, tables: {} }], legacyViews };
}

/** Types are written into SQL: only the lake's own types pass (a column name is always quoted). */
function checkTypes(history: SchemaHistory): void {
  for (const v of history.versions) {
    for (const [table, t] of Object.entries(v.tables)) {
      for (const c of t.columns) {
        if (typeof c.name !== 'string' || lakeType(c.type) !== c.type) {
          throw new Error(
            `version ${v.version}, ${table}.${c.name}: ${JSON.stringify(c.type)} is not a lake type`,
          );
        }
      }
    }
  }
}

/** The history with the tables as they are now; a new version only when something was added. */
export function evolveSchema(history: SchemaHistory, tables: LakeTable[]): SchemaHistory {
  const latest = history.versions.at(-1);
  const next: Record<string, TableSchema> = structuredClone(latest?.tables ?? {});
  let grew = !latest || latest.version === 0;
  for (const table of tables) {
    const recorded = next[table.name];
    if (!recorded) {
      next[table.name] = { partitionKeys: table.partitionKeys, columns: table.columns };
      grew = true;
      continue;
    }
    const known = new Set(recorded.columns.map((c) => c.name));
    for (const column of table.columns) {
      if (known.has(column.name)) continue;
      recorded.columns.push(column);
      grew = true;
    }
  }
  if (!grew) return history;
  return {
    ...history,
    versions: [...history.versions, { version: (latest?.version ?? 0) + 1, tables: next }],
  };
}

export function currentVersion(history: SchemaHistory): SchemaVersion {
  const latest = history.versions.at(-1);
  if (!latest) throw new Error('the schema history is empty');
  return latest;
}

/** Columns of `to` that `from` lacks, per table both have; tables new in `to`. */
export function schemaChanges(
  from: SchemaVersion,
  to: SchemaVersion,
): { added: { table: string; columns: LakeColumn[] }[]; newTables: string[] } {
  const added: { table: string; columns: LakeColumn[] }[] = [];
  const newTables: string[] = [];
  for (const [name, table] of Object.entries(to.tables)) {
    const before = from.tables[name];
    if (!before) {
      newTables.push(name);
      continue;
    }
    const known = new Set(before.columns.map((c) => c.name));
    const columns = table.columns.filter((c) => !known.has(c.name));
    if (columns.length > 0) added.push({ table: name, columns });
  }
  return { added, newTables };
}

/**
 * Period tables: data lives in one table per billing period (`<schema>.<prefix>_YYYY_MM`) holding the
 * rows of every source of that kind, each tagged with its source. A load stages its rows beside the
 * target (`<table>__stage_<loadId>`), then, in one transaction, the stage takes the target's place
 * (with the other sources' rows copied over when there are any) and the union view is rebuilt. Readers
 * see the old period or the new one, never a mix. The raw CUR tables and the FOCUS tables both use it.
 */
import { qualified, quoteIdent } from './sql.ts';
import type { Params, Warehouse } from './warehouse.ts';

export interface PeriodTableSet {
  schema: string;
  /** Tables are named `<prefix>_YYYY_MM`. */
  prefix: string;
  /** The view over the period tables, and which tables of the schema it covers. */
  view: string;
  covers: RegExp;
  /** The column that names each row's source. */
  sourceColumn: string;
  /** The view's body when no period table exists yet; without one the view is dropped. */
  emptyView?: () => string;
}

export function periodTableName(set: PeriodTableSet, period: string): string {
  return `${set.prefix}_${period.replace('-', '_')}`;
}

/** The period's table, quoted for SQL: `"aws_billing"."billing_2024_03"`. */
export function periodTable(set: PeriodTableSet, period: string): string {
  return qualified(set.schema, periodTableName(set, period));
}

export function stageTableName(set: PeriodTableSet, period: string, loadId: number): string {
  return `${periodTableName(set, period)}__stage_${loadId}`;
}

async function tablesOf(w: Warehouse, schema: string): Promise<string[]> {
  const rows = await w.all<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = $schema AND table_type = 'BASE TABLE' ORDER BY table_name`,
    { schema },
  );
  return rows.map((r) => r.table_name);
}

/** Stage tables left by a killed process. Call while holding the database (no load can be running). */
export async function dropStaleStages(w: Warehouse, set: PeriodTableSet): Promise<string[]> {
  const stale = (await tablesOf(w, set.schema)).filter(
    (t) => t.startsWith(`${set.prefix}_`) && t.includes('__stage_'),
  );
  for (const t of stale) await w.run(`DROP TABLE ${qualified(set.schema, t)}`);
  return stale;
}

export async function dropTable(w: Warehouse, schema: string, table: string): Promise<void> {
  await w.run(`DROP TABLE IF EXISTS ${qualified(schema, table)}`);
}

/** Moves a stage into its period's place. Run inside the load's transaction. */
export async function swapInStage(
  w: Warehouse,
  set: PeriodTableSet,
  period: string,
  stage: string,
  sourceName: string,
): Promise<void> {
  const target = periodTableName(set, period);
  const source = quoteIdent(set.sourceColumn);
  let incoming = stage;
  if ((await tablesOf(w, set.schema)).includes(target)) {
    const others = await w.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM ${qualified(set.schema, target)} WHERE ${source} <> $sourceName`,
      { sourceName },
    );
    if ((others?.n ?? 0) > 0) {
      incoming = `${stage}_merged`;
      await w.run(
        `CREATE TABLE ${qualified(set.schema, incoming)} AS
         SELECT * FROM ${qualified(set.schema, stage)}
         UNION ALL BY NAME
         SELECT * FROM ${qualified(set.schema, target)} WHERE ${source} <> $sourceName`,
        { sourceName },
      );
      await w.run(`DROP TABLE ${qualified(set.schema, stage)}`);
    }
    await w.run(`DROP TABLE ${qualified(set.schema, target)}`);
  }
  await w.run(`ALTER TABLE ${qualified(set.schema, incoming)} RENAME TO ${quoteIdent(target)}`);
  await refreshUnionView(w, set);
}

/** The set's view: every period table it covers, columns unioned by name. */
export async function refreshUnionView(w: Warehouse, set: PeriodTableSet): Promise<void> {
  const periods = (await tablesOf(w, set.schema)).filter((t) => set.covers.test(t));
  const view = qualified(set.schema, set.view);
  if (periods.length === 0) {
    if (set.emptyView) await w.run(`CREATE OR REPLACE VIEW ${view} AS ${set.emptyView()}`);
    else await w.run(`DROP VIEW IF EXISTS ${view}`);
    return;
  }
  const union = periods.map((t) => `SELECT * FROM ${qualified(set.schema, t)}`).join('\nUNION ALL BY NAME\n');
  await w.run(`CREATE OR REPLACE VIEW ${view} AS ${union}`);
}

/**
 * Replaces one slice of a period (the rows whose columns equal `slice`, e.g. one source's batch) with a
 * stage's rows, for sources that deliver several batches inside a period. Run inside the load's
 * transaction: the slice is deleted and the stage inserted by column name (columns the period table
 * lacks are added first), or the stage becomes the period table when there is none yet.
 */
export async function replaceSliceWithStage(
  w: Warehouse,
  set: PeriodTableSet,
  period: string,
  stage: string,
  slice: SliceMatch,
): Promise<void> {
  const target = periodTableName(set, period);
  if (!(await tablesOf(w, set.schema)).includes(target)) {
    await w.run(`ALTER TABLE ${qualified(set.schema, stage)} RENAME TO ${quoteIdent(target)}`);
  } else {
    await addMissingColumns(w, set.schema, target, stage);
    const { where, params } = sliceCondition(slice);
    await w.run(`DELETE FROM ${qualified(set.schema, target)} WHERE ${where}`, params);
    await w.run(
      `INSERT INTO ${qualified(set.schema, target)} BY NAME SELECT * FROM ${qualified(set.schema, stage)}`,
    );
    await w.run(`DROP TABLE ${qualified(set.schema, stage)}`);
  }
  await refreshUnionView(w, set);
}

/** Column values that mark a slice's rows: a value, or any of a list (a null in it: no value). */
export type SliceMatch = Record<string, string | (string | null)[]>;

/** The WHERE condition (and its parameters) that selects a slice's rows. */
export function sliceCondition(slice: SliceMatch): { where: string; params: Params } {
  const params: Params = {};
  const parts = Object.entries(slice).map(([name, value], i) => {
    const column = quoteIdent(name);
    if (!Array.isArray(value)) {
      params[`v${i}`] = value;
      return `${column} = $v${i}`;
    }
    params[`v${i}`] = value.filter((v): v is string => v !== null);
    const orNull = value.includes(null) ? ` OR ${column} IS NULL` : '';
    return `(list_contains($v${i}::VARCHAR[], ${column})${orNull})`;
  });
  return { where: parts.join(' AND '), params };
}

/** A later batch may carry a column the first one did not (a new tag, a new extension column). */
async function addMissingColumns(w: Warehouse, schema: string, target: string, stage: string) {
  const missing = await w.all<{ name: string; type: string }>(
    `SELECT s.column_name AS name, s.data_type AS type FROM information_schema.columns AS s
     WHERE s.table_schema = $schema AND s.table_name = $stage
       AND lower(s.column_name) NOT IN (SELECT lower(column_name) FROM information_schema.columns
                                        WHERE table_schema = $schema AND table_name = $target)
     ORDER BY s.ordinal_position`,
    { schema, stage, target },
  );
  for (const c of missing) {
    await w.run(`ALTER TABLE ${qualified(schema, target)} ADD COLUMN ${quoteIdent(c.name)} ${c.type}`);
  }
}

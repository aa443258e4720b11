/**
 * Period tables: raw data lives in one table per billing period (`<schema>.billing_YYYY_MM`) holding
 * the rows of every source of that kind, tagged with `finops_source_name`. A load stages its rows beside
 * the target (`billing_YYYY_MM__stage_<loadId>`), then, in one transaction, the stage takes the target's
 * place (with the other sources' rows copied over when there are any) and the union view is rebuilt.
 * Readers see the old period or the new one, never a mix.
 */
import { qualified, quoteIdent } from './sql.ts';
import type { Warehouse } from './warehouse.ts';

const periodTable = /^billing_\d{4}_\d{2}$/;

export function periodTableName(period: string): string {
  return `billing_${period.replace('-', '_')}`;
}

export function stageTableName(period: string, loadId: number): string {
  return `${periodTableName(period)}__stage_${loadId}`;
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
export async function dropStaleStages(w: Warehouse, schema: string): Promise<string[]> {
  const stale = (await tablesOf(w, schema)).filter((t) => t.includes('__stage_'));
  for (const t of stale) await w.run(`DROP TABLE ${qualified(schema, t)}`);
  return stale;
}

export async function dropTable(w: Warehouse, schema: string, table: string): Promise<void> {
  await w.run(`DROP TABLE IF EXISTS ${qualified(schema, table)}`);
}

/** Moves a stage into its period's place. Run inside the load's transaction. */
export async function swapInStage(
  w: Warehouse,
  schema: string,
  period: string,
  stage: string,
  sourceName: string,
): Promise<void> {
  const target = periodTableName(period);
  const exists = (await tablesOf(w, schema)).includes(target);
  let incoming = stage;
  if (exists) {
    const others = await w.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM ${qualified(schema, target)} WHERE finops_source_name <> $sourceName`,
      { sourceName },
    );
    if ((others?.n ?? 0) > 0) {
      incoming = `${stage}_merged`;
      await w.run(
        `CREATE TABLE ${qualified(schema, incoming)} AS
         SELECT * FROM ${qualified(schema, stage)}
         UNION ALL BY NAME
         SELECT * FROM ${qualified(schema, target)} WHERE finops_source_name <> $sourceName`,
        { sourceName },
      );
      await w.run(`DROP TABLE ${qualified(schema, stage)}`);
    }
    await w.run(`DROP TABLE ${qualified(schema, target)}`);
  }
  await w.run(`ALTER TABLE ${qualified(schema, incoming)} RENAME TO ${quoteIdent(target)}`);
  await refreshUnionView(w, schema);
}

/** `<schema>.billing`: every period table, columns unioned by name. */
export async function refreshUnionView(w: Warehouse, schema: string): Promise<void> {
  const periods = (await tablesOf(w, schema)).filter((t) => periodTable.test(t));
  if (periods.length === 0) {
    await w.run(`DROP VIEW IF EXISTS ${qualified(schema, 'billing')}`);
    return;
  }
  const union = periods.map((t) => `SELECT * FROM ${qualified(schema, t)}`).join('\nUNION ALL BY NAME\n');
  await w.run(`CREATE OR REPLACE VIEW ${qualified(schema, 'billing')} AS ${union}`);
}

export interface SliceTotal {
  file: string;
  currency: string;
  rows: number;
  /** Exact decimal text. */
  cost: string;
}

/** Rows and cost per file and currency of one source's rows in a table: what reconciliation compares. */
export async function sliceTotals(
  w: Warehouse,
  table: string,
  sourceName: string,
  costColumn: string,
  currencyColumn: string,
): Promise<SliceTotal[]> {
  return w.all<SliceTotal & Record<string, string | number>>(
    `SELECT finops_source_file AS file, coalesce(${quoteIdent(currencyColumn)}, '') AS currency,
            count(*)::INTEGER AS rows, coalesce(sum(${quoteIdent(costColumn)}), 0)::DECIMAL(38,10)::VARCHAR AS cost
     FROM ${table} WHERE finops_source_name = $sourceName
     GROUP BY ALL ORDER BY ALL`,
    { sourceName },
  );
}

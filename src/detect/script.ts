/**
 * Runs a `.sql` file of several statements with named parameters: each statement gets only the
 * parameters it mentions (DuckDB refuses to bind a name a statement does not use). Statements end
 * with `;` at the end of a line; comments are left to DuckDB.
 */
import type { Params, Warehouse } from '../warehouse/warehouse.ts';

export async function runScript(w: Warehouse, sql: string, params: Params): Promise<void> {
  for (const statement of splitStatements(sql)) {
    await w.run(statement, paramsUsedBy(statement, params));
  }
}

export function splitStatements(sql: string): string[] {
  return sql
    .split(/;[ \t]*$/m)
    .map((s) => s.trim())
    .filter((s) => s.replace(/--[^\n]*/g, '').trim().length > 0);
}

export function paramsUsedBy(statement: string, params: Params): Params {
  const used: Params = {};
  for (const [name, value] of Object.entries(params)) {
    if (new RegExp(`\\$${name}\\b`).test(statement)) used[name] = value;
  }
  return used;
}

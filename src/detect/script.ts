/**
 * Runs a `.sql` file of several statements with named parameters: each statement gets only the
 * parameters it mentions (DuckDB refuses to bind a name a statement does not use). Statements end
 * with `;` at the end of a line; comments are left to DuckDB (`--` comments only: no `--` inside strings).
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
  // A parameter named in a comment only is not one the statement binds.
  const code = statement.replace(/--[^\n]*/g, '');
  const used: Params = {};
  for (const [name, value] of Object.entries(params)) {
    if (new RegExp(`\\$${name}\\b`).test(code)) used[name] = value;
  }
  return used;
}

/**
 * Row-level rules are evaluated in ONE scan of the relation: a single SELECT with one
 * `count(*) FILTER (WHERE <condition> AND NOT (<requirement>))` per rule (DuckDB computes hundreds of
 * aggregates in one pass). Examples are fetched afterwards, for failing rules only, again in one scan:
 * `min(struct_pack(...), n)` keeps the n smallest offending rows per rule, which is deterministic and
 * bounded in memory however many rows fail.
 */
import { quoteIdent } from '../../warehouse/sql.ts';
import type { Params, Warehouse } from '../../warehouse/warehouse.ts';

export interface Source {
  /** The relation, already quoted. */
  relation: string;
  where?: { sql: string; params: Params };
}

export interface RowCheck {
  id: string;
  requirement: string;
  condition?: string;
  /** Columns shown in examples, the rule's own first. */
  columns: string[];
  /** Why the check fails, when the rows do not show it. */
  failure?: string;
}

/** `FROM ...` with the caller's row filter applied, for every query of a validation. */
export function fromClause(source: Source): string {
  const filter = source.where ? ` WHERE (${source.where.sql})` : '';
  return `FROM (SELECT * FROM ${source.relation}${filter}) AS focus_rows`;
}

export function paramsOf(source: Source): Params | undefined {
  return source.where?.params;
}

/** TRUE where a row breaks the check. */
function failing(check: RowCheck): string {
  const condition = check.condition ? `(${check.condition}) AND ` : '';
  return `${condition}NOT (${check.requirement})`;
}

/**
 * A column's conversion to DOUBLE, which the formula rules repeat (ListCost and ListUnitPrice both check
 * ListUnitPrice x PricingQuantity = ListCost). From a 38-digit decimal it is the scan's costliest step,
 * about as slow as all other rules together, and DuckDB does not share it between aggregates: each
 * distinct one is computed once, in the scan's projection. (TRY_CAST never fails, so computing it on rows
 * a rule's condition leaves out changes no count.)
 */
const DOUBLE_CONVERSION = /TRY_CAST\(("(?:[^"]|"")+") AS DOUBLE\)/g;

function hoistConversions(conditions: string[]): { conditions: string[]; projection: string[] } {
  const aliases = new Map<string, string>();
  const rewritten = conditions.map((sql) =>
    sql.replace(DOUBLE_CONVERSION, (conversion) => {
      const alias = aliases.get(conversion) ?? `"finops_double_${aliases.size}"`;
      aliases.set(conversion, alias);
      return alias;
    }),
  );
  return { conditions: rewritten, projection: [...aliases].map(([sql, alias]) => `${sql} AS ${alias}`) };
}

/** Rows in scope, and failing rows per check id; checks whose requirement is constant TRUE cost nothing. */
export async function scanRows(
  w: Warehouse,
  source: Source,
  checks: RowCheck[],
): Promise<{ rows: number; failing: Map<string, number> }> {
  const scanned = checks.filter((check) => check.requirement !== 'TRUE');
  const hoisted = hoistConversions(scanned.map(failing));
  const aggregates = hoisted.conditions.map((sql, i) => `count(*) FILTER (WHERE ${sql}) AS r${i}`);
  const from =
    hoisted.projection.length === 0
      ? fromClause(source)
      : `FROM (SELECT *, ${hoisted.projection.join(', ')} ${fromClause(source)}) AS focus_rows`;
  const sql = `SELECT ${['count(*) AS total', ...aggregates].join(',\n  ')}\n${from}`;
  const result = (await w.one(sql, paramsOf(source))) ?? {};
  const counts = new Map(checks.map((check) => [check.id, 0]));
  scanned.forEach((check, i) => {
    counts.set(check.id, Number(result[`r${i}`] ?? 0));
  });
  return { rows: Number(result.total ?? 0), failing: counts };
}

/** Up to `limit` offending rows per failing check, with its columns and the locating columns present. */
export async function fetchExamples(
  w: Warehouse,
  source: Source,
  checks: RowCheck[],
  limit: number,
  locating: string[],
): Promise<Map<string, Record<string, unknown>[]>> {
  const examples = new Map<string, Record<string, unknown>[]>();
  if (checks.length === 0 || limit <= 0) return examples;
  const aggregates = checks.map((check, i) => {
    const shown = [...check.columns, ...locating.filter((c) => !check.columns.includes(c))];
    const struct = `struct_pack(${shown.map((c) => `${quoteIdent(c)} := ${quoteIdent(c)}`).join(', ')})`;
    return `min(${struct}, ${Math.trunc(limit)}) FILTER (WHERE ${failing(check)}) AS e${i}`;
  });
  const result =
    (await w.one(`SELECT ${aggregates.join(',\n  ')}\n${fromClause(source)}`, paramsOf(source))) ?? {};
  checks.forEach((check, i) => {
    const rows = result[`e${i}`];
    examples.set(check.id, Array.isArray(rows) ? (rows as Record<string, unknown>[]) : []);
  });
  return examples;
}

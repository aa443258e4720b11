/**
 * The columns of the relation under validation and what their DuckDB types already guarantee. A typed
 * column is conforming for a Type/Format check when its type makes a violation impossible (a DECIMAL is
 * always a well-formed number, a TIMESTAMPTZ always a UTC instant); text columns get the value checks.
 */
import { quoteIdent } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';

export type ColumnKind = 'string' | 'exact' | 'float' | 'timestamp' | 'date' | 'json' | 'other';

export interface Column {
  name: string;
  /** The quoted identifier, ready for SQL. */
  sql: string;
  /** DuckDB's name for the type, e.g. `DECIMAL(38,10)`, `TIMESTAMP WITH TIME ZONE`. */
  type: string;
  kind: ColumnKind;
}

export type Columns = Map<string, Column>;

/** The relation's columns by exact name (FOCUS names are case-sensitive PascalCase). */
export async function describeRelation(w: Warehouse, relation: string): Promise<Columns> {
  const rows = await w.all<{ column_name: string; column_type: string }>(
    `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${relation})`,
  );
  return new Map(
    rows.map((r) => [
      r.column_name,
      {
        name: r.column_name,
        sql: quoteIdent(r.column_name),
        type: r.column_type,
        kind: kindOf(r.column_type),
      },
    ]),
  );
}

const exactTypes =
  /^(DECIMAL|NUMERIC|HUGEINT|UHUGEINT|BIGINT|UBIGINT|INTEGER|UINTEGER|SMALLINT|USMALLINT|TINYINT|UTINYINT)\b/;

export function kindOf(type: string): ColumnKind {
  const t = type.toUpperCase();
  if (t === 'VARCHAR' || t.startsWith('ENUM')) return 'string';
  if (t === 'JSON') return 'json';
  if (exactTypes.test(t)) return 'exact';
  if (t === 'DOUBLE' || t === 'FLOAT' || t === 'REAL') return 'float';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t === 'DATE') return 'date';
  return 'other';
}

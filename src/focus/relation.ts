/**
 * The shape of the warehouse's FOCUS tables, derived from the column data: every FOCUS column in spec
 * order with its warehouse type, then provider extras and lineage (`x_`). A source's mapping produces
 * whatever columns it can; `focusProjection` turns that into the full, typed row.
 */
import { quoteIdent } from '../warehouse/sql.ts';
import { FOCUS_DECIMAL, JSON_OBJECT, TEXT, TIMESTAMP } from '../warehouse/types.ts';
import { type FocusType, focusColumns } from './columns.ts';

const warehouseTypes: Record<FocusType, string> = {
  String: TEXT,
  Decimal: FOCUS_DECIMAL,
  DateTime: TIMESTAMP,
  JSON: JSON_OBJECT,
};

/** Lineage columns every FOCUS row carries. */
export const lineageColumns = [
  { name: 'x_SourceType', type: TEXT },
  { name: 'x_SourceName', type: TEXT },
  { name: 'x_SourceVersion', type: TEXT },
  { name: 'x_LoadId', type: 'BIGINT' },
] as const;

export function warehouseType(type: FocusType): string {
  return warehouseTypes[type];
}

/**
 * SELECT list over `alias` (the mapping's output, with columns `produced`): FOCUS columns cast to their
 * types or NULL, then the mapping's own `x_` columns, lineage last.
 */
export function focusProjection(alias: string, produced: ReadonlySet<string>): string {
  const focus = focusColumns.map((c) => {
    const value = produced.has(c.name) ? `${alias}.${quoteIdent(c.name)}` : 'NULL';
    return `CAST(${value} AS ${warehouseType(c.type)}) AS ${quoteIdent(c.name)}`;
  });
  const lineage = new Set<string>(lineageColumns.map((l) => l.name));
  const extras = [...produced]
    .filter((n) => n.startsWith('x_') && !lineage.has(n))
    .map((n) => `${alias}.${quoteIdent(n)}`);
  const lineageList = lineageColumns.map((l) => {
    const value = produced.has(l.name) ? `${alias}.${quoteIdent(l.name)}` : 'NULL';
    return `CAST(${value} AS ${l.type}) AS ${quoteIdent(l.name)}`;
  });
  return [...focus, ...extras, ...lineageList].join(',\n       ');
}

/** A FOCUS relation with no rows: what `focus.costs` is before anything is loaded. */
export function emptyFocusRelation(): string {
  return `SELECT ${focusProjection('m', new Set())} FROM (SELECT 1) AS m WHERE false`;
}

/**
 * Check functions of the model translated to SQL, one translator per function. A translator turns a
 * node of a Requirement or Condition into one of:
 *   - `row`: a predicate on one row, TRUE where the row satisfies it;
 *   - `present` / `distinct`: a dataset-level check (a column exists; one B per A);
 *   - `rules`: a composite of other model rules, whose status follows theirs.
 *
 * Predicates use SQL's three-valued logic on purpose: a row fails a rule only where its condition is
 * TRUE and its requirement is FALSE, so a NULL value is "unknown" for value checks (BilledCost = 0 says
 * nothing about a null BilledCost; the nullability rules judge nulls, with IS [NOT] NULL).
 * Names go through quoteIdent (via `Column.sql`), model values through quoteLiteral.
 */
import { quoteLiteral } from '../../warehouse/sql.ts';
import { ModelShapeError, row, type SqlContext, type Translated, type Translator, text } from './checks.ts';
import type { Column } from './columns.ts';
import { formatTranslators } from './formats.ts';
import type { CheckNode } from './model.ts';

/** Products may differ from the stored cost by rounding: one millionth of a currency unit, or 1e-9 relative. */
const tolerance = (cost: string) => `(0.000001 + 0.000000001 * abs(${cost}))`;

const logicTranslators = {
  AND: (node, ctx) => combine('AND', node, ctx),
  OR: (node, ctx) => combine('OR', node, ctx),
  CheckModelRule: (node) => ({ kind: 'rules', op: 'AND', ruleIds: [text(node, 'ModelRuleId')] }),
  ColumnPresent: (node) => ({ kind: 'present', column: text(node, 'ColumnName') }),
  CheckDistinctCount: (node) => ({
    kind: 'distinct',
    columnA: text(node, 'ColumnAName'),
    columnB: text(node, 'ColumnBName'),
    expected: count(node, 'ExpectedCount'),
  }),
  CheckValue: (node, ctx) => {
    const column = ctx.column(text(node, 'ColumnName'));
    if (node.Value === null) return row(`${column.sql} IS NULL`);
    return row(`${comparable(column, node.Value)} = ${literal(node.Value)}`);
  },
  CheckNotValue: (node, ctx) => {
    const column = ctx.column(text(node, 'ColumnName'));
    if (node.Value === null) return row(`${column.sql} IS NOT NULL`);
    // "is not X" holds for a null value too: ChargeClass is not "Correction" on ordinary (null) rows.
    return row(`${comparable(column, node.Value)} IS DISTINCT FROM ${literal(node.Value)}`);
  },
  CheckSameValue: (node, ctx) => {
    const [a, b] = comparablePair(
      ctx.column(text(node, 'ColumnAName')),
      ctx.column(text(node, 'ColumnBName')),
    );
    return row(`${a} = ${b}`);
  },
  CheckNotSameValue: (node, ctx) => {
    const [a, b] = comparablePair(
      ctx.column(text(node, 'ColumnAName')),
      ctx.column(text(node, 'ColumnBName')),
    );
    return row(`${a} IS DISTINCT FROM ${b}`);
  },
  CheckGreaterOrEqualThanValue: (node, ctx) => {
    const column = ctx.column(text(node, 'ColumnName'));
    return row(`${numeric(column)} >= ${literal(numberValue(node))}`);
  },
  ColumnByColumnEqualsColumnValue: (node, ctx) => {
    const a = asDouble(ctx.column(text(node, 'ColumnAName')));
    const b = asDouble(ctx.column(text(node, 'ColumnBName')));
    const c = asDouble(ctx.column(text(node, 'ResultColumnName')));
    return row(`abs(${a} * ${b} - ${c}) <= ${tolerance(c)}`);
  },
} satisfies Record<string, Translator>;

const translators: Record<string, Translator> = { ...logicTranslators, ...formatTranslators };

/** The check functions this validator can translate. */
export const translatedFunctions: readonly string[] = Object.keys(translators);

export function translate(node: CheckNode, ctx: SqlContext): Translated {
  const name = node.CheckFunction;
  const translator = name === undefined ? undefined : translators[name];
  if (!translator) {
    throw new ModelShapeError(
      name ? `no translator for check function ${name}` : 'a check has no CheckFunction',
    );
  }
  return translator(node, ctx);
}

/** A node that must be a row predicate (conditions, items of an inline AND/OR). */
export function translateRow(node: CheckNode, ctx: SqlContext): string {
  const translated = translate(node, ctx);
  if (translated.kind !== 'row')
    throw new ModelShapeError(`${node.CheckFunction} cannot be used inside a row check`);
  return translated.sql;
}

function combine(op: 'AND' | 'OR', node: CheckNode, ctx: SqlContext): Translated {
  const items = node.Items ?? [];
  if (items.length === 0) throw new ModelShapeError(`${op} has no Items`);
  if (items.every((item) => item.CheckFunction === 'CheckModelRule')) {
    return { kind: 'rules', op, ruleIds: items.map((item) => text(item, 'ModelRuleId')) };
  }
  const lookup = op === 'OR' ? membership(items, ctx) : undefined;
  return row(lookup ?? `(${items.map((item) => translateRow(item, ctx)).join(` ${op} `)})`);
}

/**
 * An OR of equalities with constant text (allowed values; allowed subcategory/category pairs) as one
 * lookup in a constant list: DuckDB runs list_contains ~30x faster than 80 OR-ed comparisons per row,
 * which is most of the scan's time on a large table. NULL in, NULL out, like the comparisons it replaces.
 */
function membership(items: CheckNode[], ctx: SqlContext): string | undefined {
  const tuples = items.map(equalities);
  const columns = tuples[0]?.map((e) => e.column) ?? [];
  const sameColumns = (t: Equality[] | undefined): t is Equality[] =>
    t !== undefined && t.length === columns.length && t.every((e, i) => e.column === columns[i]);
  if (columns.length === 0 || !tuples.every(sameColumns)) return undefined;
  const values = columns.map((name) => asText(ctx.column(name)));
  if (values.length === 1) {
    return `list_contains([${tuples.map((t) => quoteLiteral(t[0]?.value ?? '')).join(', ')}], ${values[0]})`;
  }
  const struct = (parts: string[]) => `{${parts.map((part, i) => `'v${i}': ${part}`).join(', ')}}`;
  const list = tuples.map((t) => struct(t.map((e) => quoteLiteral(e.value))));
  const anyNull = values.map((value) => `${value} IS NULL`).join(' OR ');
  return `(CASE WHEN ${anyNull} THEN NULL ELSE list_contains([${list.join(', ')}], ${struct(values)}) END)`;
}

interface Equality {
  column: string;
  value: string;
}

/** `CheckValue(column, 'text')`, or an AND of them, as (column, value) pairs; undefined for anything else. */
function equalities(node: CheckNode): Equality[] | undefined {
  if (
    node.CheckFunction === 'CheckValue' &&
    typeof node.Value === 'string' &&
    typeof node.ColumnName === 'string'
  ) {
    return [{ column: node.ColumnName, value: node.Value }];
  }
  if (node.CheckFunction !== 'AND' || !node.Items?.length) return undefined;
  const parts = node.Items.map(equalities);
  return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
}

function count(node: CheckNode, key: string): number {
  const value = node[key];
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new ModelShapeError(`${key} must be an integer`);
  return value;
}

function numberValue(node: CheckNode): number {
  if (typeof node.Value !== 'number')
    throw new ModelShapeError(`${node.CheckFunction} needs a numeric Value`);
  return node.Value;
}

function literal(value: unknown): string {
  if (typeof value === 'string') return quoteLiteral(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  throw new ModelShapeError(`unsupported value ${JSON.stringify(value)}`);
}

/** The column in a form comparable with the model's value: numbers compare as numbers, text as text. */
function comparable(column: Column, value: unknown): string {
  return typeof value === 'number' ? numeric(column) : asText(column);
}

function comparablePair(a: Column, b: Column): [string, string] {
  return a.kind === b.kind ? [a.sql, b.sql] : [asText(a), asText(b)];
}

function numeric(column: Column): string {
  return column.kind === 'exact' || column.kind === 'float'
    ? column.sql
    : `TRY_CAST(${column.sql} AS DOUBLE)`;
}

function asDouble(column: Column): string {
  return column.kind === 'float' ? column.sql : `TRY_CAST(${column.sql} AS DOUBLE)`;
}

function asText(column: Column): string {
  return column.kind === 'string' ? column.sql : `CAST(${column.sql} AS VARCHAR)`;
}

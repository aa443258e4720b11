/**
 * Type and format check functions (TypeString ... FormatKeyValue, CheckNationalCurrency,
 * CheckDecimalValue). What they accept follows the FOCUS 1.2 attribute text, read from the spec; where
 * the column's DuckDB type already guarantees the format the check is constant TRUE (and costs nothing
 * in the scan), text columns get the value checks, and a column of an unrelated type fails on every
 * non-null value.
 *
 * Deliberate differences from the official Python validator: StringHandling asks for valid Unicode, which
 * every DuckDB VARCHAR is (the Python tool requires ASCII and so rejects "Montréal"); integer columns are
 * Decimal-typed (whole numbers are decimals; the Python tool rejects BIGINT only because of CSV type
 * inference); a DATE is a Date/Time type but cannot carry the required 'YYYY-MM-DDTHH:mm:ssZ' format.
 */
import { readFileSync } from 'node:fs';
import { quoteLiteral } from '../../warehouse/sql.ts';
import { row, type SqlContext, type Translated, type Translator, text } from './checks.ts';
import type { Column } from './columns.ts';
import type { CheckNode } from './model.ts';

/** NumericFormat: an integer, a decimal or E notation; no "+" sign, no thousands separators. */
const numericPattern = '-?([0-9]+|[0-9]*\\.[0-9]+)([eE]-?[0-9]+)?';
/** DateTimeFormat: extended ISO 8601 in UTC, 'YYYY-MM-DDTHH:mm:ssZ'. */
const dateTimePattern = '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z';
/** CurrencyFormat for national currencies: a three-letter ISO 4217 code. */
const currencyPattern = '[A-Z]{3}';
/**
 * UnitFormat: a base unit is a data-size abbreviation ("b", "GB", "KiB"), a time unit ("Hours") or a
 * capitalized count noun ("Requests"); optionally a whole-number quantity ("1000 Tokens"), a compound
 * with "-" ("GB-Hours") and a ratio with "/" ("GB/Hour", "Units/3 Months").
 */
const unitBase = '(b|[A-Z][A-Za-z]*)';
const unitPattern = `([1-9][0-9]* )?${unitBase}(-${unitBase})?(/([1-9][0-9]* )?${unitBase})?`;

const always = 'TRUE';

/** The column's type cannot hold a conforming value: every non-null value fails. */
const wrongType = Symbol('wrong type');
type Decision = string | typeof wrongType;

const matches = (c: Column, pattern: string) => `regexp_full_match(${c.sql}, ${quoteLiteral(pattern)})`;

function typed(decide: (c: Column) => Decision): Translator {
  return (node: CheckNode, ctx: SqlContext): Translated => {
    const column = ctx.column(text(node, 'ColumnName'));
    const decision = decide(column);
    if (decision !== wrongType) return row(decision);
    const failure = `column ${column.name} is stored as ${column.type}, which cannot hold a conforming value`;
    return { kind: 'row', sql: `${column.sql} IS NULL`, failure };
  };
}

function isoDateTime(c: Column): string {
  // The pattern alone would accept 2024-02-30; the cast rejects impossible dates.
  return `(${matches(c, dateTimePattern)} AND TRY_CAST(${c.sql} AS TIMESTAMPTZ) IS NOT NULL)`;
}

function decimalValue(c: Column): Decision {
  if (c.kind === 'exact') return always;
  if (c.kind === 'float') return `isfinite(${c.sql})`;
  if (c.kind === 'string') return matches(c, numericPattern);
  return wrongType;
}

/** KeyValueFormat: a JSON object whose values are all scalars (number, string, true, false, null). */
function keyValueObject(c: Column): Decision {
  if (c.kind !== 'json' && c.kind !== 'string') return wrongType;
  const json = c.kind === 'json' ? c.sql : `TRY_CAST(${c.sql} AS JSON)`;
  const scalars = `list_bool_and(list_transform(json_extract(${json}, '$.*'), v -> json_type(v) NOT IN ('OBJECT', 'ARRAY')))`;
  return `(${c.sql} IS NULL OR coalesce(json_type(${json}) = 'OBJECT' AND coalesce(${scalars}, TRUE), FALSE))`;
}

let currencies: string[] | undefined;

/** The ISO 4217 codes of currency_codes.csv (focus_validator, MIT). */
export function isoCurrencyCodes(): string[] {
  currencies ??= readFileSync(new URL('./currency_codes.csv', import.meta.url), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',')[1]?.trim() ?? '')
    .filter((code) => /^[A-Z]{3}$/.test(code));
  return currencies;
}

/** The same codes as an SQL list. */
function nationalCurrencies(): string {
  return `[${isoCurrencyCodes().map(quoteLiteral).join(', ')}]`;
}

export const formatTranslators = {
  TypeString: typed((c) => (c.kind === 'string' ? always : wrongType)),
  TypeDecimal: typed((c) => (c.kind === 'exact' || c.kind === 'float' ? always : wrongType)),
  TypeDateTime: typed((c) => {
    if (c.kind === 'timestamp' || c.kind === 'date') return always;
    return c.kind === 'string' ? isoDateTime(c) : wrongType;
  }),
  FormatString: typed((c) => (c.kind === 'string' ? always : wrongType)),
  FormatNumeric: typed(decimalValue),
  CheckDecimalValue: typed(decimalValue),
  FormatDateTime: typed((c) => {
    if (c.kind === 'timestamp') return always;
    return c.kind === 'string' ? isoDateTime(c) : wrongType;
  }),
  FormatCurrency: typed((c) => (c.kind === 'string' ? matches(c, currencyPattern) : wrongType)),
  // list_contains on a constant list runs far faster than IN (...) with 180 codes; NULL stays NULL.
  CheckNationalCurrency: typed((c) =>
    c.kind === 'string' ? `list_contains(${nationalCurrencies()}, ${c.sql})` : wrongType,
  ),
  FormatUnit: typed((c) => (c.kind === 'string' ? matches(c, unitPattern) : wrongType)),
  FormatKeyValue: typed(keyValueObject),
} satisfies Record<string, Translator>;

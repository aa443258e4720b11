/**
 * CUR column names and types. Legacy CUR (v1) names (`lineItem/UnblendedCost`, `resourceTags/user:Env`)
 * are normalized to the CUR 2.0 snake_case names (`line_item_unblended_cost`) with the rule AWS uses for
 * Athena: every capital letter starts a new word, anything not alphanumeric separates words. Tags, cost
 * categories and the product attributes outside CUR 2.0's fixed set become entries of the maps
 * `resource_tags`, `cost_category` and `product`, as in CUR 2.0, so one downstream mapping reads both.
 */
import { DECIMAL, type SqlType, TEXT, TIMESTAMP } from '../../warehouse/types.ts';
import { fixedProductColumns, knownColumn } from './known-columns.ts';

export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z])/g, '_$1')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase()
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * CUR 2.0's key-value columns (stored as JSON objects); `discount` holds amounts, the others text.
 * `tags` (CUR 2.0 only) keeps AWS's raw, un-normalized keys such as `resourceTags/department`.
 */
export const mapColumns = ['resource_tags', 'cost_category', 'product', 'discount', 'tags'] as const;
export type MapColumn = (typeof mapColumns)[number];

/** Where one delivered column goes in the normalized table. */
export type ColumnTarget =
  | { kind: 'column'; name: string }
  | { kind: 'map'; map: MapColumn; key: string }
  /** Already a map column (CUR 2.0). */
  | { kind: 'whole-map'; map: MapColumn };

/**
 * Classifies a legacy CUR CSV header (`category/Name`). Categories and the columns AWS documents match
 * whatever their case; a header AWS does not document is normalized by the camel-case rule.
 */
export function targetOfV1Column(header: string): ColumnTarget {
  const slash = header.indexOf('/');
  const category = slash < 0 ? '' : header.slice(0, slash).toLowerCase();
  const name = slash < 0 ? header : header.slice(slash + 1);
  if (category === 'resourcetags') return { kind: 'map', map: 'resource_tags', key: snakeCase(name) };
  if (category === 'costcategory') return { kind: 'map', map: 'cost_category', key: snakeCase(name) };
  if (category === 'discount') return { kind: 'map', map: 'discount', key: snakeCase(name) };
  const snake = knownColumn(header) ?? snakeCase(header);
  if (category === 'product' && !fixedProductColumns.has(snake)) {
    return { kind: 'map', map: 'product', key: snakeCase(name) };
  }
  return { kind: 'column', name: snake };
}

/** Classifies a snake_case column (CUR 2.0, or legacy CUR delivered as Parquet for Athena). */
export function targetOfSnakeColumn(name: string): ColumnTarget {
  if ((mapColumns as readonly string[]).includes(name)) return { kind: 'whole-map', map: name as MapColumn };
  for (const [prefix, map] of [
    ['resource_tags_', 'resource_tags'],
    ['cost_category_', 'cost_category'],
  ] as const) {
    if (name.startsWith(prefix)) return { kind: 'map', map, key: name.slice(prefix.length) };
  }
  if (name.startsWith('product_') && !fixedProductColumns.has(name)) {
    return { kind: 'map', map: 'product', key: name.slice('product_'.length) };
  }
  return { kind: 'column', name };
}

const timestampColumns = new Set([
  'bill_billing_period_start_date',
  'bill_billing_period_end_date',
  'line_item_usage_start_date',
  'line_item_usage_end_date',
]);

/** Identifiers that look numeric but are not numbers (leading zeros matter). */
const textColumns = /(_account_id|_id|_a_r_n|_arn|_code|_type|_sku|_name|_time|_date|_interval)$/;
const numericColumns =
  /(_cost|_rate|_amount|_fee|_fee_for_usage|_fee_for_billing_period|_value|_units|_quantity|_factor|_commitment|_commitment_to_date|_commitment_for_billing_period|_ratio|_usage|_split_cost|_unused_cost|_number_of_reservations|_units_per_reservation|_normalized_units_per_reservation|_discount)$/;

/**
 * The declared type of a normalized column. Known CUR columns are typed by name, so legacy CUR (whose
 * manifest says BigDecimal for rates) and CUR 2.0 (whose manifest says string for them) land alike;
 * a column the rules do not know takes the manifest's type, or stays text. Identifiers are always text.
 */
export function columnType(name: string, manifestType?: string): SqlType {
  if (/_account_id$|_invoice_id$|_a_r_n$/.test(name)) return TEXT;
  if (timestampColumns.has(name)) return TIMESTAMP;
  if (numericColumns.test(name)) return DECIMAL;
  if (textColumns.test(name)) return TEXT;
  return (manifestType && typeFromManifest(manifestType)) || TEXT;
}

function typeFromManifest(type: string): SqlType | undefined {
  const t = type.toLowerCase();
  // CUR manifest types (BigDecimal, DateTime, ...; double, timestamp, ...) and DuckDB's Parquet types.
  if (/^(optional)?bigdecimal$|^double$|^float$|^real$|^decimal|^(tiny|small|big|huge)?int(eger)?$/.test(t))
    return DECIMAL;
  if (/^datetime$|^timestamp|^date$/.test(t)) return TIMESTAMP;
  return undefined;
}

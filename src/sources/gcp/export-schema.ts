/**
 * The BigQuery billing export's row, as data: every field of the standard table
 * (`gcp_billing_export_v1_*`) and the detailed one's additions (`gcp_billing_export_resource_v1_*`:
 * resource, price), each with the DuckDB type it is read as. One list serves every form the export comes
 * in: the declared columns of newline-delimited JSON, the JSON shape a Parquet row is transformed to,
 * and the dotted headers of the flattened CSV (`service.id`, lists as Python-style text).
 *
 * Costs are FLOAT64 in BigQuery. They are read as DECIMAL(38,9), BigQuery's NUMERIC: the month query
 * casts them to NUMERIC text in BigQuery (Google's own advice for summing costs), files are rounded
 * to the same nine digits on read, and from there every sum is exact.
 */
export const COST = 'DECIMAL(38,9)';
/** Quantities and prices keep FOCUS's 18 fractional digits (pricing units are often 1e-5 GiB). */
export const QUANTITY = 'DECIMAL(38,18)';

export interface LeafField {
  name: string;
  type: string;
}

export interface ExportField {
  name: string;
  /** A scalar (or a timestamp read as text, converted to UTC by the stage). */
  type?: string;
  /** A RECORD: flattened to `<name>.<child>` in CSV. */
  children?: LeafField[];
  /** A REPEATED RECORD: one CSV column of Python-style list text. */
  items?: LeafField[];
}

const keyValue: LeafField[] = [
  { name: 'key', type: 'VARCHAR' },
  { name: 'value', type: 'VARCHAR' },
];

export const exportFields: ExportField[] = [
  { name: 'billing_account_id', type: 'VARCHAR' },
  {
    name: 'service',
    children: [
      { name: 'id', type: 'VARCHAR' },
      { name: 'description', type: 'VARCHAR' },
    ],
  },
  {
    name: 'sku',
    children: [
      { name: 'id', type: 'VARCHAR' },
      { name: 'description', type: 'VARCHAR' },
    ],
  },
  { name: 'usage_start_time', type: 'VARCHAR' },
  { name: 'usage_end_time', type: 'VARCHAR' },
  {
    name: 'project',
    children: [
      { name: 'id', type: 'VARCHAR' },
      { name: 'number', type: 'VARCHAR' },
      { name: 'name', type: 'VARCHAR' },
      { name: 'labels', type: 'STRUCT(key VARCHAR, value VARCHAR)[]' },
      { name: 'ancestry_numbers', type: 'VARCHAR' },
      { name: 'ancestors', type: 'STRUCT(resource_name VARCHAR, display_name VARCHAR)[]' },
    ],
  },
  { name: 'labels', items: keyValue },
  { name: 'system_labels', items: keyValue },
  {
    name: 'tags',
    items: [...keyValue, { name: 'inherited', type: 'BOOLEAN' }, { name: 'namespace', type: 'VARCHAR' }],
  },
  {
    name: 'location',
    children: [
      { name: 'location', type: 'VARCHAR' },
      { name: 'country', type: 'VARCHAR' },
      { name: 'region', type: 'VARCHAR' },
      { name: 'zone', type: 'VARCHAR' },
    ],
  },
  {
    name: 'resource',
    children: [
      { name: 'name', type: 'VARCHAR' },
      { name: 'global_name', type: 'VARCHAR' },
    ],
  },
  { name: 'export_time', type: 'VARCHAR' },
  { name: 'cost', type: COST },
  { name: 'cost_at_list', type: COST },
  { name: 'currency', type: 'VARCHAR' },
  { name: 'currency_conversion_rate', type: QUANTITY },
  {
    name: 'usage',
    children: [
      { name: 'amount', type: QUANTITY },
      { name: 'unit', type: 'VARCHAR' },
      { name: 'amount_in_pricing_units', type: QUANTITY },
      { name: 'pricing_unit', type: 'VARCHAR' },
    ],
  },
  {
    name: 'credits',
    items: [
      { name: 'name', type: 'VARCHAR' },
      { name: 'amount', type: COST },
      { name: 'full_name', type: 'VARCHAR' },
      { name: 'id', type: 'VARCHAR' },
      { name: 'type', type: 'VARCHAR' },
    ],
  },
  {
    name: 'invoice',
    children: [
      { name: 'month', type: 'VARCHAR' },
      { name: 'publisher_type', type: 'VARCHAR' },
    ],
  },
  { name: 'cost_type', type: 'VARCHAR' },
  {
    name: 'adjustment_info',
    children: [
      { name: 'id', type: 'VARCHAR' },
      { name: 'description', type: 'VARCHAR' },
      { name: 'mode', type: 'VARCHAR' },
      { name: 'type', type: 'VARCHAR' },
    ],
  },
  { name: 'transaction_type', type: 'VARCHAR' },
  { name: 'seller_name', type: 'VARCHAR' },
  { name: 'subscription', children: [{ name: 'instance_id', type: 'VARCHAR' }] },
  {
    name: 'price',
    children: [
      { name: 'effective_price', type: QUANTITY },
      { name: 'tier_start_amount', type: QUANTITY },
      { name: 'unit', type: 'VARCHAR' },
      { name: 'pricing_unit_quantity', type: QUANTITY },
    ],
  },
];

/** Columns of export copies that are not part of the row (partition pseudo-columns, koku's extras). */
export const ignoredColumns = new Set(['partition_date', '_PARTITIONTIME', '_PARTITIONDATE']);

const structOf = (fields: LeafField[]) => `STRUCT(${fields.map((f) => `${f.name} ${f.type}`).join(', ')})`;

/** The DuckDB type of a top-level field. */
export function fieldType(f: ExportField): string {
  if (f.children) return structOf(f.children);
  if (f.items) return `${structOf(f.items)}[]`;
  return f.type as string;
}

/** `read_json`'s columns: every field by its DuckDB type. */
export function jsonColumns(): Record<string, string> {
  return Object.fromEntries(exportFields.map((f) => [f.name, fieldType(f)]));
}

/** The flattened CSV's header names: `service.id`, `labels`, ... */
export function csvColumns(): Map<string, { field: ExportField; child?: LeafField }> {
  const out = new Map<string, { field: ExportField; child?: LeafField }>();
  for (const field of exportFields) {
    if (field.children)
      for (const child of field.children) out.set(`${field.name}.${child.name}`, { field, child });
    else out.set(field.name, { field });
  }
  return out;
}

/**
 * The catalog's views as data, written once and spelled by each engine (dialects.ts): a view per
 * provider with readable columns, `focus_all` over every provider in the FOCUS columns, and monthly
 * rollups by provider, service and account of the costs and of the allocated costs. Because every
 * engine's view comes from the same model, running the Trino spelling (in the tests, with DuckDB)
 * checks the Athena and Spark ones too.
 */
import { focusColumns } from '../../focus/columns.ts';
import type { LakeColumn } from './lake-table.ts';

export type ViewItem =
  | { kind: 'all' }
  | { kind: 'column'; name: string; as?: string }
  | { kind: 'null'; type: string; as: string }
  | { kind: 'tag'; key: string; as: string }
  | { kind: 'count'; as: string }
  | { kind: 'sum'; name: string; as: string }
  | { kind: 'max'; name: string; as: string };

export interface ViewDef {
  name: string;
  comment: string;
  from: string;
  items: ViewItem[];
  /** `column = 'value'`, or `column IS NULL` when value is null. */
  where?: { column: string; value: string | null };
  /** Group by these columns (the view's plain column items). */
  groupBy?: string[];
}

export interface ProviderShape {
  slug: string;
  /** Its own x_ columns (the ones it fills). */
  extras: string[];
  /** Tag keys worth a column: its most used ones. */
  tagKeys: string[];
}

/** Tag keys every engine's JSON path and identifiers take without escaping; others stay in Tags. */
export const safeTagKey = /^[A-Za-z0-9_ .:/=+@-]{1,128}$/;

export function tagColumn(key: string): string {
  const name = key
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return `tag_${name || 'key'}`;
}

const periodColumns: ViewItem[] = [
  { kind: 'column', name: 'billing_period' },
  { kind: 'column', name: 'billing_period_status' },
];

export function providerView(p: ProviderShape, table: LakeColumn[]): ViewDef {
  const have = new Set(table.map((c) => c.name));
  const names = new Set<string>();
  const tags: ViewItem[] = [];
  for (const key of p.tagKeys) {
    const as = tagColumn(key);
    // Two spellings of one key (Cost Center, cost-center) would make the same column: the first wins.
    if (names.has(as) || have.has(as)) continue;
    names.add(as);
    tags.push({ kind: 'tag', key, as });
  }
  return {
    name: `focus_${p.slug.replace(/-/g, '_')}`,
    comment: `${p.slug}: its rows, its own x_ columns, and its most used tags as columns.`,
    from: 'focus_costs',
    items: [
      ...focusColumns
        .filter((c) => have.has(c.name))
        .map((c): ViewItem => ({ kind: 'column', name: c.name })),
      ...p.extras.filter((x) => have.has(x)).map((x): ViewItem => ({ kind: 'column', name: x })),
      ...tags,
      ...periodColumns,
    ],
    where: { column: 'provider', value: p.slug },
  };
}

export function focusAllView(table: LakeColumn[]): ViewDef {
  const types = new Map(table.map((c) => [c.name, c.type]));
  return {
    name: 'focus_all',
    comment: 'Every provider in the FOCUS columns; a column the lake lacks is a typed null.',
    from: 'focus_costs',
    items: [
      ...focusColumns.map(
        (c): ViewItem =>
          types.has(c.name)
            ? { kind: 'column', name: c.name }
            : { kind: 'null', type: nullType(c.type), as: c.name },
      ),
      { kind: 'column', name: 'provider' },
      ...periodColumns,
    ],
  };
}

function nullType(focusType: string): string {
  if (focusType === 'Decimal') return 'DECIMAL(38,18)';
  if (focusType === 'DateTime') return 'TIMESTAMP WITH TIME ZONE';
  return 'VARCHAR';
}

const rollupDimensions = {
  provider: { keys: [], labels: [] },
  service: { keys: ['ServiceCategory', 'ServiceName'], labels: [] },
  account: {
    keys: ['BillingAccountId', 'SubAccountId'],
    labels: [
      { name: 'BillingAccountName', as: 'BillingAccountName' },
      { name: 'SubAccountName', as: 'SubAccountName' },
    ],
  },
} as const;

export type RollupDimension = keyof typeof rollupDimensions;
export const rollupDimensionNames = Object.keys(rollupDimensions) as RollupDimension[];

const measures: ViewItem[] = [
  { kind: 'count', as: 'row_count' },
  { kind: 'sum', name: 'BilledCost', as: 'billed_cost' },
  { kind: 'sum', name: 'EffectiveCost', as: 'effective_cost' },
  { kind: 'sum', name: 'ListCost', as: 'list_cost' },
  { kind: 'sum', name: 'ContractedCost', as: 'contracted_cost' },
];

/**
 * Monthly totals per currency of focus_costs (by the provider partition) or allocated_costs (by
 * ServiceProviderName), by provider, service or account. Costs are never summed across currencies.
 */
export function rollupView(table: 'focus_costs' | 'allocated_costs', by: RollupDimension): ViewDef {
  const head =
    table === 'focus_costs'
      ? ['provider', 'billing_period', 'billing_period_status']
      : ['ServiceProviderName', 'billing_period'];
  const keys = [...head, 'BillingCurrency', ...rollupDimensions[by].keys];
  const prefix = table === 'focus_costs' ? 'focus' : 'allocated';
  return {
    name: `${prefix}_monthly_by_${by}`,
    comment: `Monthly ${table} per ${by} and currency: rows and the four cost columns.`,
    from: table,
    items: [
      ...keys.map((name): ViewItem => ({ kind: 'column', name })),
      ...rollupDimensions[by].labels.map((l): ViewItem => ({ kind: 'max', name: l.name, as: l.as })),
      ...measures,
    ],
    groupBy: keys,
  };
}

export function openAnomaliesView(): ViewDef {
  return {
    name: 'anomalies_open',
    comment: 'Anomalies whose series has not come back to normal yet.',
    from: 'anomalies',
    items: [{ kind: 'all' }],
    where: { column: 'resolved_at', value: null },
  };
}

/**
 * What the charts can be grouped and filtered by: a fixed list of aggregate columns (their SQL is
 * written here, never taken from a request), plus any tag key, which is a bound value. Filters are
 * bound parameters: `(... $service IS NULL OR service_name = $service ...)`.
 */
import type { Params } from '../warehouse/warehouse.ts';
import { badRequest, type Query } from './params.ts';

interface Dimension {
  title: string;
  /** The aggregate column that identifies a value. */
  key: string;
  /** What to show for a value (a row-level expression over the same table). */
  label: string;
  /** daily_tag_costs has the column too, so the filter works when grouping by a tag. */
  inTagTable: boolean;
}

export const dimensions = {
  provider: { title: 'Provider', key: 'provider', label: 'provider', inTagTable: true },
  service: { title: 'Service', key: 'service_name', label: 'service_name', inTagTable: true },
  category: {
    title: 'Service category',
    key: 'service_category',
    label: 'service_category',
    inTagTable: false,
  },
  account: {
    title: 'Account',
    key: 'sub_account_id',
    label: 'coalesce(sub_account_name, sub_account_id)',
    inTagTable: true,
  },
  region: { title: 'Region', key: 'region_id', label: 'region_id', inTagTable: true },
  charge: { title: 'Charge category', key: 'charge_category', label: 'charge_category', inTagTable: false },
} as const satisfies Record<string, Dimension>;

export type DimensionName = keyof typeof dimensions;
export const dimensionNames = Object.keys(dimensions) as DimensionName[];

export type GroupBy = { kind: 'dimension'; name: DimensionName } | { kind: 'tag'; key: string };

export function parseGroupBy(q: Query, fallback: DimensionName): GroupBy {
  const value = q.text('groupBy') ?? fallback;
  if (value.startsWith('tag:')) {
    const key = value.slice(4);
    if (key === '') throw badRequest('groupBy=tag: needs a tag key, e.g. groupBy=tag:environment');
    return { kind: 'tag', key };
  }
  if (!(dimensionNames as string[]).includes(value)) {
    throw badRequest(
      `groupBy must be one of ${dimensionNames.join(', ')} or tag:KEY, not ${JSON.stringify(value)}`,
    );
  }
  return { kind: 'dimension', name: value as DimensionName };
}

export function groupByText(g: GroupBy): string {
  return g.kind === 'tag' ? `tag:${g.key}` : g.name;
}

/**
 * The filters of a request, as bound parameters for the tables the query reads: `costs` (daily_costs,
 * monthly_costs) or `tags` (daily_tag_costs, which has fewer columns).
 */
export function parseFilters(q: Query, table: 'costs' | 'tags'): Params {
  const params: Params = {};
  for (const name of dimensionNames) {
    const value = q.text(name) ?? null;
    if (table === 'tags' && !dimensions[name].inTagTable) {
      if (value !== null) throw badRequest(`the ${name} filter does not apply when grouping by a tag`);
      continue;
    }
    params[name] = value;
  }
  return params;
}

/** `(... AND ...)`: each filter of the table, every one a bound parameter that may be null (no filter). */
export function filterSql(table: 'costs' | 'tags'): string {
  const tests = dimensionNames
    .filter((name) => table === 'costs' || dimensions[name].inTagTable)
    .map((name) => `($${name} IS NULL OR ${dimensions[name].key} = $${name})`);
  return `(${tests.join(' AND ')})`;
}

export const metrics = { effective: 'effective_cost', billed: 'billed_cost' } as const;
export type Metric = keyof typeof metrics;
export const metricNames = Object.keys(metrics) as Metric[];

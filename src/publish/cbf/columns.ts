/**
 * The CBF columns a drop carries (before its `resource/tag:<key>` columns), in file order, and the
 * scope every query of an export shares. The names must match the aliases in rows.sql; the mapping
 * itself, column by column, is documented there and in this folder's README.
 */
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { Params } from '../../warehouse/warehouse.ts';

export const baseColumns = [
  'lineitem/type',
  'lineitem/description',
  'lineitem/cloud_provider',
  'time/usage_start',
  'resource/id',
  'resource/service',
  'resource/account',
  'resource/region',
  'usage/amount',
  'usage/units',
  'cost/cost',
  'cost/amortized_cost',
  'cost/on_demand_cost',
  'bill/invoice_id',
] as const;

export const costColumns = ['cost/cost', 'cost/amortized_cost', 'cost/on_demand_cost'] as const;

/** Which rows of focus.costs an export covers. Months are billing periods, `YYYY-MM`. */
export interface CbfScope {
  period?: string;
  /** First and last month, both included. */
  start?: string;
  end?: string;
  /** ServiceProviderName (or ProviderName), any case. */
  provider?: string;
  /** BillingCurrency: CBF has no currency column, so a drop holds one. */
  currency?: string;
}

export function scopeParams(scope: CbfScope): Params {
  return {
    period: scope.period ?? null,
    start: scope.start ?? null,
    end: scope.end ?? null,
    provider: scope.provider ?? null,
    currency: scope.currency ?? null,
  };
}

/** A `.sql` file of this folder with the shared scope predicate (scope.sql) and other fragments filled in. */
export function cbfSql(name: string, fragments: Record<string, string> = {}): string {
  return fillTemplate(readSql(import.meta.url, name), {
    scope: readSql(import.meta.url, 'scope.sql').replace(/^--.*\n/gm, ''),
    ...fragments,
  });
}

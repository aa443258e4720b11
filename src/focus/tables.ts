/** Where FOCUS rows live: `focus.<kind>_YYYY_MM` per source kind and period, `focus.costs` over all. */
import { type PeriodTableSet, periodTable } from '../warehouse/period-tables.ts';
import type { SliceSpec } from '../warehouse/reconcile.ts';
import { emptyFocusRelation } from './relation.ts';

export const FOCUS_SCHEMA = 'focus';

export function focusTables(prefix: string): PeriodTableSet {
  return {
    schema: FOCUS_SCHEMA,
    prefix,
    view: 'costs',
    covers: /^[a-z][a-z0-9]*(_[a-z0-9]+)*_\d{4}_\d{2}$/,
    sourceColumn: 'x_SourceName',
    emptyView: emptyFocusRelation,
  };
}

/** One source's published FOCUS rows of a period as reconciliation sums them: BilledCost per currency. */
export function billedCost(set: PeriodTableSet, period: string, sourceName: string): SliceSpec {
  return {
    table: periodTable(set, period),
    sourceColumn: set.sourceColumn,
    sourceName,
    costColumn: 'BilledCost',
    currencyColumn: 'BillingCurrency',
  };
}

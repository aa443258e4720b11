/** Where FOCUS rows live: `focus.<kind>_YYYY_MM` per source kind and period, `focus.costs` over all. */
import type { PeriodTableSet } from '../warehouse/period-tables.ts';
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

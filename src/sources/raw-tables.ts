/**
 * Where a provider's typed raw rows live: `<schema>.billing_YYYY_MM`, one table per billing period
 * holding every source of that provider (each row's source in `finops_source_name`), under the view
 * `<schema>.billing`. The same layout for every provider, so an analyst who knows `aws_billing.billing`
 * knows `azure_billing.billing`; the FOCUS side is `focusTables` (src/focus/tables.ts).
 */
import type { PeriodTableSet } from '../warehouse/period-tables.ts';

export function rawTables(schema: string): PeriodTableSet {
  return {
    schema,
    prefix: 'billing',
    view: 'billing',
    covers: /^billing_\d{4}_\d{2}$/,
    sourceColumn: 'finops_source_name',
  };
}

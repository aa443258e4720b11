/**
 * Checks on a staged CUR period before anything is published: it is a Cost and Usage Report, and every
 * row belongs to the delivery's billing period.
 */

import type { BillingPeriod } from '../../billing-period.ts';
import { inputError } from '../../errors.ts';
import { type ObjectStore, objectUrl } from '../../stores/store.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { notThisFormat } from '../formats.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import type { ColumnPlan } from './column-plan.ts';
import { COST, CURRENCY } from './reconcile.ts';

const required = [COST, CURRENCY, 'bill_billing_period_start_date'];

/** Before anything is read: the file is a Cost and Usage Report, or the refusal says what it is. */
export function checkHeader(plan: ColumnPlan, headers: string[], file: LocalDataFile): void {
  const have = new Set(plan.columns.map((c) => c.name));
  const missing = required.find((name) => !have.has(name));
  if (missing) {
    throw notThisFormat(
      { name: 'an AWS Cost and Usage Report', command: 'finops aws import-cur' },
      headers,
      file.url,
      `the column ${missing} is missing`,
    );
  }
}

/** Every row of a period's delivery belongs to that billing period; anything else is a broken delivery. */
export async function checkPeriod(
  w: Warehouse,
  store: ObjectStore,
  period: BillingPeriod,
  table: string,
): Promise<void> {
  const stray = await w.one<{ file: string; period: string; n: number }>(
    `SELECT finops_source_file AS file, strftime(bill_billing_period_start_date, '%Y-%m') AS period,
            count(*)::INTEGER AS n
     FROM ${table}
     WHERE bill_billing_period_start_date IS DISTINCT FROM $start::TIMESTAMPTZ
     GROUP BY ALL ORDER BY n DESC LIMIT 1`,
    { start: period.start },
  );
  if (stray) {
    throw inputError(
      `${stray.n} row(s) belong to billing period ${stray.period ?? '(none)'}, but the delivery is for ${period.label}`,
      { file: objectUrl(store, stray.file) },
    );
  }
}

/** The AWS CUR source's tables: raw rows in aws_billing.billing_YYYY_MM, FOCUS rows in focus.aws_cur_YYYY_MM. */
import { focusTables } from '../../focus/tables.ts';
import type { PeriodTableSet } from '../../warehouse/period-tables.ts';

export const rawTables: PeriodTableSet = {
  schema: 'aws_billing',
  prefix: 'billing',
  view: 'billing',
  covers: /^billing_\d{4}_\d{2}$/,
  sourceColumn: 'finops_source_name',
};

export const focusAwsTables = focusTables('aws_cur');

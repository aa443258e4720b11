/** The AWS CUR source's tables: raw rows in aws_billing.billing_YYYY_MM, FOCUS rows in focus.aws_cur_YYYY_MM. */
import { focusTables } from '../../focus/tables.ts';
import { rawTables } from '../raw-tables.ts';

export const rawAwsTables = rawTables('aws_billing');
export const focusAwsTables = focusTables('aws_cur');

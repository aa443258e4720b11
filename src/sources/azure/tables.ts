/**
 * The Azure source's tables. Cost details rows (ActualCost and AmortizedCost exports, EA and MCA) land
 * typed in azure_billing.billing_YYYY_MM; FocusCost rows are FOCUS already and have no raw table. Both
 * kinds become FOCUS rows in focus.azure_YYYY_MM (part of focus.costs), one table per billing month
 * holding every Azure source, each source's month replaced whole.
 */
import { focusTables } from '../../focus/tables.ts';
import { rawTables } from '../raw-tables.ts';

export const SOURCE_TYPE = 'azure';

export const rawAzureTables = rawTables('azure_billing');

export const focusAzureTables = focusTables('azure');

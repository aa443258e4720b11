/**
 * The Google Cloud billing export's tables: raw rows in gcp_billing.billing_YYYY_MM (flattened and
 * typed), FOCUS rows in focus.gcp_YYYY_MM (part of focus.costs). A period is an invoice month.
 */
import { focusTables } from '../../focus/tables.ts';
import { rawTables } from '../raw-tables.ts';

export const SOURCE_TYPE = 'gcp';

export const rawGcpTables = rawTables('gcp_billing');

export const focusGcpTables = focusTables('gcp');

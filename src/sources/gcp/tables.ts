/**
 * The Google Cloud billing export's tables: raw rows in gcp_billing.billing_YYYY_MM (flattened and
 * typed), FOCUS rows in focus.gcp_YYYY_MM (part of focus.costs). A period is an invoice month.
 */
import { focusTables } from '../../focus/tables.ts';
import type { PeriodTableSet } from '../../warehouse/period-tables.ts';

export const SOURCE_TYPE = 'gcp';

export const rawGcpTables: PeriodTableSet = {
  schema: 'gcp_billing',
  prefix: 'billing',
  view: 'billing',
  covers: /^billing_\d{4}_\d{2}$/,
  sourceColumn: 'finops_source_name',
};

export const focusGcpTables = focusTables('gcp');

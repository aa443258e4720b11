/**
 * The Alibaba Cloud source's tables: raw rows in alibaba_billing.billing_YYYY_MM (typed as delivered),
 * FOCUS rows in focus.alibaba_YYYY_MM (part of focus.costs). Both hold every batch of the period, each
 * batch marked so that a re-delivery replaces exactly its own rows.
 */
import { focusTables } from '../../focus/tables.ts';
import { rawTables } from '../raw-tables.ts';

export const SOURCE_TYPE = 'alibaba';

export const rawAlibabaTables = rawTables('alibaba_billing');

export const focusAlibabaTables = focusTables('alibaba');

/** The columns that mark a row's source, load and batch, in each table. */
export const rawLineage = {
  source: 'finops_source_name',
  load: 'finops_load_id',
  file: 'finops_source_file',
  batch: 'finops_batch',
  timezone: 'finops_timezone',
} as const;

export const focusLineage = {
  source: 'x_SourceName',
  load: 'x_LoadId',
  file: 'x_SourceFile',
  batch: 'x_BatchId',
} as const;

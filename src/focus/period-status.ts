/**
 * Billing-period status: whether the provider has finalized a period (its invoice is issued and the
 * data will not change), derived from focus.costs alone. The rules per provider are in
 * period-status.sql; for GCP and providers without a rule of their own it is a heuristic.
 */
import type { Config } from '../config/schema.ts';
import { relationExists } from '../warehouse/relations.ts';
import { readSql } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

export type PeriodStatus = 'final' | 'open';

export interface PeriodStatusRow {
  /** ServiceProviderName as it is in the data. */
  provider: string;
  /** YYYY-MM */
  billing_period: string;
  status: PeriodStatus;
  /** Which rule decided: aws, azure, gcp or invoice. */
  rule: string;
  reason: string;
  rows: string;
  invoiced_rows: string;
  source_types: string | null;
}

export interface PeriodStatusOptions {
  /** The day the status is judged on (GCP's window); default today (UTC). */
  asOf?: Date;
  /** Days after an invoice month during which Google may still change it (default 15). */
  gcpLateDays?: number;
}

export const defaultGcpLateDays = 15;

/** Google's late-days window: the longest configured for a GCP export, else the default. */
export function gcpLateDays(config: Pick<Config, 'gcp'>): number {
  const days = Object.values(config.gcp.exports).map((e) => e.late_days ?? defaultGcpLateDays);
  return days.length ? Math.max(...days) : defaultGcpLateDays;
}

export async function periodStatuses(
  w: Warehouse,
  options: PeriodStatusOptions = {},
): Promise<PeriodStatusRow[]> {
  if (!(await hasFocusCosts(w))) return [];
  return w.all<PeriodStatusRow & Record<string, never>>(readSql(import.meta.url, 'period-status.sql'), {
    as_of: (options.asOf ?? new Date()).toISOString().slice(0, 10),
    gcp_late_days: options.gcpLateDays ?? defaultGcpLateDays,
  });
}

const hasFocusCosts = (w: Warehouse) => relationExists(w, 'focus', 'costs');

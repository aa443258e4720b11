/**
 * Tag compliance of one billing period as plain data, for `finops tags report` and the dashboard: spend
 * by compliance, the largest non-compliant resources, accounts and services, and the keys that are
 * wrong most expensively. Every figure is per currency; costs are exact decimal text.
 */
import { fillTemplate, quoteIdent, readSql } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { fromUnits, toUnits } from './decimal.ts';
import { governedCosts, pickPeriod } from './governed-costs.ts';

export type CostMetric = 'EffectiveCost' | 'BilledCost';

export interface ComplianceRow {
  currency: string;
  /** compliant, missing, invalid, or ungoverned (loaded before the policy; run `finops tags apply`). */
  compliance: string;
  rows: number;
  cost: string;
  /** Share of the currency's spend, in percent. */
  percent: number | null;
}

export interface OffenderRow {
  currency: string;
  /** ResourceId, SubAccountId or ServiceName. */
  name: string;
  /** ResourceName / SubAccountName / ServiceCategory, when known. */
  label: string | null;
  rows: number;
  cost: string;
  /** e.g. ['missing:owner', 'invalid:environment']. */
  violations: string[];
}

export interface KeyRow {
  currency: string;
  key: string;
  problem: 'missing' | 'invalid';
  rows: number;
  cost: string;
}

export interface TagReport {
  period: string | null;
  metric: CostMetric;
  compliance: ComplianceRow[];
  resources: OffenderRow[];
  accounts: OffenderRow[];
  services: OffenderRow[];
  keys: KeyRow[];
}

export interface TagReportOptions {
  /** YYYY-MM; the newest period when absent. */
  period?: string;
  metric?: CostMetric;
  /** Rows in each top list (default 10). */
  limit?: number;
}

const dimensions = {
  resources: { dimension: "coalesce(ResourceId, '(no resource)')", label: 'max(ResourceName)' },
  accounts: { dimension: "coalesce(SubAccountId, '(none)')", label: 'max(SubAccountName)' },
  services: { dimension: "coalesce(ServiceName, '(none)')", label: 'max(ServiceCategory)' },
};

export async function tagReport(w: Warehouse, options: TagReportOptions = {}): Promise<TagReport> {
  const metric = options.metric ?? 'EffectiveCost';
  const period = await pickPeriod(w, options.period);
  const empty = {
    period: period ?? null,
    metric,
    compliance: [],
    resources: [],
    accounts: [],
    services: [],
    keys: [],
  };
  if (!period) return empty;
  const fragments = { costs: await governedCosts(w), metric: quoteIdent(metric) };
  const sql = (name: string, extra: Record<string, string> = {}) =>
    fillTemplate(readSql(import.meta.url, `tag-report/${name}`), { ...fragments, ...extra });
  const limit = options.limit ?? 10;
  const offenders = (d: keyof typeof dimensions) =>
    w.all<OffenderRow & Record<string, never>>(sql('offenders.sql', dimensions[d]), { period, limit });
  return {
    period,
    metric,
    compliance: await w.all<ComplianceRow & Record<string, never>>(sql('compliance.sql'), { period }),
    resources: await offenders('resources'),
    accounts: await offenders('accounts'),
    services: await offenders('services'),
    keys: await w.all<KeyRow & Record<string, never>>(sql('worst-keys.sql'), { period }),
  };
}

/** Non-compliant (missing or invalid) spend and its share, per currency. */
export function untaggedSpend(
  report: TagReport,
): { currency: string; cost: string; percent: number; total: string }[] {
  const byCurrency = new Map<string, { untagged: bigint; total: bigint }>();
  for (const row of report.compliance) {
    const entry = byCurrency.get(row.currency) ?? { untagged: 0n, total: 0n };
    const amount = toUnits(row.cost);
    entry.total += amount;
    if (row.compliance === 'missing' || row.compliance === 'invalid') entry.untagged += amount;
    byCurrency.set(row.currency, entry);
  }
  return [...byCurrency].map(([currency, e]) => ({
    currency,
    cost: fromUnits(e.untagged),
    total: fromUnits(e.total),
    // A share for display and thresholds; the amounts themselves stay exact.
    percent: e.total === 0n ? 0 : Number((e.untagged * 1_000_000n) / e.total) / 10_000,
  }));
}

/**
 * `/api/tags?period=&currency=`: tag compliance and unallocated cost of a billing period, from the
 * governance step (src/govern): spend by compliance, the keys and the resources, accounts and services
 * that miss or break the policy most expensively, and the showback by the policy's owner key (whose
 * Unallocated row is the cost nobody owns). Reads focus.costs itself, not the aggregates (the policy's
 * columns are per row), once per period while the warehouse is open.
 */
import { type Showback, showback } from '../../govern/showback.ts';
import { type TagReport, tagReport, untaggedSpend } from '../../govern/tag-report.ts';
import type { Session } from '../access.ts';
import { tableExists } from '../aggregates/status.ts';
import type { Query } from '../params.ts';
import { pickCurrency } from './meta.ts';

export const tagsParams = ['period', 'currency', 'limit'] as const;

/** The panel has data once a tag policy has been applied to some load (`x_TagCompliance` exists). */
export function tagComplianceSource(s: Session): Promise<{ available: boolean }> {
  return s.memo('tags-source', async () => {
    if (!(await tableExists(s.w, 'focus', 'costs'))) return { available: false };
    const row = await s.w.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM information_schema.columns
       WHERE table_schema = 'focus' AND table_name = 'costs' AND column_name = 'x_TagCompliance'`,
    );
    return { available: (row?.n ?? 0) > 0 };
  });
}

export async function tags(s: Session, q: Query) {
  const limit = q.limit('limit', 10, 100);
  const currency = await pickCurrency(s, q.currency());
  if (!(await tagComplianceSource(s)).available || !currency) {
    return {
      available: false,
      message: 'no tag policy has been applied yet: configure [govern.tags] and run finops tags apply',
    };
  }
  const period = q.period('period') ?? currency.periods[currency.periods.length - 1] ?? '';
  const owner = s.owner;
  const [report, owners] = await s.memo(`tags ${period} ${limit}`, async () => {
    const r = await tagReport(s.w, { period, limit });
    const o = owner
      ? await showback(s.w, { key: owner.key, period, unallocated: owner.unallocated })
      : undefined;
    return [r, o] as [TagReport, Showback | undefined];
  });
  const mine = <T extends { currency: string }>(rows: T[]) =>
    rows.filter((r) => r.currency === currency.code);
  return {
    available: true,
    currency: currency.code,
    period,
    metric: report.metric,
    untagged: untaggedSpend(report).find((u) => u.currency === currency.code) ?? null,
    compliance: mine(report.compliance),
    keys: mine(report.keys),
    resources: mine(report.resources),
    accounts: mine(report.accounts),
    services: mine(report.services),
    owners: owners
      ? { key: owners.key, allocated: owners.allocated, stale: owners.stale, rows: mine(owners.rows) }
      : null,
  };
}

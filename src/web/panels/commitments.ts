/**
 * `/api/commitments?period=&currency=`: utilization of each commitment discount (used against unused
 * EffectiveCost, from FOCUS CommitmentDiscountStatus) and coverage of eligible usage.
 */
import { readSql } from '../../warehouse/sql.ts';
import type { Session } from '../access.ts';
import type { Query } from '../params.ts';
import { pickCurrency } from './currency.ts';

export const commitmentsParams = ['period', 'currency'] as const;

type CommitmentRow = { id: string | null } & Record<string, string | number | null>;
type CoverageRow = { category: string | null } & Record<string, string | number | null>;

export async function commitments(s: Session, q: Query) {
  const currency = await pickCurrency(s, q.currency());
  if (!currency) return { currency: null, commitments: [], coverage: { categories: [] } };
  const period = q.period('period') ?? currency.periods[currency.periods.length - 1] ?? '';
  const params = { currency: currency.code, period };
  const rows = await s.w.all<CommitmentRow>(readSql(import.meta.url, 'commitments.sql'), params);
  const coverage = await s.w.all<CoverageRow>(readSql(import.meta.url, 'coverage.sql'), params);
  const total = rows.find((r) => r.id === null);
  const coverageTotal = coverage.find((r) => r.category === null);
  return {
    currency: currency.code,
    period,
    utilization: total
      ? { used: total.used, unused: total.unused, purchased: total.purchased, utilization: total.utilization }
      : null,
    commitments: rows.filter((r) => r.id !== null).slice(0, 200),
    coverage: {
      covered: coverageTotal?.covered ?? '0.00',
      onDemand: coverageTotal?.onDemand ?? '0.00',
      coverage: coverageTotal?.coverage ?? null,
      categories: coverage.filter((r) => r.category !== null),
    },
  };
}

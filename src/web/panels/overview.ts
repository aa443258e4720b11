/**
 * `/api/overview?period=YYYY-MM&currency=USD`: billed and effective cost of a billing period against
 * the period before, per provider, and the last twelve periods for the month-over-month chart.
 */
import { readSql } from '../../warehouse/sql.ts';
import type { Session } from '../access.ts';
import { previousPeriod, type Query } from '../params.ts';
import { pickCurrency } from './currency.ts';

export const overviewParams = ['period', 'currency'] as const;

type ProviderRow = {
  provider: string | null;
  billed: string;
  effective: string;
  previousBilled: string;
  previousEffective: string;
  through: string | null;
};

/** (current - previous) / |previous|; null when there was nothing before. */
export function change(current: string, previous: string): number | null {
  const before = Number(previous);
  return before === 0 ? null : (Number(current) - before) / Math.abs(before);
}

function monthsBack(period: string, n: number): string {
  let p = period;
  for (let i = 0; i < n; i++) p = previousPeriod(p);
  return p;
}

export async function overview(s: Session, q: Query) {
  const currency = await pickCurrency(s, q.currency());
  if (!currency) return { currency: null, period: null, providers: [], months: [] };
  const period = q.period('period') ?? currency.periods[currency.periods.length - 1] ?? '';
  const previous = previousPeriod(period);
  const rows = await s.w.all<ProviderRow>(readSql(import.meta.url, 'overview.sql'), {
    currency: currency.code,
    period,
    previous,
  });
  const total = rows.find((r) => r.provider === null);
  const withChange = (r: ProviderRow) => ({
    ...r,
    billedChange: change(r.billed, r.previousBilled),
    effectiveChange: change(r.effective, r.previousEffective),
  });
  const months = await s.w.all(readSql(import.meta.url, 'months.sql'), {
    currency: currency.code,
    first: monthsBack(period, 11),
    period,
  });
  return {
    currency: currency.code,
    period,
    previousPeriod: previous,
    through: total?.through ?? null,
    total: total ? withChange(total) : null,
    providers: rows.filter((r) => r.provider !== null).map(withChange),
    months,
  };
}

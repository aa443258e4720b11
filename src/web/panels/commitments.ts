/**
 * `/api/commitments?period=&currency=`: the commitments of one period in one currency, as `finops
 * commitments` reports them (govern/commitments.ts: one definition of used, unused, savings and
 * coverage for the command and the page), money rounded to cents for the page.
 */

import { roundDecimal } from '../../format.ts';
import { type CommitmentReport, type CoverageRow, commitmentReport } from '../../govern/commitments.ts';
import { addDecimal } from '../../money.ts';
import type { Session } from '../access.ts';
import type { Query } from '../params.ts';
import { pickCurrency } from './currency.ts';

export const commitmentsParams = ['period', 'currency'] as const;

const cents = (v: string | null) => (v === null ? null : roundDecimal(v, 2));

export async function commitments(s: Session, q: Query) {
  const currency = await pickCurrency(s, q.currency());
  if (!currency) return { currency: null, commitments: [], coverage: { categories: [] } };
  const period = q.period('period') ?? currency.periods[currency.periods.length - 1] ?? '';
  // Read from focus.costs once per period while the warehouse stays as it is (a load starts a new session).
  const report = await s.memo(`commitments:${period}`, () => commitmentReport(s.w, { period }));
  const total = report.totals.find((t) => t.currency === currency.code);
  const rows = report.commitments.filter((c) => c.currency === currency.code);
  return {
    currency: currency.code,
    period,
    utilization: total
      ? {
          used: cents(total.used),
          unused: cents(total.unused),
          purchased: cents(rows.map((r) => r.purchased).reduce(addDecimal, '0')),
          utilization: total.utilization,
          listCost: cents(total.list_cost),
          savings: cents(total.savings),
        }
      : null,
    commitments: rows.slice(0, 200).map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      category: r.category,
      provider: r.provider,
      used: cents(r.used),
      unused: cents(r.unused),
      purchased: cents(r.purchased),
      utilization: r.utilization,
      listCost: cents(r.list_cost),
      savings: cents(r.savings),
    })),
    coverage: coverageOf(report, currency.code),
  };
}

/** Coverage per service category (every provider of the currency together) and in all. */
function coverageOf(report: CommitmentReport, currency: string) {
  const byCategory = new Map<string, { covered: string; onDemand: string }>();
  for (const r of report.coverage.filter((c: CoverageRow) => c.currency === currency)) {
    const sum = byCategory.get(r.category) ?? { covered: '0', onDemand: '0' };
    byCategory.set(r.category, {
      covered: addDecimal(sum.covered, r.covered),
      onDemand: addDecimal(sum.onDemand, r.on_demand),
    });
  }
  const share = (x: { covered: string; onDemand: string }) => {
    const all = Number(x.covered) + Number(x.onDemand);
    return all === 0 ? null : Number(x.covered) / all;
  };
  const categories = [...byCategory].map(([category, x]) => ({
    category,
    covered: cents(x.covered),
    onDemand: cents(x.onDemand),
    coverage: share(x),
  }));
  const all = [...byCategory.values()].reduce(
    (a, x) => ({ covered: addDecimal(a.covered, x.covered), onDemand: addDecimal(a.onDemand, x.onDemand) }),
    { covered: '0', onDemand: '0' },
  );
  return { covered: cents(all.covered), onDemand: cents(all.onDemand), coverage: share(all), categories };
}

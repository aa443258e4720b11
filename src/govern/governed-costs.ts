/**
 * What governance reads: focus.costs with the policy's columns (apply-tag-policy.ts). Periods loaded
 * before a policy existed lack them; they read as NULL here ("ungoverned": `finops tags apply` fixes
 * that), so reports never fail on a warehouse that has not met a policy yet.
 */

import { relationExists } from '../warehouse/relations.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { governanceColumns } from './apply-tag-policy.ts';

const types: Record<(typeof governanceColumns)[number], string> = {
  x_NormalizedTags: 'JSON',
  x_TagViolations: 'VARCHAR',
  x_TagCompliance: 'VARCHAR',
  x_Owner: 'VARCHAR',
};

/** A FROM-clause relation over focus.costs that always has the governance columns. */
export async function governedCosts(w: Warehouse): Promise<string> {
  const rows = await w.all<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
     WHERE table_schema = 'focus' AND table_name = 'costs'`,
  );
  const have = new Set(rows.map((r) => r.name));
  const missing = governanceColumns.filter((c) => !have.has(c));
  if (missing.length === 0) return 'focus.costs';
  const padding = missing.map((c) => `NULL::${types[c]} AS ${c}`).join(', ');
  return `(SELECT *, ${padding} FROM focus.costs)`;
}

/** Billing periods (YYYY-MM) in focus.costs, oldest first; none before the first load made the view. */
export async function focusPeriods(w: Warehouse): Promise<string[]> {
  if (!(await relationExists(w, 'focus', 'costs'))) return [];
  const rows = await w.all<{ period: string }>(
    `SELECT DISTINCT strftime(BillingPeriodStart, '%Y-%m') AS period FROM focus.costs
     WHERE BillingPeriodStart IS NOT NULL ORDER BY 1`,
  );
  return rows.map((r) => r.period);
}

/** The asked period, or the newest one; undefined when there is no data. */
export async function pickPeriod(w: Warehouse, asked?: string): Promise<string | undefined> {
  if (asked) return asked;
  return (await focusPeriods(w)).at(-1);
}

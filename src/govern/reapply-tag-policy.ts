/**
 * `finops tags apply`: brings already-loaded FOCUS periods up to the current tag policy, all of them in
 * one transaction, so readers see every period under the old policy or every one under the new. Only the
 * policy's columns change; rows, costs and the delivered Tags are left as they are (checked before
 * commit: a period whose row count or cost changed fails the whole run).
 */
import { focusTables } from '../focus/tables.ts';
import { refreshUnionView } from '../warehouse/period-tables.ts';
import { qualified } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { applyTagPolicy } from './apply-tag-policy.ts';
import type { TagPolicy } from './policy.ts';

export interface ReapplyOutcome {
  table: string;
  period: string;
  rows: number;
}

const periodTable = /^[a-z][a-z0-9]*(_[a-z0-9]+)*_(\d{4})_(\d{2})$/;

export async function reapplyTagPolicy(
  w: Warehouse,
  policy: TagPolicy,
  options: { period?: string } = {},
): Promise<ReapplyOutcome[]> {
  const tables = (await focusPeriodTables(w)).filter((t) => !options.period || t.period === options.period);
  return w.transaction(async () => {
    const outcomes: ReapplyOutcome[] = [];
    for (const t of tables) {
      const table = qualified('focus', t.table);
      const before = await fingerprint(w, table);
      await applyTagPolicy(w, table, policy);
      const after = await fingerprint(w, table);
      if (before.rows !== after.rows || before.cost !== after.cost) {
        throw new Error(
          `focus.${t.table}: applying the tag policy changed rows or cost; nothing was changed`,
        );
      }
      outcomes.push({ table: `focus.${t.table}`, period: t.period, rows: after.rows });
    }
    // focus.costs covers every kind's period tables, whichever kind's set rebuilds it.
    if (tables.length > 0) await refreshUnionView(w, focusTables('aws'));
    // The dashboard's aggregates of these periods summed the old policy's columns; no load says so in
    // the ledger, so their slices are marked unbuilt and rebuilt the next time the dashboard opens.
    for (const period of new Set(outcomes.map((o) => o.period))) {
      await w.run('DELETE FROM finops_meta.daily_slices WHERE billing_period = $period', { period });
    }
    return outcomes;
  });
}

async function focusPeriodTables(w: Warehouse): Promise<{ table: string; period: string }[]> {
  const rows = await w.all<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'focus' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  return rows.flatMap((r) => {
    const m = periodTable.exec(r.name);
    return m && !r.name.includes('__stage_') ? [{ table: r.name, period: `${m[2]}-${m[3]}` }] : [];
  });
}

async function fingerprint(w: Warehouse, table: string): Promise<{ rows: number; cost: string }> {
  const row = await w.one<{ rows: number; cost: string | null }>(
    `SELECT count(*)::INTEGER AS rows, sum(BilledCost)::VARCHAR AS cost FROM ${table}`,
  );
  return { rows: row?.rows ?? 0, cost: row?.cost ?? '0' };
}

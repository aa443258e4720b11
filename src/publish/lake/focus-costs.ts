/**
 * The lake's `focus_costs` table: focus.costs partitioned by provider and billing period, each row
 * with its period's status (final or open, src/focus/period-status.ts) in `billing_period_status`.
 */
import { createHash } from 'node:crypto';
import type { PeriodStatusRow } from '../../focus/period-status.ts';
import { readSql } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { type LakeColumn, type LakeTable, lakeType } from './lake-table.ts';
import { type LakeScope, lakePartitions } from './partitions.ts';

export async function describeColumns(w: Warehouse, relation: string): Promise<LakeColumn[]> {
  const rows = await w.all<{ name: string; type: string }>(
    `SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${relation})`,
  );
  return rows.map((r) => ({ name: r.name, type: lakeType(r.type) }));
}

export async function focusCostsTable(
  w: Warehouse,
  scope: LakeScope,
  statuses: PeriodStatusRow[],
): Promise<LakeTable> {
  const status = new Map(statuses.map((s) => [`${s.provider}\n${s.billing_period}`, s.status]));
  const partitions = await lakePartitions(w, scope);
  return {
    name: 'focus_costs',
    partitionKeys: ['provider', 'billing_period'],
    columns: [
      ...(await describeColumns(w, 'focus.costs')),
      { name: 'billing_period_status', type: 'VARCHAR' },
    ],
    parts: partitions.map((p) => {
      const periodStatus = status.get(`${p.provider}\n${p.period}`) ?? 'open';
      return {
        values: { provider: p.providerSlug, billing_period: p.period },
        rows: p.rows,
        fingerprint: createHash('sha256').update(`${p.fingerprint}\n${periodStatus}`).digest('hex'),
        query: {
          sql: readSql(import.meta.url, 'sql/focus-partition.sql'),
          params: { provider: p.provider, period: p.period, status: periodStatus },
        },
        orderBy: ['ChargePeriodStart', 'ServiceName'],
      };
    }),
  };
}

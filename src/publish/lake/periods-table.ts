/**
 * The lake's `periods` table: one row per provider and billing period with whether the provider has
 * finalized it, and by which rule (src/focus/period-status.sql). Small, so one file, not partitioned.
 */
import type { PeriodStatusRow } from '../../focus/period-status.ts';
import { jsonPart } from './governed.ts';
import type { LakeColumn, LakeTable } from './lake-table.ts';
import { providerSlug } from './partitions.ts';

const columns: LakeColumn[] = [
  { name: 'provider', type: 'VARCHAR' },
  { name: 'provider_name', type: 'VARCHAR' },
  { name: 'billing_period', type: 'VARCHAR' },
  { name: 'status', type: 'VARCHAR' },
  { name: 'rule', type: 'VARCHAR' },
  { name: 'reason', type: 'VARCHAR' },
  { name: 'rows', type: 'BIGINT' },
  { name: 'invoiced_rows', type: 'BIGINT' },
  { name: 'source_types', type: 'VARCHAR' },
];

export function periodsTable(statuses: PeriodStatusRow[]): LakeTable {
  const rows = statuses.map(({ provider, ...rest }) => ({
    provider: providerSlug(provider),
    provider_name: provider,
    ...rest,
  }));
  return {
    name: 'periods',
    partitionKeys: [],
    columns,
    parts: rows.length === 0 ? [] : [jsonPart(undefined, rows, columns, ['provider', 'billing_period'])],
  };
}

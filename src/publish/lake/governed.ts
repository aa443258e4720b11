/**
 * The governed lake: the tables a team needs beside the costs to keep governance when it queries with
 * Athena, Trino or Spark, each partitioned by billing period. Their figures come from the same code
 * paths as the commands: `govern.allocated_costs` as `finops allocate` built it, `showback()` and
 * `tagReport()` per period, and the anomalies `finops anomalies` stored in finops_meta.anomalies.
 */
import { createHash } from 'node:crypto';
import { focusPeriods } from '../../govern/governed-costs.ts';
import { showback } from '../../govern/showback.ts';
import { tagReport } from '../../govern/tag-report.ts';
import { relationExists } from '../../warehouse/relations.ts';
import { fillTemplate, qualified, quoteIdent, quoteLiteral, readSql } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { describeColumns } from './focus-costs.ts';
import type { LakeColumn, LakePart, LakeTable } from './lake-table.ts';
import type { LakeScope } from './partitions.ts';

export interface GovernedOptions {
  /** The tag key showback is by (the tag policy's owner key); no showback table without one. */
  ownerKey?: string;
  /** The owner of cost without a valid value of the key. */
  unallocated?: string;
}

const period = (scope: LakeScope) => ({ start: scope.start ?? null, end: scope.end ?? null });
const inScope = (scope: LakeScope, p: string) =>
  (!scope.start || p >= scope.start) && (!scope.end || p <= scope.end);
const digest = (text: string) => createHash('sha256').update(text).digest('hex');

export async function allocatedCostsTable(w: Warehouse, scope: LakeScope): Promise<LakeTable | undefined> {
  if (!(await relationExists(w, 'govern', 'allocated_costs'))) return undefined;
  const runs = await w.all<{ period: string; runs: string }>(
    readSql(import.meta.url, 'sql/allocated-periods.sql'),
    period(scope),
  );
  const parts: LakePart[] = [];
  for (const run of runs) {
    const table = `allocated_${run.period.replace('-', '_')}`;
    if (!(await relationExists(w, 'govern', table))) continue;
    const relation = qualified('govern', table);
    const count = await w.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${relation}`);
    parts.push({
      values: { billing_period: run.period },
      rows: count?.n ?? 0,
      fingerprint: digest(`${run.runs}\n${count?.n}`),
      query: { sql: `SELECT * FROM ${relation}`, params: {} },
      orderBy: ['ChargePeriodStart', 'ServiceName'],
    });
  }
  return {
    name: 'allocated_costs',
    partitionKeys: ['billing_period'],
    columns: await describeColumns(w, 'govern.allocated_costs'),
    parts,
  };
}

export async function anomaliesTable(w: Warehouse, scope: LakeScope): Promise<LakeTable> {
  const months = await w.all<{ period: string; rows: number; digest: string }>(
    readSql(import.meta.url, 'sql/anomaly-months.sql'),
    period(scope),
  );
  return {
    name: 'anomalies',
    partitionKeys: ['billing_period'],
    columns: await describeColumns(w, 'finops_meta.anomalies'),
    parts: months.map((m) => ({
      values: { billing_period: m.period },
      rows: m.rows,
      fingerprint: m.digest,
      query: { sql: readSql(import.meta.url, 'sql/anomaly-partition.sql'), params: { period: m.period } },
      orderBy: ['day', 'series_key', 'detector'],
    })),
  };
}

const showbackColumns: LakeColumn[] = [
  { name: 'owner_key', type: 'VARCHAR' },
  { name: 'metric', type: 'VARCHAR' },
  { name: 'currency', type: 'VARCHAR' },
  { name: 'owner', type: 'VARCHAR' },
  { name: 'rows', type: 'BIGINT' },
  { name: 'cost', type: 'DECIMAL(38,18)' },
  { name: 'shared', type: 'DECIMAL(38,18)' },
  { name: 'percent', type: 'DOUBLE' },
  { name: 'allocated', type: 'BOOLEAN' },
  { name: 'stale', type: 'BOOLEAN' },
];

export async function showbackTable(
  w: Warehouse,
  scope: LakeScope,
  options: GovernedOptions,
): Promise<LakeTable | undefined> {
  if (!options.ownerKey) return undefined;
  const parts: LakePart[] = [];
  for (const p of (await focusPeriods(w)).filter((x) => inScope(scope, x))) {
    const result = await showback(w, { key: options.ownerKey, period: p, unallocated: options.unallocated });
    const rows = result.rows.map((r) => ({
      owner_key: result.key,
      metric: result.metric,
      ...r,
      allocated: result.allocated,
      stale: result.stale,
    }));
    parts.push(jsonPart(p, rows, showbackColumns, ['currency', 'owner']));
  }
  return {
    name: 'showback',
    partitionKeys: ['billing_period'],
    columns: showbackColumns,
    parts,
  };
}

const complianceColumns: LakeColumn[] = [
  { name: 'metric', type: 'VARCHAR' },
  { name: 'currency', type: 'VARCHAR' },
  { name: 'compliance', type: 'VARCHAR' },
  { name: 'rows', type: 'BIGINT' },
  { name: 'cost', type: 'DECIMAL(38,18)' },
  { name: 'percent', type: 'DOUBLE' },
];

export async function tagComplianceTable(w: Warehouse, scope: LakeScope): Promise<LakeTable> {
  const parts: LakePart[] = [];
  for (const p of (await focusPeriods(w)).filter((x) => inScope(scope, x))) {
    const report = await tagReport(w, { period: p, limit: 1 });
    const rows = report.compliance.map((r) => ({ metric: report.metric, ...r }));
    parts.push(jsonPart(p, rows, complianceColumns, ['currency', 'compliance']));
  }
  return {
    name: 'tag_compliance',
    partitionKeys: ['billing_period'],
    columns: complianceColumns,
    parts,
  };
}

/** A partition of rows computed in TypeScript: typed by jsonRowsSql, fingerprinted by their text. */
export function jsonPart(
  billingPeriod: string | undefined,
  rows: object[],
  columns: LakeColumn[],
  orderBy: string[],
): LakePart {
  const text = JSON.stringify(rows);
  return {
    values: billingPeriod ? { billing_period: billingPeriod } : {},
    rows: rows.length,
    fingerprint: digest(text),
    query: { sql: jsonRowsSql(columns), params: { rows: text } },
    orderBy,
  };
}

function jsonRowsSql(columns: LakeColumn[]): string {
  const list = columns.map(
    (c) =>
      `CAST(json_extract_string(r, ${quoteLiteral(`$."${c.name}"`)}) AS ${c.type}) AS ${quoteIdent(c.name)}`,
  );
  return fillTemplate(readSql(import.meta.url, 'sql/json-rows.sql'), { columns: list.join(',\n       ') });
}

/**
 * What a batch tells the user beyond its rows: the FOCUS columns the export leaves empty (reported, not
 * filled: `finops focus validate` fails the rules they break), numeric codes that have no configured
 * name, and, for increment batches, charge days another batch already delivered (the sign of an export
 * whose batches each hold the whole month so far, which `batches = "snapshot"` is for).
 */
import { focusColumns } from '../../focus/columns.ts';
import { periodTableName } from '../../warehouse/period-tables.ts';
import { relationExists } from '../../warehouse/relations.ts';
import { qualified, quoteIdent } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { PlannedColumn } from './columns.ts';
import { focusAlibabaTables, focusLineage } from './tables.ts';

/** Mandatory FOCUS columns the import fills itself from ProviderName (1.3 additions). */
const filled = new Set(['ServiceProviderName', 'HostProviderName']);

/**
 * Columns Alibaba documents as null in every row of the preview ("Field Differences of Alibaba Cloud
 * FOCUS 1.0 (Preview)"). With the Mandatory non-nullable ones they are what an all-null column means a
 * gap for; an all-null ChargeClass or CommitmentDiscountId only means no corrections or commitments.
 */
const documentedGaps = new Set([
  'ChargeDescription',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
]);

export interface Gaps {
  /** Mandatory FOCUS columns the files do not have. */
  missing: string[];
  /** Mandatory (non-nullable) or documented-gap FOCUS columns the files have, empty in every row. */
  alwaysNull: string[];
}

export async function gapsOf(w: Warehouse, raw: string, columns: PlannedColumn[]): Promise<Gaps> {
  const delivered = new Set(columns.map((c) => c.focusName));
  const missing = focusColumns
    .filter((c) => c.level === 'Mandatory' && !delivered.has(c.name) && !filled.has(c.name))
    .map((c) => c.name);
  const focus = columns.filter((c) => {
    const spec = focusColumns.find((f) => f.name === c.focusName);
    return spec && ((spec.level === 'Mandatory' && !spec.nullable) || documentedGaps.has(spec.name));
  });
  if (focus.length === 0) return { missing, alwaysNull: [] };
  const counts = await w.one<Record<string, number>>(
    `SELECT ${focus.map((c, i) => `count(${quoteIdent(c.header)})::INTEGER AS c${i}`).join(', ')} FROM ${raw}`,
  );
  const alwaysNull = focus.filter((_, i) => counts?.[`c${i}`] === 0).map((c) => c.focusName);
  return { missing, alwaysNull };
}

export function describeGaps(g: Gaps): string | undefined {
  const parts = [];
  if (g.missing.length) parts.push(`mandatory columns not delivered: ${g.missing.join(', ')}`);
  if (g.alwaysNull.length) parts.push(`columns null in every row: ${g.alwaysNull.join(', ')}`);
  if (parts.length === 0) return undefined;
  return `FOCUS gaps of the export, left empty (see finops focus validate): ${parts.join('; ')}`;
}

/** Numeric codes still in the provider columns after naming: each needs an entry in alibaba.names. */
export async function unnamedCodes(w: Warehouse, focusStage: string): Promise<string[]> {
  const rows = await w.all<{ finding: string }>(
    `SELECT DISTINCT column_name || ' ' || code AS finding FROM (
       UNPIVOT (SELECT ProviderName, PublisherName, InvoiceIssuerName FROM ${focusStage})
       ON ProviderName, PublisherName, InvoiceIssuerName INTO NAME column_name VALUE code)
     WHERE regexp_full_match(code, '[0-9]+') ORDER BY 1`,
  );
  return rows.map((r) => r.finding);
}

/** Charge days of this batch that other batches of the source already published in the period. */
export async function repeatedDays(
  w: Warehouse,
  focusStage: string,
  period: string,
  sourceName: string,
  batchId: string,
): Promise<number> {
  const table = periodTableName(focusAlibabaTables, period);
  const target = qualified(focusAlibabaTables.schema, table);
  if (!(await relationExists(w, focusAlibabaTables.schema, table))) return 0;
  // Exact charge periods, not dates: a Beijing day spans two UTC dates, so neighbouring daily batches
  // share a date, but never a charge period; a cumulative batch repeats its predecessors' periods.
  const row = await w.one<{ n: number }>(
    `SELECT count(DISTINCT ChargePeriodStart::DATE)::INTEGER AS n FROM ${target}
     WHERE ${quoteIdent(focusLineage.source)} = $sourceName AND ${quoteIdent(focusLineage.batch)} <> $batchId
       AND ChargePeriodStart IN (SELECT DISTINCT ChargePeriodStart FROM ${focusStage})`,
    { sourceName, batchId },
  );
  return row?.n ?? 0;
}

/**
 * Column lineage (aws_billing.column_lineage): which delivered header became which column or tag entry,
 * per source and period, replaced with each load in its transaction.
 */
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { StageResult } from './stage.ts';

export async function replaceLineage(
  w: Warehouse,
  sourceName: string,
  period: string,
  lineage: StageResult['lineage'],
): Promise<void> {
  await w.run(
    'DELETE FROM aws_billing.column_lineage WHERE source_name = $sourceName AND billing_period = $period',
    { sourceName, period },
  );
  const seen = new Set<string>();
  for (const l of lineage) {
    if (seen.has(l.header)) continue;
    seen.add(l.header);
    await w.run(
      `INSERT INTO aws_billing.column_lineage VALUES ($sourceName, $period, $header, $column, $mapKey)`,
      { sourceName, period, header: l.header, column: l.column, mapKey: l.mapKey },
    );
  }
}

/**
 * Normalize: a month's staged cost details become FOCUS rows in a stage table beside
 * focus.azure_YYYY_MM, through chosen.sql (which rows) and focus.sql (how). Columns the mapping reads
 * but this delivery lacks (EA has no PaygCostInBillingCurrency, old exports no BenefitId) are supplied
 * as typed NULLs, so one mapping serves every column set.
 */
import { fileURLToPath } from 'node:url';
import { defineExactProduct } from '../../warehouse/exact-product.ts';
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { createFocusStage, type FocusStageRequest, lineageParams, presentOrNull } from '../focus-stage.ts';
import { costDetailsColumns } from './columns.ts';
import { sqlTypeOf } from './stage.ts';

const lookups = {
  regions: fileURLToPath(new URL('./regions.csv', import.meta.url)),
  services: fileURLToPath(new URL('./services.csv', import.meta.url)),
  units: fileURLToPath(new URL('./pricing-units.csv', import.meta.url)),
};

const lineage = ['finops_dataset', 'finops_run_id', 'finops_scope', 'finops_source_file', 'finops_amortized'];

/** chosen.sql over `raw`: the rows that become FOCUS rows. */
export function chosenRows(raw: string): string {
  return `(${fillTemplate(readSql(import.meta.url, 'chosen.sql'), { raw })})`;
}

export async function stageDetailsFocus(w: Warehouse, req: FocusStageRequest): Promise<void> {
  const inputs = await presentOrNull(
    w,
    req.raw,
    Object.entries(costDetailsColumns).map(([name, spec]) => [name, sqlTypeOf(spec.type)]),
  );
  const source = `(SELECT ${[...inputs, ...lineage].join(', ')} FROM ${chosenRows(req.raw)})`;
  const mapping = fillTemplate(readSql(import.meta.url, 'focus.sql'), { source });
  await defineExactProduct(w);
  await createFocusStage(w, req.target, mapping, { ...lookups, ...lineageParams(req) });
}

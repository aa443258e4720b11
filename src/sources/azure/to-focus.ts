/**
 * Normalize: a month's staged cost details become FOCUS rows in a stage table beside
 * focus.azure_YYYY_MM, through chosen.sql (which rows) and focus.sql (how). Columns the mapping reads
 * but this delivery lacks (EA has no PaygCostInBillingCurrency, old exports no BenefitId) are supplied
 * as typed NULLs, so one mapping serves every column set.
 */
import { fileURLToPath } from 'node:url';
import { focusProjection } from '../../focus/relation.ts';
import { defineExactProduct } from '../../warehouse/exact-product.ts';
import { fillTemplate, quoteIdent, readSql } from '../../warehouse/sql.ts';
import type { Params, Warehouse } from '../../warehouse/warehouse.ts';
import { costDetailsColumns } from './columns.ts';
import { sqlTypeOf } from './stage.ts';

const lookups = {
  regions: fileURLToPath(new URL('./regions.csv', import.meta.url)),
  services: fileURLToPath(new URL('./services.csv', import.meta.url)),
  units: fileURLToPath(new URL('./pricing-units.csv', import.meta.url)),
};

const lineage = ['finops_dataset', 'finops_run_id', 'finops_scope', 'finops_source_file', 'finops_amortized'];

export interface DetailsFocusRequest {
  /** Quoted raw stage table. */
  raw: string;
  /** Quoted FOCUS stage table to create. */
  target: string;
  sourceName: string;
  sourceVersion: string;
  loadId: number;
}

/** chosen.sql over `raw`: the rows that become FOCUS rows. */
export function chosenRows(raw: string): string {
  return `(${fillTemplate(readSql(import.meta.url, 'chosen.sql'), { raw })})`;
}

export async function stageDetailsFocus(w: Warehouse, req: DetailsFocusRequest): Promise<void> {
  const described = await w.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${req.raw})`);
  const have = new Set(described.map((d) => d.column_name));
  const inputs = Object.entries(costDetailsColumns).map(([name, spec]) =>
    have.has(name) ? quoteIdent(name) : `CAST(NULL AS ${sqlTypeOf(spec.type)}) AS ${quoteIdent(name)}`,
  );
  const source = `(SELECT ${[...inputs, ...lineage].join(', ')} FROM ${chosenRows(req.raw)})`;
  const mapping = fillTemplate(readSql(import.meta.url, 'focus.sql'), { source });
  const params: Params = {
    ...lookups,
    sourceName: req.sourceName,
    sourceVersion: req.sourceVersion,
    loadId: req.loadId,
  };
  await defineExactProduct(w);
  const produced = new Set((await w.table(`SELECT * FROM (${mapping}) LIMIT 0`, params)).columns);
  await w.run(
    `CREATE TABLE ${req.target} AS SELECT ${focusProjection('m', produced)} FROM (${mapping}) AS m`,
    params,
  );
}

/**
 * Normalize: the staged raw rows of one export and period become FOCUS rows in a stage table beside
 * the FOCUS period table, through focus.sql. Columns the mapping reads but this delivery lacks (no
 * Reserved Instances this month, legacy CUR without account names) are supplied as typed NULLs, so one
 * mapping serves every delivery.
 */
import { fileURLToPath } from 'node:url';
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import { JSON_OBJECT } from '../../warehouse/types.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { createFocusStage, type FocusStageRequest, lineageParams, presentOrNull } from '../focus-stage.ts';
import { columnType, mapColumns } from './columns.ts';
import { focusInputs } from './known-columns.ts';

const lookups = {
  categories: fileURLToPath(new URL('./service-categories.csv', import.meta.url)),
  units: fileURLToPath(new URL('./pricing-units.csv', import.meta.url)),
  regions: fileURLToPath(new URL('./aws-regions.csv', import.meta.url)),
};

export async function stageFocus(w: Warehouse, req: FocusStageRequest): Promise<void> {
  const inputs = await presentOrNull(
    w,
    req.raw,
    focusInputs.map((name) => [name, inputType(name)]),
  );
  const source = `(SELECT ${inputs.join(', ')} FROM ${req.raw} WHERE finops_source_name = $sourceName)`;
  const mapping = fillTemplate(readSql(import.meta.url, 'focus.sql'), { source });
  await createFocusStage(w, req.target, mapping, { ...lookups, ...lineageParams(req) });
}

function inputType(name: string): string {
  return (mapColumns as readonly string[]).includes(name) ? JSON_OBJECT : columnType(name);
}

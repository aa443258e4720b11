/**
 * Normalize: one export's staged month becomes FOCUS rows in a stage table beside focus.gcp_YYYY_MM,
 * through focus.sql (the mapping, with the reasons for each rule, is the SQL).
 */
import { fileURLToPath } from 'node:url';
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { createFocusStage, type FocusStageRequest, lineageParams } from '../focus-stage.ts';

const lookups = {
  categories: fileURLToPath(new URL('./service-categories.csv', import.meta.url)),
  units: fileURLToPath(new URL('./pricing-units.csv', import.meta.url)),
};

export async function stageFocus(w: Warehouse, req: FocusStageRequest): Promise<void> {
  const mapping = fillTemplate(readSql(import.meta.url, 'focus.sql'), { raw: req.raw });
  await createFocusStage(w, req.target, mapping, { ...lookups, ...lineageParams(req) });
}

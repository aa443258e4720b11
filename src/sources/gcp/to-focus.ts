/**
 * Normalize: one export's staged month becomes FOCUS rows in a stage table beside focus.gcp_YYYY_MM,
 * through focus.sql (the mapping, with the reasons for each rule, is the SQL).
 */
import { fileURLToPath } from 'node:url';
import { focusProjection } from '../../focus/relation.ts';
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { Params, Warehouse } from '../../warehouse/warehouse.ts';

const lookups = {
  categories: fileURLToPath(new URL('./service-categories.csv', import.meta.url)),
  units: fileURLToPath(new URL('./pricing-units.csv', import.meta.url)),
};

export interface FocusStageRequest {
  /** Quoted raw stage table. */
  raw: string;
  /** Quoted FOCUS stage table to create. */
  target: string;
  sourceName: string;
  sourceVersion: string;
  loadId: number;
}

export async function stageFocus(w: Warehouse, req: FocusStageRequest): Promise<void> {
  const mapping = fillTemplate(readSql(import.meta.url, 'focus.sql'), { raw: req.raw });
  const params: Params = {
    ...lookups,
    sourceName: req.sourceName,
    sourceVersion: req.sourceVersion,
    loadId: req.loadId,
  };
  const produced = new Set((await w.table(`SELECT * FROM (${mapping}) LIMIT 0`, params)).columns);
  await w.run(
    `CREATE TABLE ${req.target} AS SELECT ${focusProjection('m', produced)} FROM (${mapping}) AS m`,
    params,
  );
}

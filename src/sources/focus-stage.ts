/**
 * What every source's normalize step shares: the lineage each FOCUS row carries, typed NULLs for the
 * columns a mapping reads but a delivery lacks (so one mapping serves every column set), and the FOCUS
 * stage made from a mapping's query, the columns it produces cast and completed to the full FOCUS row.
 * The mapping itself stays in the source's focus.sql.
 */
import { focusProjection } from '../focus/relation.ts';
import { quoteIdent } from '../warehouse/sql.ts';
import type { Params, Warehouse } from '../warehouse/warehouse.ts';
import type { StageTables, Unit, UnitContext } from './source.ts';

/** A unit's normalize step: from which raw stage, into which FOCUS stage, with which lineage. */
export interface FocusStageRequest {
  /** Quoted raw stage table. */
  raw: string;
  /** Quoted FOCUS stage table to create. */
  target: string;
  sourceName: string;
  sourceVersion: string;
  loadId: number;
}

export function focusStageRequest(ctx: UnitContext, unit: Unit, into: StageTables): FocusStageRequest {
  return {
    raw: into.raw as string,
    target: into.focus,
    sourceName: ctx.target.name,
    sourceVersion: unit.versionId,
    loadId: ctx.loadId,
  };
}

/** The mapping's lineage parameters: `$sourceName`, `$sourceVersion`, `$loadId`. */
export function lineageParams(req: FocusStageRequest): Params {
  return { sourceName: req.sourceName, sourceVersion: req.sourceVersion, loadId: req.loadId };
}

/** The columns a mapping reads, by name and SQL type: delivered ones as they are, missing ones NULL. */
export async function presentOrNull(
  w: Warehouse,
  table: string,
  columns: [name: string, type: string][],
): Promise<string[]> {
  const described = await w.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${table})`);
  const have = new Set(described.map((d) => d.column_name));
  return columns.map(([name, type]) =>
    have.has(name) ? quoteIdent(name) : `CAST(NULL AS ${type}) AS ${quoteIdent(name)}`,
  );
}

/** Creates the FOCUS stage `target` from a mapping query. */
export async function createFocusStage(
  w: Warehouse,
  target: string,
  mapping: string,
  params: Params,
): Promise<void> {
  const produced = new Set((await w.table(`SELECT * FROM (${mapping}) LIMIT 0`, params)).columns);
  await w.run(
    `CREATE TABLE ${target} AS SELECT ${focusProjection('m', produced)} FROM (${mapping}) AS m`,
    params,
  );
}

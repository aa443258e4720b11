/**
 * Where a load's stage tables go: beside their period tables while the load runs, then into place by
 * the source's disposition inside the publishing transaction, or dropped when the load fails.
 */
import type { Source, Staged, Target, Unit, UnitContext } from '../sources/source.ts';
import {
  type PeriodTableSet,
  periodTableName,
  refreshUnionView,
  replaceSliceWithStage,
  type SliceMatch,
  sliceCondition,
  stageTableName,
  swapInStage,
} from '../warehouse/period-tables.ts';
import { relationExists } from '../warehouse/relations.ts';
import { qualified } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

/** The stage tables' names (unquoted, inside their schemas). */
export interface StageNames {
  raw?: string;
  focus: string;
}

export function stageNames(source: Pick<Source, 'tables'>, period: string, loadId: number): StageNames {
  const { raw, focus } = source.tables;
  return {
    raw: raw && stageTableName(raw, period, loadId),
    focus: stageTableName(focus, period, loadId),
  };
}

/** Inside the load's transaction: each stage replaces the unit's rows in its period table. */
export async function placeStages<T extends Target, U extends Unit, S extends Staged>(
  w: Warehouse,
  source: Source<T, U, S>,
  ctx: UnitContext<T>,
  unit: U,
  names: StageNames,
): Promise<void> {
  const { raw, focus } = source.tables;
  if (raw && names.raw) await place(w, source, ctx, unit, raw, names.raw, 'raw');
  await place(w, source, ctx, unit, focus, names.focus, 'focus');
}

async function place<T extends Target, U extends Unit, S extends Staged>(
  w: Warehouse,
  source: Source<T, U, S>,
  ctx: UnitContext<T>,
  unit: U,
  set: PeriodTableSet,
  stage: string,
  which: 'raw' | 'focus',
): Promise<void> {
  const staged = await relationExists(w, set.schema, stage);
  if (source.disposition === 'replace-slice') {
    if (!source.slice) throw new Error(`the ${source.type} source replaces slices but names none`);
    const slice = source.slice(ctx, unit, which);
    if (staged) await replaceSliceWithStage(w, set, unit.period, stage, slice);
    else await deleteRows(w, set, unit.period, slice);
    return;
  }
  // A unit delivered without raw rows (e.g. an Azure month now exported as FOCUS) keeps none of an
  // earlier load's raw rows either.
  if (staged) await swapInStage(w, set, unit.period, stage, ctx.target.name);
  else await deleteRows(w, set, unit.period, { [set.sourceColumn]: ctx.target.name });
}

async function deleteRows(w: Warehouse, set: PeriodTableSet, period: string, match: SliceMatch) {
  const table = periodTableName(set, period);
  if (!(await relationExists(w, set.schema, table))) return;
  const { where, params } = sliceCondition(match);
  await w.run(`DELETE FROM ${qualified(set.schema, table)} WHERE ${where}`, params);
  await refreshUnionView(w, set);
}

/** Drops every table of this load's stages, including a source's own work tables beside them. */
export async function dropLoadStages(w: Warehouse, source: Pick<Source, 'tables'>, loadId: number) {
  for (const set of [source.tables.raw, source.tables.focus]) {
    if (!set) continue;
    const tables = await w.all<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = $schema AND regexp_matches(table_name, '__stage_' || $loadId || '(_|$)')`,
      { schema: set.schema, loadId: String(loadId) },
    );
    for (const t of tables) await w.run(`DROP TABLE IF EXISTS ${qualified(set.schema, t.name)}`);
  }
}

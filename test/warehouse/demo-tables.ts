/**
 * Period tables to place stages into, without a provider: a raw set (`demo_billing.billing_YYYY_MM`,
 * view `demo_billing.billing`) and a FOCUS set (`focus.demo_YYYY_MM`, under `focus.costs`), a source
 * that only says how its rows take their place, and the stage a load would leave before publishing.
 */

import { focusTables } from '../../src/focus/tables.ts';
import { silentLogger } from '../../src/log.ts';
import { type StageNames, stageNames } from '../../src/pipeline/place.ts';
import { silentProgress } from '../../src/progress.ts';
import type { Disposition, Source, Target, Unit, UnitContext } from '../../src/sources/source.ts';
import type { PeriodTableSet, SliceMatch } from '../../src/warehouse/period-tables.ts';
import { qualified, quoteIdent } from '../../src/warehouse/sql.ts';
import type { Params, Warehouse } from '../../src/warehouse/warehouse.ts';
import type { TestWarehouse } from '../helpers/pipeline.ts';

export const raw: PeriodTableSet = {
  schema: 'demo_billing',
  prefix: 'billing',
  view: 'billing',
  covers: /^billing_\d{4}_\d{2}$/,
  sourceColumn: 'source_name',
};
export const tables = { raw, focus: focusTables('demo') };

const notCalled = () => {
  throw new Error('placing stages calls no step of the source');
};

/** A source that knows only where its rows go; `slice` marks a unit's rows for replace-slice. */
export function demoSource(
  disposition: Disposition,
  slice?: (unit: Unit, table: 'raw' | 'focus') => SliceMatch,
): Source {
  return {
    type: 'demo',
    description: 'period tables under test',
    tables,
    disposition,
    applicability: [],
    plan: notCalled,
    fetch: notCalled,
    stage: notCalled,
    normalize: notCalled,
    reconcile: notCalled,
    slice: slice && ((_ctx, unit, table) => slice(unit, table)),
  };
}

export async function createDemoSchema(w: Warehouse): Promise<void> {
  await w.run(`CREATE SCHEMA IF NOT EXISTS ${raw.schema}`);
}

/** A load's view of itself, as the pipeline hands it to placement. */
export function unitContext(wh: TestWarehouse, sourceName: string, loadId: number): UnitContext<Target> {
  return {
    warehouse: wh.warehouse,
    cache: wh.cache,
    progress: silentProgress,
    logger: silentLogger,
    target: { name: sourceName, location: `demo://${sourceName}` },
    loadId,
    force: false,
  };
}

export interface DemoRow {
  source: string;
  batch?: string | null;
  day: string;
  cost: string;
}

/**
 * Stages rows as a load would have by the time it publishes: raw rows and FOCUS rows for the period.
 * `extra` adds a column to both (a later batch that carries a new tag).
 */
export async function stageRows(
  w: Warehouse,
  period: string,
  loadId: number,
  rows: DemoRow[],
  extra?: { name: string; value: string },
): Promise<StageNames> {
  const names = stageNames({ tables }, period, loadId);
  const values = rows
    .map((_, i) => `($source${i}, $batch${i}::VARCHAR, $day${i}::DATE, $cost${i}::DECIMAL(38,10))`)
    .join(', ');
  const params: Params = Object.fromEntries(
    rows.flatMap((r, i) => [
      [`source${i}`, r.source],
      [`batch${i}`, r.batch ?? null],
      [`day${i}`, r.day],
      [`cost${i}`, r.cost],
    ]),
  );
  const column = extra ? `, ${quoteIdent(extra.name)}` : '';
  if (extra) params.extra = extra.value;
  await w.run(
    `CREATE TABLE ${qualified(raw.schema, names.raw as string)} AS
     SELECT source_name, batch_id, usage_date, unblended_cost${extra ? `, $extra::VARCHAR AS ${quoteIdent(extra.name)}` : ''}
     FROM (VALUES ${values}) AS t(source_name, batch_id, usage_date, unblended_cost)`,
    params,
  );
  await w.run(
    `CREATE TABLE ${qualified(tables.focus.schema, names.focus)} AS
     SELECT source_name AS x_SourceName, batch_id AS x_BatchId, usage_date::TIMESTAMPTZ AS ChargePeriodStart,
            unblended_cost AS BilledCost${column}
     FROM ${qualified(raw.schema, names.raw as string)}`,
  );
  return names;
}

/** What readers see through the raw view, oldest day first: `source batch day cost`. */
export async function rawRows(w: Warehouse): Promise<string[]> {
  const rows = await w.all<{ line: string }>(
    `SELECT concat_ws(' ', source_name, coalesce(batch_id, '-'), usage_date, unblended_cost::DECIMAL(38,2)) AS line
     FROM ${qualified(raw.schema, raw.view)} ORDER BY usage_date, source_name, batch_id`,
  );
  return rows.map((r) => r.line);
}

/** What readers see through focus.costs: `source batch day cost`. */
export async function focusRows(w: Warehouse): Promise<string[]> {
  const rows = await w.all<{ line: string }>(
    `SELECT concat_ws(' ', x_SourceName, coalesce(x_BatchId, '-'), strftime(ChargePeriodStart, '%Y-%m-%d'),
                      BilledCost::DECIMAL(38,2)) AS line
     FROM focus.costs ORDER BY ChargePeriodStart, x_SourceName, x_BatchId`,
  );
  return rows.map((r) => r.line);
}

/** The tables of the demo sets: periods and any stage still lying about. */
export async function demoTables(w: Warehouse): Promise<string[]> {
  const rows = await w.all<{ name: string }>(
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE'
       AND (table_schema = $raw OR (table_schema = 'focus' AND table_name LIKE 'demo\\_%' ESCAPE '\\'))
     ORDER BY 1`,
    { raw: raw.schema },
  );
  return rows.map((r) => r.name);
}

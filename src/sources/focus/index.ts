/**
 * Native FOCUS files of any provider (FOCUS 1.0 to 1.3; CSV, CSV.gz, Parquet): a unit is one billing
 * period of one import source, replaced whole; the version is a fingerprint of the files, so an
 * unchanged set of files is not loaded twice. Rows land in focus.imported_YYYY_MM.
 */
import { cloudApplicability } from '../../focus/applicability.ts';
import { sliceTotals } from '../../warehouse/reconcile.ts';
import type { Source, Staged } from '../source.ts';
import { type FocusTarget, type FocusUnit, planPeriods } from './plan.ts';
import { nativeSlice, reconcilePeriod } from './reconcile.ts';
import { NATIVE_SOURCE_TYPE, nativeTables } from './tables.ts';

export const focus: Source<FocusTarget, FocusUnit, Staged> = {
  type: NATIVE_SOURCE_TYPE,
  description: 'native FOCUS files (1.0 to 1.3) of any provider into focus.costs',
  tables: { focus: nativeTables },
  disposition: 'replace-period',
  applicability: cloudApplicability,

  plan: planPeriods,

  // A file set is read whole: a period it no longer holds has vanished from the delivery.
  complete: () => true,

  fetch: async (_ctx, unit) => unit.local,

  async stage(ctx, unit, _files, into) {
    await ctx.warehouse.run(
      `CREATE TABLE ${into.focus} AS
       SELECT * REPLACE ($loadId::BIGINT AS x_LoadId) FROM ${unit.all}
       WHERE strftime(BillingPeriodStart, '%Y-%m') = $period`,
      { loadId: ctx.loadId, period: unit.period },
    );
    return {
      format: unit.format,
      columns: unit.headers,
      read: await sliceTotals(ctx.warehouse, nativeSlice(into.focus, ctx.target.name)),
    };
  },

  // FOCUS already: staging wrote the FOCUS stage.
  normalize: async () => undefined,

  reconcile: (ctx, unit, staged) => reconcilePeriod(ctx.warehouse, ctx.target.name, unit.period, staged.read),
};

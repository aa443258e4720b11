/**
 * The Azure Cost Management source (FocusCost, ActualCost and AmortizedCost exports; EA, MCA, legacy):
 * a unit is one month of one export scope, made of the newest complete runs of that scope's exports, and
 * replaces that scope's rows of the month (a broken export fails its scope alone). Cost details rows land typed in azure_billing.billing_YYYY_MM; both kinds become FOCUS rows in
 * focus.azure_YYYY_MM.
 */
import { cloudApplicability } from '../../focus/applicability.ts';
import { fetchFiles } from '../../pipeline/fetch-files.ts';
import type { SliceMatch } from '../../warehouse/period-tables.ts';
import type { Source, Staged } from '../source.ts';
import { type MonthKinds, normalizeMonth, stageMonthFiles, workTables } from './month-stages.ts';
import { type AzureTarget, type AzureUnit, planMonths } from './plan.ts';
import { billedTotals, type MonthTotals, readTotals, reconcileMonth } from './reconcile-month.ts';
import { focusAzureTables, rawAzureTables, SOURCE_TYPE } from './tables.ts';

interface AzureStaged extends Staged {
  kinds: MonthKinds;
  totals: MonthTotals;
}

export const azure: Source<AzureTarget, AzureUnit, AzureStaged> = {
  type: SOURCE_TYPE,
  description:
    'Azure Cost Management exports (FocusCost, ActualCost + AmortizedCost) into azure_billing and focus.costs',
  tables: { raw: rawAzureTables, focus: focusAzureTables },
  disposition: 'replace-slice',
  // Rows FocusCost exports delivered before their scope was recorded have none: whichever scope loads
  // first after an upgrade replaces them (they come back with their own scope's next load).
  slice: (ctx, unit, table): SliceMatch =>
    table === 'raw'
      ? { finops_source_name: ctx.target.name, finops_scope: unit.scopes }
      : { x_SourceName: ctx.target.name, x_ExportScope: [...unit.scopes, null] },
  applicability: cloudApplicability,

  plan: (_ctx, target) => planMonths(target.exp),

  async fetch(ctx, unit) {
    const objects = unit.runs.flatMap((r) => r.objects);
    ctx.progress.start(`fetch ${unit.period}`, { files: objects.length, bytes: unit.bytes });
    return fetchFiles(ctx.cache, ctx.target.exp.store, objects, ctx.progress);
  },

  async stage(ctx, unit, files, into) {
    const kinds = await stageMonthFiles(ctx, unit, files, into);
    const totals = await readTotals(
      ctx.warehouse,
      ctx.target.name,
      kinds.details ? into.raw : undefined,
      kinds.native ? workTables(into).native : undefined,
    );
    // Rows read: every cost details row, and every FocusCost row.
    const detailFiles = new Set(totals.raw.map((t) => t.file));
    const read = [...totals.raw, ...totals.focus.filter((t) => !detailFiles.has(t.file))];
    const datasets = [...new Set(unit.runs.map((r) => r.run.dataset))].sort();
    return { format: `Azure ${datasets.join(' + ')}`, kinds, totals, read };
  },

  async normalize(ctx, unit, staged, into) {
    await normalizeMonth(ctx, unit, staged.kinds, into);
    // The ledger's cost is what FOCUS bills for the month.
    staged.costTotals = await billedTotals(ctx.warehouse, into.focus);
  },

  reconcile: (ctx, unit, staged) =>
    reconcileMonth(ctx.warehouse, ctx.target.name, unit.period, staged.totals, ctx.loadId),
};

/**
 * The Google Cloud billing export (standard and detailed), from BigQuery or from files: a unit is one
 * invoice month of one export, replaced whole. Raw rows land flattened and typed in
 * gcp_billing.billing_YYYY_MM, FOCUS rows in focus.gcp_YYYY_MM. The ledger's cost is what Google
 * invoices: cost plus credits.
 */
import { inputError } from '../../errors.ts';
import { cloudApplicability } from '../../focus/applicability.ts';
import { costPerCurrency } from '../../pipeline/totals.ts';
import { type SliceTotal, sliceTotals } from '../../warehouse/reconcile.ts';
import { focusStageRequest } from '../focus-stage.ts';
import type { Source, Staged } from '../source.ts';
import { type GcpTarget, type GcpUnit, planMonths } from './plan.ts';
import { fileKind } from './reads.ts';
import { netSlice, rawSlice, reconcileMonth } from './reconcile.ts';
import { stageMonth } from './stage.ts';
import { focusGcpTables, rawGcpTables, SOURCE_TYPE } from './tables.ts';
import { stageFocus } from './to-focus.ts';

interface GcpStaged extends Staged {
  net: SliceTotal[];
}

export const gcp: Source<GcpTarget, GcpUnit, GcpStaged> = {
  type: SOURCE_TYPE,
  description:
    'Google Cloud billing export (standard and detailed), from BigQuery or files, month by month, into gcp_billing and focus.costs',
  tables: { raw: rawGcpTables, focus: focusGcpTables },
  disposition: 'replace-period',
  applicability: cloudApplicability,

  plan: planMonths,

  complete: (target) => target.origin.kind === 'files' && !target.months?.length,

  fetch: (ctx, unit) => unit.bring(ctx, ctx.loadId),

  async stage(ctx, unit, files, into) {
    const w = ctx.warehouse;
    const table = into.raw as string;
    ctx.logger.debug(`stage ${unit.period}: reading ${files.length} file(s) into DuckDB`);
    await stageMonth(w, {
      table,
      files,
      invoiceMonth: unit.period.replace('-', ''),
      sourceName: ctx.target.name,
      loadId: ctx.loadId,
    });
    const read = await sliceTotals(w, rawSlice(table, ctx.target.name));
    if (read.length === 0) {
      throw inputError(`no rows of invoice month ${unit.period}`, {
        file: files.length === 1 ? files[0]?.url : undefined,
        hint: 'check --period against the export (invoice.month)',
      });
    }
    const net = await sliceTotals(w, netSlice(table, ctx.target.name));
    const kinds = [...new Set(files.map((f) => fileKind(f.key)).filter(Boolean))].sort();
    return {
      format: `GCP billing export (${kinds.join(', ')})`,
      read,
      net,
      costTotals: costPerCurrency(net),
    };
  },

  normalize: (ctx, unit, _staged, into) => stageFocus(ctx.warehouse, focusStageRequest(ctx, unit, into)),

  reconcile: (ctx, unit, staged) =>
    reconcileMonth(ctx.warehouse, ctx.target.name, unit.period, staged.read, staged.net),

  validationHint: (_target, period) => `finops focus validate --period ${period} --provider "Google Cloud"`,
};

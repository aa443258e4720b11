/**
 * The AWS Cost and Usage Report source (legacy CUR and CUR 2.0, CSV or Parquet): a unit is one billing
 * period of one export, replaced whole by its current delivery (the manifest's assemblyId or
 * executionId). Raw rows land typed in aws_billing.billing_YYYY_MM, FOCUS rows in focus.aws_cur_YYYY_MM.
 */

import { periodFromLabel } from '../../billing-period.ts';
import { cloudApplicability } from '../../focus/applicability.ts';
import { fetchFiles } from '../../pipeline/fetch-files.ts';
import { sliceTotals } from '../../warehouse/reconcile.ts';
import { focusStageRequest } from '../focus-stage.ts';
import type { Source, Staged } from '../source.ts';
import { checkPeriod } from './checks.ts';
import { replaceLineage } from './lineage.ts';
import type { CurDelivery } from './manifest.ts';
import { type AwsTarget, type AwsUnit, planPeriods } from './plan.ts';
import { rawSlice, reconcilePeriod } from './reconcile.ts';
import { type StageResult, stage } from './stage.ts';
import { focusAwsTables, rawAwsTables } from './tables.ts';
import { stageFocus } from './to-focus.ts';

export const SOURCE_TYPE = 'aws-cur';

interface AwsStaged extends Staged {
  lineage: StageResult['lineage'];
}

export const awsCur: Source<AwsTarget, AwsUnit, AwsStaged> = {
  type: SOURCE_TYPE,
  description: 'AWS Cost and Usage Reports (legacy CUR, CUR 2.0) into aws_billing and focus.costs',
  tables: { raw: rawAwsTables, focus: focusAwsTables },
  disposition: 'replace-period',
  applicability: cloudApplicability,

  plan: planPeriods,

  emptyHint:
    'looked for <prefix>/<export-name>/YYYYMMDD-YYYYMMDD/<export-name>-Manifest.json (legacy CUR), ' +
    '<prefix>/<export-name>/metadata/BILLING_PERIOD=YYYY-MM/ (CUR 2.0) and <prefix>/<export-name>/<export-name>/year=/month= (Athena): ' +
    'check --prefix, --name, --cur-version and the period range',

  async fetch(ctx, unit) {
    ctx.progress.start(`fetch ${unit.period}`, { files: unit.objects.length, bytes: unit.bytes });
    return fetchFiles(ctx.cache, ctx.target.exp.store, unit.objects, ctx.progress);
  },

  async stage(ctx, unit, files, into) {
    const w = ctx.warehouse;
    const table = into.raw as string;
    const delivery = unit.delivery as CurDelivery;
    ctx.logger.info(`stage ${unit.period}: reading ${files.length} file(s) into DuckDB`);
    const result = await stage(w, {
      table,
      delivery,
      files,
      sourceName: ctx.target.name,
      loadId: ctx.loadId,
    });
    await checkPeriod(w, ctx.target.exp.store, periodFromLabel(unit.period), table);
    return {
      format: formatOf(delivery),
      columns: [...new Set(result.lineage.map((l) => l.header))],
      read: await sliceTotals(w, rawSlice(table, ctx.target.name)),
      lineage: result.lineage,
    };
  },

  normalize: (ctx, unit, _staged, into) => stageFocus(ctx.warehouse, focusStageRequest(ctx, unit, into)),

  reconcile: (ctx, unit, staged) => reconcilePeriod(ctx.warehouse, ctx.target.name, unit.period, staged.read),

  afterSwap: (ctx, unit, staged) =>
    replaceLineage(ctx.warehouse, ctx.target.name, unit.period, staged.lineage),
};

/** What the delivery is, for the ledger: `CUR CSV`, `CUR 2.0 Parquet`, `CUR Parquet (Athena)`. */
function formatOf(d: CurDelivery): string {
  const kind = d.curVersion === 'v2' ? 'CUR 2.0' : 'CUR';
  return `${kind} ${d.format === 'parquet' ? 'Parquet' : 'CSV'}${d.athena ? ' (Athena)' : ''}`;
}

/**
 * Alibaba Cloud's FOCUS 1.0 (preview) export, pushed to OSS as batches (daily or monthly): a unit is one
 * batch, which replaces exactly its own rows in its period (`increment`), or, when every batch holds
 * the month so far (`snapshot`), the source's whole period, older batches being superseded.
 */
import { inputError } from '../../errors.ts';
import { cloudApplicability } from '../../focus/applicability.ts';
import { fetchFiles } from '../../pipeline/fetch-files.ts';
import { sliceTotals } from '../../warehouse/reconcile.ts';
import type { Source, Staged } from '../source.ts';
import {
  type AlibabaTarget,
  type AlibabaUnit,
  normalizeBatch,
  rawSlice,
  reconcileBatch,
  sliceOf,
  stageBatch,
} from './batch-steps.ts';
import type { PlannedColumn } from './columns.ts';
import { discoverBatches } from './discover.ts';
import { planBatches } from './plan.ts';
import { focusAlibabaTables, rawAlibabaTables, SOURCE_TYPE } from './tables.ts';
import { checkZone } from './timezone.ts';

interface AlibabaStaged extends Staged {
  planned: PlannedColumn[];
}

export const alibaba: Source<AlibabaTarget, AlibabaUnit, AlibabaStaged> = {
  type: SOURCE_TYPE,
  description:
    'Alibaba Cloud FOCUS 1.0 (preview) exports, batch by batch, into alibaba_billing and focus.costs',
  tables: { raw: rawAlibabaTables, focus: focusAlibabaTables },
  disposition: 'replace-slice',
  applicability: cloudApplicability,

  async plan(ctx, target) {
    await checkZone(ctx.warehouse, target.timezone);
    const found = await discoverBatches(target.exp, { start: target.start, end: target.end });
    if (found.ignored.length)
      ctx.logger.debug(`${target.name}: ${found.ignored.length} object(s) do not match the layout`);
    if (found.batches.length === 0) {
      throw inputError(
        `no Alibaba FOCUS files at ${target.location} match the layout ${JSON.stringify(target.exp.layout.pattern)}`,
        {
          hint: found.ignored.length
            ? `${found.ignored.length} object(s) are there, e.g. ${found.ignored[0]}: set alibaba.pattern (--pattern) to the export's folders`
            : 'check the location (and --start/--end)',
        },
      );
    }
    const plans = await planBatches(ctx.warehouse, target.name, found.batches, target.mode);
    return plans.map((p) => ({
      period: p.batch.period,
      part: p.batch.batchId,
      versionId: p.versionId,
      manifestKey: p.batch.batchId,
      files: p.batch.objects.length,
      bytes: p.batch.bytes,
      superseded: p.state === 'superseded',
      batch: p.batch,
    }));
  },

  async fetch(ctx, unit) {
    const { batch } = unit;
    ctx.progress.start(`fetch ${batch.period} ${batch.batchId}`, {
      files: batch.objects.length,
      bytes: batch.bytes,
    });
    return fetchFiles(ctx.cache, ctx.target.exp.store, batch.objects, ctx.progress);
  },

  async stage(ctx, unit, files, into) {
    const planned = await stageBatch(ctx, unit, files, into.raw as string);
    return {
      format: 'Alibaba FOCUS 1.0 (preview)',
      columns: planned.map((c) => c.header),
      planned,
      read: await sliceTotals(ctx.warehouse, rawSlice(into.raw as string, ctx.target.name)),
    };
  },

  normalize: (ctx, unit, staged, into) =>
    normalizeBatch(ctx, unit, staged.planned, into.raw as string, into.focus),

  slice: sliceOf,

  reconcile: (ctx, unit, staged) => reconcileBatch(ctx, unit, staged.read),

  validationHint: (target) => `finops focus validate --provider "${target.naming.providerName}"`,
};

/**
 * The steps of one Azure month between fetch and publish: stage the runs' files (cost details typed
 * into the raw stage, FocusCost rows as FOCUS beside it), check them against their manifests, then map
 * the cost details to FOCUS and join both kinds into the month's FOCUS stage.
 */
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import { stageNativeFocus } from '../focus/stage.ts';
import { focusStageRequest } from '../focus-stage.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import type { StageTables, UnitContext } from '../source.ts';
import {
  checkMonth,
  checkRowCounts,
  dropSupersededDays,
  dropUndeclaredDays,
  type StagedRows,
} from './checks.ts';
import { classifyFiles } from './classify.ts';
import type { AzureTarget, AzureUnit } from './plan.ts';
import { stageCostDetails } from './stage.ts';
import { stageDetailsFocus } from './to-focus.ts';

/** Which kinds of file the month had. */
export interface MonthKinds {
  details: boolean;
  native: boolean;
}

/** The month's work tables beside its FOCUS stage (dropped with the load's stages). */
export const workTables = (into: StageTables) => ({
  native: into.work('native'),
  nativeFocus: into.work('native_focus'),
  detailsFocus: into.work('details'),
});

export async function stageMonthFiles(
  ctx: UnitContext<AzureTarget>,
  unit: AzureUnit,
  files: LocalDataFile[],
  into: StageTables,
): Promise<MonthKinds> {
  const w = ctx.warehouse;
  const classified = await classifyFiles(w, unit.runs, files);
  const detailFiles = classified.details.flatMap((g) => g.files);
  const focusFiles = classified.focus.map((f) => f.file);
  ctx.logger.info(
    `stage ${unit.period}: ${detailFiles.length} cost details file(s), ${focusFiles.length} FOCUS file(s)`,
  );
  if (detailFiles.length > 0) {
    const table = into.raw as string;
    await stageCostDetails(w, {
      table,
      groups: classified.details,
      sourceName: ctx.target.name,
      loadId: ctx.loadId,
    });
    const rows = {
      table,
      fileColumn: 'finops_source_file',
      day: '"Date"',
      billingPeriod: '"BillingPeriodStartDate"',
    };
    await checkStaged(ctx, rows, unit, detailFiles);
  }
  if (focusFiles.length > 0) {
    const table = workTables(into).native;
    const result = await stageNativeFocus(w, {
      table,
      files: focusFiles,
      sourceName: ctx.target.name,
      sourceVersion: unit.versionId,
      provider: 'Microsoft',
    });
    for (const warning of result.warnings) ctx.logger.debug(`${ctx.target.name}: ${warning}`);
    const day = 'CAST(ChargePeriodStart AS DATE)';
    const billingPeriod = 'CAST(BillingPeriodStart AS DATE)';
    await checkStaged(ctx, { table, fileColumn: 'x_SourceFile', day, billingPeriod }, unit, focusFiles);
  }
  return { details: detailFiles.length > 0, native: focusFiles.length > 0 };
}

async function checkStaged(
  ctx: UnitContext<AzureTarget>,
  rows: StagedRows,
  unit: AzureUnit,
  files: LocalDataFile[],
) {
  const w = ctx.warehouse;
  await checkRowCounts(w, rows, unit.runs, files);
  await checkMonth(w, rows, unit.billingPeriod, files);
  const dropped = await dropUndeclaredDays(w, rows, unit.runs);
  if (dropped > 0) {
    ctx.logger.warn(
      `${ctx.target.name} ${unit.period}: left out ${dropped} row(s) dated outside the days their export run declares`,
    );
  }
  await dropSupersededDays(w, rows, unit.runs);
}

export async function normalizeMonth(
  ctx: UnitContext<AzureTarget>,
  unit: AzureUnit,
  kinds: MonthKinds,
  into: StageTables,
): Promise<void> {
  const w = ctx.warehouse;
  const work = workTables(into);
  const parts: string[] = [];
  if (kinds.details) {
    await stageDetailsFocus(w, { ...focusStageRequest(ctx, unit, into), target: work.detailsFocus });
    parts.push(work.detailsFocus);
  }
  if (kinds.native) {
    const sql = fillTemplate(readSql(import.meta.url, 'native.sql'), {
      target: work.nativeFocus,
      native: work.native,
    });
    const fileScopes = unit.runs.flatMap((r) => r.objects.map((o) => [o.key, r.run.scope] as const));
    await w.run(sql, {
      loadId: ctx.loadId,
      files: fileScopes.map(([file]) => file),
      scopes: fileScopes.map(([, scope]) => scope),
    });
    parts.push(work.nativeFocus);
  }
  await w.run(
    `CREATE TABLE ${into.focus} AS ${parts.map((p) => `SELECT * FROM ${p}`).join(' UNION ALL BY NAME ')}`,
  );
  for (const table of Object.values(work)) await w.run(`DROP TABLE IF EXISTS ${table}`);
}

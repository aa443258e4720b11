/**
 * The steps of one Alibaba batch between fetch and publish: stage its files typed (in the zone its
 * timestamps are in), map them to FOCUS, and tell what the export lacks once per import (thirty daily
 * batches say a thing once); then reconcile exactly this batch's published rows with what was read.
 */
import { inputError } from '../../errors.ts';
import type { PeriodTableSet } from '../../warehouse/period-tables.ts';
import { periodTable } from '../../warehouse/period-tables.ts';
import { reconcilePublished, type SliceTotal } from '../../warehouse/reconcile.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import type { Target, Unit, UnitContext } from '../source.ts';
import type { PlannedColumn } from './columns.ts';
import type { Batch, ExportRef } from './discover.ts';
import { describeGaps, gapsOf, repeatedDays, unnamedCodes } from './findings.ts';
import type { BatchMode } from './plan.ts';
import { groupByHeader, stageRaw } from './stage.ts';
import { focusAlibabaTables, focusLineage, rawAlibabaTables, rawLineage } from './tables.ts';
import { decideZone } from './timezone.ts';
import { type NamingSettings, stageFocus } from './to-focus.ts';

export interface AlibabaTarget extends Target {
  exp: ExportRef;
  mode: BatchMode;
  /** alibaba.timezone: a zone name or `auto`. */
  timezone: string;
  naming: NamingSettings;
  start?: string;
  end?: string;
  /** Findings already told in this import. */
  told: Set<string>;
}

export interface AlibabaUnit extends Unit {
  batch: Batch;
}

type Ctx = UnitContext<AlibabaTarget>;

export async function stageBatch(
  ctx: Ctx,
  unit: AlibabaUnit,
  files: LocalDataFile[],
  table: string,
): Promise<PlannedColumn[]> {
  const groups = await groupByHeader(files);
  const first = groups[0];
  if (!first) throw new Error('a batch without files');
  for (const g of groups) for (const warning of g.plan.warnings) tell(ctx, 'warn', warning);
  const t = ctx.target;
  const zone = await decideZone(ctx.warehouse, first.files[0]?.path as string, first.plan, t.timezone);
  if (zone.note) tell(ctx, 'info', zone.note);
  if (zone.warning) tell(ctx, 'warn', zone.warning);
  ctx.logger.debug(`stage ${unit.period} ${unit.batch.batchId}: reading ${files.length} file(s) into DuckDB`);
  await stageRaw(ctx.warehouse, {
    table,
    groups,
    sourceName: t.name,
    loadId: ctx.loadId,
    batchId: unit.batch.batchId,
    period: unit.period,
    zone: zone.zone,
    tags: t.naming.tags,
  });
  const columns = new Map<string, PlannedColumn>();
  for (const g of groups)
    for (const c of g.plan.columns) if (!columns.has(c.header)) columns.set(c.header, c);
  return [...columns.values()];
}

export async function normalizeBatch(
  ctx: Ctx,
  unit: AlibabaUnit,
  columns: PlannedColumn[],
  raw: string,
  focus: string,
): Promise<void> {
  const w = ctx.warehouse;
  const t = ctx.target;
  const gaps = describeGaps(await gapsOf(w, raw, columns));
  if (gaps) tell(ctx, 'warn', gaps);
  await stageFocus(w, {
    raw,
    target: focus,
    columns,
    sourceName: t.name,
    sourceVersion: unit.versionId,
    loadId: ctx.loadId,
    naming: t.naming,
  });
  for (const code of await unnamedCodes(w, focus)) {
    tell(
      ctx,
      'warn',
      `${code} is a numeric code with no configured name; kept as delivered (set alibaba.names)`,
    );
  }
  if (t.mode === 'increment') {
    const days = await repeatedDays(w, focus, unit.period, t.name, unit.batch.batchId);
    if (days > 0) {
      // Publishing it would count those days twice: a cumulative export read as increments.
      throw inputError(
        `batch ${unit.batch.batchId} repeats ${days} charge days that other batches of ${unit.period} already delivered: the export looks cumulative (each batch holds the month so far), and loading it as an increment would count those days twice`,
        {
          hint: 'set alibaba.batches = "snapshot" (--batches snapshot): the newest batch of a month then replaces the month',
        },
      );
    }
  }
}

function tell(ctx: Ctx, level: 'info' | 'warn', message: string): void {
  if (ctx.target.told.has(message)) return;
  ctx.target.told.add(message);
  ctx.logger[level](`${ctx.target.name}: ${message}`);
}

/** The rows a batch replaces: its own, or in snapshot mode everything the source has in the period. */
export function sliceOf(ctx: Ctx, unit: AlibabaUnit, which: 'raw' | 'focus'): Record<string, string> {
  const lineage = which === 'raw' ? rawLineage : focusLineage;
  const rows: Record<string, string> = { [lineage.source]: ctx.target.name };
  if (ctx.target.mode === 'increment') rows[lineage.batch] = unit.batch.batchId;
  return rows;
}

export const rawSlice = (table: string, sourceName: string) => ({
  table,
  sourceColumn: rawLineage.source,
  sourceName,
  costColumn: 'BilledCost',
  currencyColumn: 'BillingCurrency',
  fileColumn: rawLineage.file,
  scale: 18,
});

/** Published (raw and FOCUS) must equal read, per file and currency, to the last digit. */
export async function reconcileBatch(ctx: Ctx, unit: AlibabaUnit, read: SliceTotal[]): Promise<void> {
  const w = ctx.warehouse;
  const what = `${unit.period} batch ${unit.batch.batchId}`;
  const published = (set: PeriodTableSet, load: string) =>
    `(SELECT * FROM ${periodTable(set, unit.period)} WHERE ${load} = ${ctx.loadId})`;
  const raw = rawSlice(published(rawAlibabaTables, rawLineage.load), ctx.target.name);
  await reconcilePublished(w, read, raw, `${what} (raw)`);
  const focusSlice = {
    ...rawSlice(published(focusAlibabaTables, focusLineage.load), ctx.target.name),
    sourceColumn: focusLineage.source,
    fileColumn: focusLineage.file,
  };
  await reconcilePublished(w, read, focusSlice, `${what} (FOCUS)`);
}

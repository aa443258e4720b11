/**
 * Whether the daily aggregates match the warehouse: built at all, and current with the ledger. The
 * dashboard checks this each time it opens the warehouse and rebuilds what a load has changed since
 * (one slice per stale source and period), so every source's loads show up without the loaders
 * knowing about the dashboard.
 */
import type { Logger } from '../../log.ts';
import { relationExists } from '../../warehouse/relations.ts';
import { readSql } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { type AggregateSlice, rebuildDailyAggregates, refreshDailyAggregates } from './refresh.ts';

export interface AggregateStatus {
  /** focus.costs exists (a first load has happened). */
  focus: boolean;
  /** The aggregate tables exist (migrations 006 and 010 have run). */
  tables: boolean;
  /** Slices recorded as aggregated. */
  slices: number;
  /** focus.costs has rows but nothing was ever aggregated. */
  unbuilt: boolean;
  /** Slices whose newest successful load is newer than their aggregates. */
  stale: AggregateSlice[];
}

export async function inspectAggregates(w: Warehouse): Promise<AggregateStatus> {
  const focus = await relationExists(w, 'focus', 'costs');
  // The newest aggregate table too: a warehouse migrated before it existed needs a writable open first.
  const tables =
    (await relationExists(w, 'finops_meta', 'daily_slices')) &&
    (await relationExists(w, 'finops_meta', 'monthly_tag_compliance'));
  const hasRows = focus && (await w.one<{ n: boolean }>('SELECT EXISTS (FROM focus.costs) AS n'))?.n === true;
  if (!tables) return { focus, tables, slices: 0, unbuilt: hasRows, stale: [] };
  const slices =
    (await w.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM finops_meta.daily_slices'))?.n ?? 0;
  const stale = await w.all<{ source_type: string; source_name: string; billing_period: string }>(
    readSql(import.meta.url, 'stale-slices.sql'),
  );
  return {
    focus,
    tables,
    slices,
    unbuilt: hasRows && slices === 0,
    stale: stale.map((s) => ({
      sourceType: s.source_type,
      sourceName: s.source_name,
      period: s.billing_period,
    })),
  };
}

export function needsUpdate(status: AggregateStatus): boolean {
  return status.unbuilt || status.stale.length > 0 || (status.focus && !status.tables);
}

/**
 * Builds what is missing, on a writable warehouse: everything when nothing was built or most slices
 * are stale (one pass over focus.costs beats many), else the stale slices one by one.
 */
export async function updateAggregates(w: Warehouse, logger: Logger): Promise<void> {
  const status = await inspectAggregates(w);
  if (!status.focus) return;
  if (status.unbuilt || status.stale.length * 2 > status.slices) {
    logger.info('building the dashboard aggregates from focus.costs ...');
    const started = performance.now();
    await rebuildDailyAggregates(w);
    logger.info(`built the dashboard aggregates in ${Math.round(performance.now() - started)} ms`);
    return;
  }
  for (const slice of status.stale) {
    logger.info(`refreshing the dashboard aggregates of ${slice.sourceName} ${slice.period}`);
    await refreshDailyAggregates(w, slice);
  }
}

/**
 * The dashboard's aggregates (finops_meta.daily_costs, monthly_costs, daily_tag_costs,
 * daily_commitments; migration 006), maintained from focus.costs one slice at a time. A slice is what a
 * load publishes: one billing period of one source. When the dashboard finds a slice newer in the ledger
 * than in the aggregates (status.ts), `refreshDailyAggregates` deletes and rebuilds that slice's rows from
 * focus.costs in one transaction, so the dashboard sees the old totals or the new ones, never a mix.
 *
 * The charts never read focus.costs itself: a few hundred thousand aggregate rows answer in
 * milliseconds where ten million detail rows would take seconds.
 */
import { usageError } from '../../errors.ts';
import { governedCosts } from '../../govern/governed-costs.ts';
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';

export interface AggregateSlice {
  /** x_SourceType of the rows, the ledger's source_type (`aws-cur`, `focus`, `alibaba`). */
  sourceType: string;
  /** x_SourceName of the rows, the ledger's source_name. */
  sourceName: string;
  /** The billing period, YYYY-MM (of BillingPeriodStart, in UTC). */
  period: string;
}

const aggregateTables = [
  'daily_costs',
  'monthly_costs',
  'daily_tag_costs',
  'daily_commitments',
  'monthly_tag_compliance',
] as const;
const builders = ['costs.sql', 'tags.sql', 'commitments.sql', 'tag-compliance.sql'] as const;

/**
 * The slice's rows in focus.costs. The range on BillingPeriodStart lets DuckDB skip other periods'
 * row groups; the strftime test is the exact rule the aggregates' billing_period column uses.
 */
const rowScope = `x_SourceType = $sourceType AND x_SourceName = $sourceName
  AND BillingPeriodStart >= CAST($period || '-01' AS TIMESTAMPTZ) - INTERVAL 1 DAY
  AND BillingPeriodStart < CAST($period || '-01' AS TIMESTAMPTZ) + INTERVAL 1 MONTH + INTERVAL 1 DAY
  AND strftime(BillingPeriodStart, '%Y-%m') = $period`;
const aggregateScope = 'source_type = $sourceType AND source_name = $sourceName AND billing_period = $period';

/** Rebuilds one slice's aggregates in a transaction of its own. Call after the load's publish commits. */
export async function refreshDailyAggregates(w: Warehouse, slice: AggregateSlice): Promise<void> {
  await w.transaction(() => replaceDailySlice(w, slice));
}

/**
 * Rebuilds one slice's aggregates without a transaction of its own: for a caller that runs it inside
 * its publishing transaction, so the aggregates commit together with the rows.
 */
export async function replaceDailySlice(w: Warehouse, slice: AggregateSlice): Promise<void> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(slice.period)) {
    throw usageError(`billing period ${JSON.stringify(slice.period)} is not YYYY-MM`);
  }
  const params = { sourceType: slice.sourceType, sourceName: slice.sourceName, period: slice.period };
  for (const table of aggregateTables) {
    await w.run(`DELETE FROM finops_meta.${table} WHERE ${aggregateScope}`, params);
  }
  const costs = await governedCosts(w);
  for (const file of builders) {
    await w.run(fillTemplate(readSql(import.meta.url, file), { scope: `(${rowScope})`, costs }), params);
  }
  await w.run(
    fillTemplate(readSql(import.meta.url, 'monthly.sql'), { scope: `(${aggregateScope})` }),
    params,
  );
  await w.run(
    fillTemplate(readSql(import.meta.url, 'record-slices.sql'), { scope: `(${aggregateScope})` }),
    params,
  );
}

/** Rebuilds every slice from focus.costs in one pass: for a warehouse whose aggregates were never built. */
export async function rebuildDailyAggregates(w: Warehouse): Promise<void> {
  await w.transaction(async () => {
    for (const table of [...aggregateTables, 'daily_slices']) await w.run(`DELETE FROM finops_meta.${table}`);
    const costs = await governedCosts(w);
    for (const file of builders)
      await w.run(fillTemplate(readSql(import.meta.url, file), { scope: 'true', costs }));
    await w.run(fillTemplate(readSql(import.meta.url, 'monthly.sql'), { scope: 'true' }));
    await w.run(fillTemplate(readSql(import.meta.url, 'record-slices.sql'), { scope: 'true' }));
  });
}

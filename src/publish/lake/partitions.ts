/**
 * The lake's partitions: one per provider and billing period of focus.costs, with a fingerprint of what
 * is in it. Loads are immutable once published, so the set of loads (and source versions) behind a
 * partition identifies its content: an unchanged fingerprint means there is nothing to write.
 */
import { createHash } from 'node:crypto';
import type { Warehouse } from '../../warehouse/warehouse.ts';

export interface LakePartition {
  /** ServiceProviderName as it is in the data. */
  provider: string;
  /** The `provider=` value: a lower-case slug, safe in paths and for every engine. */
  providerSlug: string;
  /** YYYY-MM */
  period: string;
  rows: number;
  fingerprint: string;
}

export interface LakeScope {
  provider?: string;
  /** YYYY-MM, inclusive. */
  start?: string;
  end?: string;
}

export function providerSlug(provider: string): string {
  return (
    provider
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'unknown'
  );
}

export async function lakePartitions(w: Warehouse, scope: LakeScope): Promise<LakePartition[]> {
  const rows = await w.all<{ provider: string; period: string; rows: number; loads: string }>(
    `SELECT coalesce(ServiceProviderName, ProviderName, 'unknown') AS provider,
            strftime(BillingPeriodStart, '%Y-%m') AS period, count(*)::INTEGER AS rows,
            string_agg(DISTINCT concat_ws(':', x_SourceType, x_SourceName, x_SourceVersion, x_LoadId), ',' ORDER BY
              concat_ws(':', x_SourceType, x_SourceName, x_SourceVersion, x_LoadId)) AS loads
     FROM focus.costs
     WHERE ($provider IS NULL OR lower(coalesce(ServiceProviderName, ProviderName)) = lower($provider))
       AND ($start IS NULL OR strftime(BillingPeriodStart, '%Y-%m') >= $start)
       AND ($end IS NULL OR strftime(BillingPeriodStart, '%Y-%m') <= $end)
     GROUP BY ALL ORDER BY 1, 2`,
    { provider: scope.provider ?? null, start: scope.start ?? null, end: scope.end ?? null },
  );
  return rows.map((r) => ({
    provider: r.provider,
    providerSlug: providerSlug(r.provider),
    period: r.period,
    rows: r.rows,
    fingerprint: createHash('sha256').update(`${r.rows}\n${r.loads}`).digest('hex').slice(0, 32),
  }));
}

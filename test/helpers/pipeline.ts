/** A throw-away warehouse and download cache, and a one-call import, for pipeline tests. */
import path from 'node:path';
import { silentLogger } from '../../src/log.ts';
import type { UnitOutcome } from '../../src/pipeline/outcome.ts';
import { runSource } from '../../src/pipeline/run-source.ts';
import { silentProgress } from '../../src/progress.ts';
import type { CurExportRef } from '../../src/sources/aws-cur/discover.ts';
import { awsCur } from '../../src/sources/aws-cur/index.ts';
import { DownloadCache } from '../../src/stores/cache.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import { tempDir } from './tmp.ts';

/** The error of a source that could not be planned at all (recorded as the failed unit `*`). */
export const planFailure = (outcomes: UnitOutcome[]): unknown =>
  outcomes.find((o) => o.period === '*' && o.status === 'failed')?.error;

export interface TestWarehouse {
  warehouse: Warehouse;
  cache: DownloadCache;
  dir: string;
  dbPath: string;
  importExport(
    exp: CurExportRef,
    options?: { force?: boolean; dryRun?: boolean; sourceName?: string; allowDuplicate?: boolean },
  ): Promise<UnitOutcome[]>;
  /** Sum of unblended cost per billing period in the published view, as exact text. */
  periodTotals(): Promise<Record<string, { rows: number; cost: string }>>;
}

export async function openTestWarehouse(): Promise<TestWarehouse> {
  const dir = await tempDir('warehouse');
  const dbPath = path.join(dir, 'finops.duckdb');
  const warehouse = await Warehouse.open({ path: dbPath, memoryLimit: '1GB' });
  const cache = new DownloadCache({
    root: path.join(dir, 'cache'),
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  });
  return {
    warehouse,
    cache,
    dir,
    dbPath,
    importExport: (exp, options = {}) =>
      runSource(
        awsCur,
        { warehouse, cache, progress: silentProgress, logger: silentLogger },
        { name: options.sourceName ?? exp.exportName, location: exp.store.url, exp },
        { force: options.force, dryRun: options.dryRun, allowDuplicate: options.allowDuplicate },
      ),
    periodTotals: async () => {
      const rows = await warehouse.all<{ period: string; rows: number; cost: string }>(
        `SELECT strftime(bill_billing_period_start_date, '%Y-%m') AS period, count(*)::INTEGER AS rows,
                sum(line_item_unblended_cost)::DECIMAL(38,10)::VARCHAR AS cost
         FROM aws_billing.billing GROUP BY ALL ORDER BY ALL`,
      );
      return Object.fromEntries(rows.map((r) => [r.period, { rows: r.rows, cost: r.cost }]));
    },
  };
}

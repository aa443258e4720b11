/** Shared steps of the Azure tests: an import as the CLI runs it, and what landed in focus.costs. */
import { silentLogger } from '../../../src/log.ts';
import { silentProgress } from '../../../src/progress.ts';
import { importAzure, type MonthOutcome } from '../../../src/sources/azure/import.ts';
import type { ObjectStore } from '../../../src/stores/store.ts';
import type { TestWarehouse } from '../../helpers/pipeline.ts';

export function runAzureImport(
  wh: TestWarehouse,
  store: ObjectStore,
  prefix = '',
  options: { force?: boolean; dryRun?: boolean; sourceName?: string; startDate?: string } = {},
): Promise<MonthOutcome[]> {
  return importAzure(
    { warehouse: wh.warehouse, cache: wh.cache, progress: silentProgress, logger: silentLogger },
    {
      exp: { store, prefix, startDate: options.startDate },
      sourceName: options.sourceName ?? 'azure',
      location: store.url,
      force: options.force,
      dryRun: options.dryRun,
    },
  );
}

export interface MonthTotals {
  rows: number;
  billed: string;
  effective: string;
}

/** Rows, BilledCost and EffectiveCost per month of one source in focus.costs, exact to 10 digits. */
export async function focusTotals(
  wh: TestWarehouse,
  sourceName = 'azure',
): Promise<Record<string, MonthTotals>> {
  const rows = await wh.warehouse.all<{ period: string } & MonthTotals>(
    `SELECT strftime(BillingPeriodStart, '%Y-%m') AS period, count(*)::INTEGER AS rows,
            sum(BilledCost)::DECIMAL(38,10)::VARCHAR AS billed, sum(EffectiveCost)::DECIMAL(38,10)::VARCHAR AS effective
     FROM focus.costs WHERE x_SourceName = $sourceName GROUP BY ALL ORDER BY ALL`,
    { sourceName },
  );
  return Object.fromEntries(rows.map(({ period, ...t }) => [period, t]));
}

/** Why each failed month failed. */
export const failures = (outcomes: MonthOutcome[]) =>
  outcomes.filter((o) => o.status === 'failed').map((o) => `${o.period}: ${(o.error as Error).message}`);

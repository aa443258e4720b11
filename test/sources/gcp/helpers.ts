/** A GCP import in one call, and the published totals a test compares with what was delivered. */
import { silentLogger } from '../../../src/log.ts';
import type { UnitOutcome } from '../../../src/pipeline/outcome.ts';
import { runSource } from '../../../src/pipeline/run-source.ts';
import { silentProgress } from '../../../src/progress.ts';
import { gcp } from '../../../src/sources/gcp/index.ts';
import type { GcpOrigin } from '../../../src/sources/gcp/plan.ts';
import type { TestWarehouse } from '../../helpers/pipeline.ts';

export interface GcpImportOptions {
  sourceName?: string;
  location?: string;
  months?: string[];
  force?: boolean;
  dryRun?: boolean;
}

export function runGcpImport(
  wh: TestWarehouse,
  origin: GcpOrigin,
  options: GcpImportOptions = {},
): Promise<UnitOutcome[]> {
  return runSource(
    gcp,
    { warehouse: wh.warehouse, cache: wh.cache, progress: silentProgress, logger: silentLogger },
    {
      name: options.sourceName ?? 'gcp-test',
      location: options.location ?? 'test',
      origin,
      months: options.months,
    },
    { force: options.force, dryRun: options.dryRun },
  );
}

export interface MonthTotals {
  period: string;
  rows: number;
  cost: string;
}

/** Per invoice month: raw rows and cost + credits; FOCUS charge rows and BilledCost (credits included). */
export async function gcpTotals(wh: TestWarehouse): Promise<{ raw: MonthTotals[]; focus: MonthTotals[] }> {
  const raw = await wh.warehouse.all<MonthTotals & Record<string, string | number>>(
    `SELECT invoice_month[1:4] || '-' || invoice_month[5:6] AS period, count(*)::INTEGER AS rows,
            sum(cost + credits_total)::DECIMAL(38,9)::VARCHAR AS cost
     FROM gcp_billing.billing GROUP BY ALL ORDER BY ALL`,
  );
  const focus = await wh.warehouse.all<MonthTotals & Record<string, string | number>>(
    `SELECT strftime(BillingPeriodStart, '%Y-%m') AS period,
            (count(*) FILTER (WHERE x_CreditType IS NULL))::INTEGER AS rows,
            sum(BilledCost)::DECIMAL(38,9)::VARCHAR AS cost
     FROM focus.costs WHERE x_SourceType = 'gcp' GROUP BY ALL ORDER BY ALL`,
  );
  return { raw, focus };
}

/**
 * For the Alibaba tests: an import request with the sample's settings against any store, a logger that
 * keeps what it was told, and the warehouse's totals per Alibaba billing month (the month of
 * BillingPeriodStart in Beijing time, since the export's months start at 16:00 UTC the day before).
 */
import { defaultAlibabaPattern, defaultTagKeys } from '../../../src/config/alibaba.ts';
import type { Logger } from '../../../src/log.ts';
import type { UnitOutcome } from '../../../src/pipeline/outcome.ts';
import { planUnits, runSource, unitState } from '../../../src/pipeline/run-source.ts';
import { silentProgress } from '../../../src/progress.ts';
import { sampleNames } from '../../../src/sample/alibaba/catalog.ts';
import type { AlibabaTarget } from '../../../src/sources/alibaba/batch-steps.ts';
import { alibaba } from '../../../src/sources/alibaba/index.ts';
import { compileLayout } from '../../../src/sources/alibaba/layout.ts';
import { tagKeys } from '../../../src/sources/alibaba/tags.ts';
import type { ObjectStore } from '../../../src/stores/store.ts';
import type { TestWarehouse } from '../../helpers/pipeline.ts';

export interface ToldLogger extends Logger {
  lines: string[];
}

export function toldLogger(): ToldLogger {
  const lines: string[] = [];
  return {
    lines,
    debug: () => undefined,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}

/** A target with the run's options, as the tests write it. */
export type AlibabaRequest = Omit<AlibabaTarget, 'told'> & { force?: boolean; dryRun?: boolean };

export function alibabaRequest(
  store: ObjectStore,
  prefix: string,
  overrides: Partial<AlibabaRequest> = {},
): AlibabaRequest {
  return {
    exp: { store, prefix, layout: compileLayout(defaultAlibabaPattern) },
    name: 'alibaba',
    location: `${store.url}/${prefix}`,
    mode: 'increment',
    timezone: 'Asia/Shanghai',
    naming: { providerName: 'Alibaba Cloud', names: sampleNames, tags: tagKeys(defaultTagKeys) },
    ...overrides,
  };
}

export function runImport(
  wh: TestWarehouse,
  req: AlibabaRequest,
  logger: Logger = toldLogger(),
): Promise<UnitOutcome[]> {
  const { force, dryRun, ...target } = req;
  return runSource(
    alibaba,
    { warehouse: wh.warehouse, cache: wh.cache, progress: silentProgress, logger },
    { ...target, told: new Set() },
    { force, dryRun },
  );
}

/** The export's batches and their state, as `finops alibaba list` shows them. */
export async function listBatches(wh: TestWarehouse, req: AlibabaRequest) {
  const { force: _force, dryRun: _dryRun, ...target } = req;
  const units = await planUnits(
    alibaba,
    {
      warehouse: wh.warehouse,
      cache: wh.cache,
      progress: silentProgress,
      logger: toldLogger(),
      force: false,
    },
    { ...target, told: new Set() },
  );
  return units.map((u) => ({ batch: u.batch, state: unitState(u) }));
}

/** Rows and BilledCost (10 digits) per Alibaba billing month in focus.costs and in the raw view. */
export async function alibabaTotals(wh: TestWarehouse) {
  const query = (relation: string) =>
    wh.warehouse.all<{ period: string; rows: number; cost: string }>(
      `SELECT strftime(BillingPeriodStart AT TIME ZONE 'Asia/Shanghai', '%Y-%m') AS period, count(*)::INTEGER AS rows,
              sum(BilledCost)::DECIMAL(38,10)::VARCHAR AS cost
       FROM ${relation} GROUP BY ALL ORDER BY ALL`,
    );
  return { focus: await query('focus.costs'), raw: await query('alibaba_billing.billing') };
}

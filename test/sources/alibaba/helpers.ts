/**
 * For the Alibaba tests: an import request with the sample's settings against any store, a logger that
 * keeps what it was told, and the warehouse's totals per Alibaba billing month (the month of
 * BillingPeriodStart in Beijing time, since the export's months start at 16:00 UTC the day before).
 */
import { defaultAlibabaPattern, defaultTagKeys } from '../../../src/config/alibaba.ts';
import type { Logger } from '../../../src/log.ts';
import { silentProgress } from '../../../src/progress.ts';
import { sampleNames } from '../../../src/sample/alibaba/catalog.ts';
import type { AlibabaRequest, BatchOutcome } from '../../../src/sources/alibaba/import.ts';
import { importAlibaba } from '../../../src/sources/alibaba/import.ts';
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

export function alibabaRequest(
  store: ObjectStore,
  prefix: string,
  overrides: Partial<AlibabaRequest> = {},
): AlibabaRequest {
  return {
    exp: { store, prefix, layout: compileLayout(defaultAlibabaPattern) },
    sourceName: 'alibaba',
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
): Promise<BatchOutcome[]> {
  return importAlibaba({ warehouse: wh.warehouse, cache: wh.cache, progress: silentProgress, logger }, req);
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

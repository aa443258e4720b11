/**
 * Shared steps of the Azure tests: an import as the CLI runs it, what landed in focus.costs, and export
 * runs written by hand in the delivered layout (for the cases a generator would not produce).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Logger, silentLogger } from '../../../src/log.ts';
import type { UnitOutcome } from '../../../src/pipeline/outcome.ts';
import { runSource } from '../../../src/pipeline/run-source.ts';
import { silentProgress } from '../../../src/progress.ts';
import { sampleScopes } from '../../../src/sample/azure/generate.ts';
import { azure } from '../../../src/sources/azure/index.ts';
import type { ObjectStore } from '../../../src/stores/store.ts';
import type { TestWarehouse } from '../../helpers/pipeline.ts';

export function runAzureImport(
  wh: TestWarehouse,
  store: ObjectStore,
  prefix = '',
  options: {
    force?: boolean;
    dryRun?: boolean;
    sourceName?: string;
    startDate?: string;
    logger?: Logger;
  } = {},
): Promise<UnitOutcome[]> {
  return runSource(
    azure,
    {
      warehouse: wh.warehouse,
      cache: wh.cache,
      progress: silentProgress,
      logger: options.logger ?? silentLogger,
    },
    {
      name: options.sourceName ?? 'azure',
      location: store.url,
      exp: { store, prefix, startDate: options.startDate },
    },
    { force: options.force, dryRun: options.dryRun },
  );
}

export type MonthTotals = { rows: number; billed: string; effective: string };

/** Rows, BilledCost and EffectiveCost per month of one source in focus.costs, exact to 10 digits. */
export async function focusTotals(
  wh: TestWarehouse,
  sourceName = 'azure',
): Promise<Record<string, MonthTotals>> {
  const rows = await wh.warehouse.all<{ period: string; rows: number; billed: string; effective: string }>(
    `SELECT strftime(BillingPeriodStart, '%Y-%m') AS period, count(*)::INTEGER AS rows,
            sum(BilledCost)::DECIMAL(38,10)::VARCHAR AS billed, sum(EffectiveCost)::DECIMAL(38,10)::VARCHAR AS effective
     FROM focus.costs WHERE x_SourceName = $sourceName GROUP BY ALL ORDER BY ALL`,
    { sourceName },
  );
  return Object.fromEntries(rows.map(({ period, ...t }) => [period, t]));
}

/** How many export runs a month was loaded from (the ledger's manifest keys, one per run). */
export const runsOf = (outcome: UnitOutcome | undefined) => outcome?.manifestKey?.split(',').length ?? 0;

/** Why each failed month failed. */
export const failures = (outcomes: UnitOutcome[]) =>
  outcomes.filter((o) => o.status === 'failed').map((o) => `${o.period}: ${(o.error as Error).message}`);

export interface RunDelivery {
  /** The folder standing for the container. */
  out: string;
  exportName: string;
  /** exportConfig.type; undefined writes an old (2021-01-01) manifest with the blobs only. */
  type?: 'FocusCost' | 'ActualCost' | 'AmortizedCost';
  scope?: string;
  period: string;
  runId: string;
  submittedTime?: string;
  firstDay?: string;
  lastDay?: string;
  /** Data files: blob file name -> contents. */
  files: Record<string, Buffer | string>;
  /** The manifest's dataRowCount per file (default: lines after the header). */
  rows?: Record<string, number>;
  /** Blob names listed in the manifest but not written. */
  missing?: string[];
}

/** Writes one export run as Cost Management delivers it: data files, then its manifest.json. */
export async function deliverRun(d: RunDelivery): Promise<string> {
  const [year, month] = d.period.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  const folder = `exports/${d.exportName}/${d.period.replace('-', '')}01-${last.replace(/-/g, '')}/${d.runId}`;
  const blobs = [];
  for (const [name, body] of Object.entries(d.files)) {
    const key = `${folder}/${name}`;
    await mkdir(path.dirname(path.join(d.out, key)), { recursive: true });
    await writeFile(path.join(d.out, key), body);
    const text = Buffer.isBuffer(body) ? '' : body;
    const rows = d.rows?.[name] ?? text.split(/\r?\n/).filter((l) => l.trim()).length - 1;
    blobs.push({ blobName: key, byteCount: Buffer.byteLength(body), dataRowCount: rows });
  }
  for (const name of d.missing ?? [])
    blobs.push({ blobName: `${folder}/${name}`, byteCount: 10, dataRowCount: 1 });
  const dataRowCount = blobs.reduce((n, b) => n + b.dataRowCount, 0);
  const manifest = d.type
    ? {
        manifestVersion: '2024-04-01',
        byteCount: blobs.reduce((n, b) => n + b.byteCount, 0),
        blobCount: blobs.length,
        dataRowCount,
        exportConfig: {
          exportName: d.exportName,
          resourceId: `${d.scope ?? '/providers/Microsoft.Billing/billingAccounts/8611537'}/providers/Microsoft.CostManagement/exports/${d.exportName}`,
          type: d.type,
          dataVersion: '2021-10-01',
          timeFrame: 'Custom',
        },
        deliveryConfig: { partitionData: true, dataOverwriteBehavior: 'CreateNewReport', fileFormat: 'Csv' },
        runInfo: {
          executionType: 'OnDemand',
          submittedTime: d.submittedTime ?? `${d.period}-28T02:00:00Z`,
          runId: d.runId,
          startDate: `${d.firstDay ?? `${d.period}-01`}T00:00:00`,
          endDate: `${d.lastDay ?? last}T00:00:00`,
        },
        blobs,
      }
    : { manifestVersion: '2021-01-01', dataFormat: 'csv', blobCount: blobs.length, dataRowCount, blobs };
  const manifestKey = `${folder}/manifest.json`;
  await mkdir(path.join(d.out, folder), { recursive: true });
  await writeFile(path.join(d.out, manifestKey), JSON.stringify(manifest, null, 2));
  return manifestKey;
}

/** The export scopes of a generated sample month, as the import names them. */
export const ACCOUNT_PART = `billingaccounts/${sampleScopes.ea.billingAccountId}`.toLowerCase();
export const FOCUS_PART = `subscriptions/${sampleScopes.focus.subscriptionId}`.toLowerCase();

/**
 * `finops sample azure`: Cost Management exports as they are delivered to a storage container, in a
 * folder standing for the container: per export and month
 * `<root>/<export>/<YYYYMMDD-YYYYMMDD>/<runId>/part_0_000N.csv[.gz]` beside the run's `manifest.json`
 * (exportConfig, deliveryConfig, runInfo, blobs with byte and row counts). Two scopes: a billing account
 * with ActualCost and AmortizedCost exports (EA or MCA column names) and a subscription with a FocusCost
 * 1.0r2 export. Returns exact totals per month, for tests and the demo.
 */
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { periodFromLabel, periodOfDate } from '../../billing-period.ts';
import { CsvWriter } from '../csv-writer.ts';
import { fixed } from '../fixed-decimal.ts';
import { Random } from '../random.ts';
import {
  type Agreement,
  detailsRecord,
  eaHeader,
  focusHeader,
  focusRecord,
  mcaHeader,
  type SampleScope,
} from './columns.ts';
import { type Charge, dayCharges, inDataset } from './rows.ts';

export type SampleDataset = 'FocusCost' | 'ActualCost' | 'AmortizedCost';

export interface AzureSampleOptions {
  /** The folder standing for the storage container. */
  out: string;
  /** The exports' root folder in the container. */
  root?: string;
  /** First month, YYYY-MM. */
  start?: string;
  months?: number;
  /** Days per month (default: the whole month). */
  days?: number;
  rowsPerDay?: number;
  seed?: number;
  agreement?: Agreement;
  gzip?: boolean;
}

export interface SampleMonth {
  period: string;
  /** Exact sums, 10 fractional digits: what FOCUS BilledCost and EffectiveCost must total. */
  billedCost: string;
  effectiveCost: string;
  /** FOCUS rows the month must publish (amortized rows + reservation purchases + FocusCost rows). */
  focusRows: number;
}

export interface AzureSample {
  root: string;
  exports: string[];
  months: SampleMonth[];
}

export const sampleScopes: Record<Agreement | 'focus', SampleScope> = {
  ea: {
    subscriptionId: '6f1d2c3b-4a59-4e7f-9b1a-2c3d4e5f6a7b',
    subscriptionName: 'payments-prod',
    billingAccountId: '08121965',
    billingAccountName: 'Contoso EA',
    billingProfileId: '08121965',
    billingProfileName: 'Contoso EA',
    reservationId: '5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716',
    reservationOrderId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  },
  mca: {
    subscriptionId: '6f1d2c3b-4a59-4e7f-9b1a-2c3d4e5f6a7b',
    subscriptionName: 'payments-prod',
    billingAccountId: '3c2b1a09-8f7e-4d6c-b5a4-938271605f4e:1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e_2019-05-31',
    billingAccountName: 'Contoso Ltd',
    billingProfileId: 'ABCD-EF12-BG7-PGB',
    billingProfileName: 'Contoso Ltd Billing',
    reservationId: '5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716',
    reservationOrderId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  },
  focus: {
    subscriptionId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
    subscriptionName: 'search-prod',
    billingAccountId: '3c2b1a09-8f7e-4d6c-b5a4-938271605f4e:1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e_2019-05-31',
    billingAccountName: 'Contoso Ltd',
    billingProfileId: 'ABCD-EF12-BG7-PGB',
    billingProfileName: 'Contoso Ltd Billing',
    reservationId: '',
    reservationOrderId: '',
  },
};

export async function generateAzureSample(options: AzureSampleOptions): Promise<AzureSample> {
  const root = options.root ?? 'exports';
  const agreement = options.agreement ?? 'ea';
  const random = new Random(options.seed ?? 42);
  const months: SampleMonth[] = [];
  let period = periodFromLabel(options.start ?? '2024-01');
  for (let m = 0; m < (options.months ?? 2); m++, period = periodOfDate(period.end)) {
    const days = daysOf(period.label, options.days);
    const details = days.flatMap((d) =>
      dayCharges(random, d, options.rowsPerDay ?? 20, daysInMonth(period.label)),
    );
    const focus = days
      .flatMap((d) => dayCharges(random, d, Math.max(1, Math.floor((options.rowsPerDay ?? 20) / 2)), 31))
      .filter((c) => c.kind === 'usage');
    const run = (exportName: string, dataset: SampleDataset, charges: Charge[], scopeId: string) =>
      writeExportRun({
        out: options.out,
        root,
        exportName,
        dataset,
        agreement,
        scope: dataset === 'FocusCost' ? sampleScopes.focus : sampleScopes[agreement],
        scopeId,
        period: period.label,
        firstDay: days[0] as string,
        lastDay: days[days.length - 1] as string,
        runId: guid(random),
        submittedTime: `${period.end}T02:00:00Z`,
        charges,
        gzip: options.gzip ?? true,
      });
    const account = `/providers/Microsoft.Billing/billingAccounts/${sampleScopes[agreement].billingAccountId}`;
    const actual = await run('cost-actual', 'ActualCost', details, account);
    const amortized = await run('cost-amortized', 'AmortizedCost', details, account);
    const native = await run(
      'focus-daily',
      'FocusCost',
      focus,
      `/subscriptions/${sampleScopes.focus.subscriptionId}`,
    );
    const purchases = details.filter((c) => c.kind === 'purchase').length;
    months.push({
      period: period.label,
      billedCost: fixed(actual.total + native.total),
      effectiveCost: fixed(amortized.total + native.total),
      focusRows: amortized.rows + purchases + native.rows,
    });
  }
  return { root, exports: ['cost-actual', 'cost-amortized', 'focus-daily'], months };
}

export interface ExportRunSpec {
  out: string;
  root: string;
  exportName: string;
  dataset: SampleDataset;
  agreement: Agreement;
  scope: SampleScope;
  /** The export's scope resource id (`/subscriptions/<id>`, `/providers/Microsoft.Billing/...`). */
  scopeId: string;
  period: string;
  firstDay: string;
  lastDay: string;
  runId: string;
  submittedTime: string;
  charges: Charge[];
  gzip?: boolean;
  /** Rows per data file (the export's partitions). */
  rowsPerFile?: number;
  overwrite?: boolean;
}

export interface WrittenRun {
  manifestKey: string;
  keys: string[];
  rows: number;
  /** Exact sum of the dataset's cost column. */
  total: bigint;
}

/** One export run: its data files and, last (as Azure writes it), its manifest. */
export async function writeExportRun(spec: ExportRunSpec): Promise<WrittenRun> {
  const p = periodFromLabel(spec.period);
  const range = `${p.start.replace(/-/g, '')}-${lastOfMonth(spec.period).replace(/-/g, '')}`;
  const folder = `${spec.root}/${spec.exportName}/${range}/${spec.runId}`;
  const charges = spec.charges.filter(
    (c) =>
      c.day >= spec.firstDay &&
      c.day <= spec.lastDay &&
      (spec.dataset === 'FocusCost' || inDataset(c, spec.dataset)),
  );
  const header = spec.dataset === 'FocusCost' ? focusHeader : spec.agreement === 'ea' ? eaHeader : mcaHeader;
  const perFile = spec.rowsPerFile ?? 5000;
  const blobs: { blobName: string; byteCount: number; dataRowCount: number }[] = [];
  let total = 0n;
  for (let start = 0, n = 1; start < Math.max(1, charges.length); start += perFile, n++) {
    const slice = charges.slice(start, start + perFile);
    const key = `${folder}/part_0_${String(n).padStart(4, '0')}.csv${spec.gzip ? '.gz' : ''}`;
    const file = path.join(spec.out, ...key.split('/'));
    const writer = await CsvWriter.open(file, header, !!spec.gzip);
    for (const c of slice) {
      const dataset = spec.dataset === 'FocusCost' ? 'ActualCost' : spec.dataset;
      await writer.write(
        spec.dataset === 'FocusCost'
          ? focusRecord(spec.scope, c)
          : detailsRecord(spec.agreement, spec.scope, c, dataset),
      );
      total += dataset === 'ActualCost' ? c.actualCost : c.amortizedCost;
    }
    await writer.close();
    blobs.push({ blobName: key, byteCount: (await stat(file)).size, dataRowCount: slice.length });
  }
  const manifestKey = `${folder}/manifest.json`;
  const manifest = {
    manifestVersion: '2024-04-01',
    byteCount: blobs.reduce((n, b) => n + b.byteCount, 0),
    blobCount: blobs.length,
    dataRowCount: charges.length,
    exportConfig: {
      exportName: spec.exportName,
      resourceId: `${spec.scopeId}/providers/Microsoft.CostManagement/exports/${spec.exportName}`,
      dataVersion: spec.dataset === 'FocusCost' ? '1.0r2' : '2021-10-01',
      apiVersion: '2023-07-01-preview',
      type: spec.dataset,
      timeFrame: 'MonthToDate',
      granularity: 'Daily',
    },
    deliveryConfig: {
      partitionData: true,
      dataOverwriteBehavior: spec.overwrite ? 'OverwritePreviousReport' : 'CreateNewReport',
      fileFormat: 'Csv',
      compressionMode: spec.gzip ? 'gzip' : 'None',
      containerUri:
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/finops/providers/Microsoft.Storage/storageAccounts/finopsexports',
      rootFolderPath: spec.root,
    },
    runInfo: {
      executionType: 'Scheduled',
      submittedTime: spec.submittedTime,
      runId: spec.runId,
      startDate: `${spec.firstDay}T00:00:00`,
      endDate: `${spec.lastDay}T00:00:00`,
    },
    blobs,
  };
  await writeFile(path.join(spec.out, ...manifestKey.split('/')), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifestKey, keys: blobs.map((b) => b.blobName), rows: charges.length, total };
}

function daysOf(period: string, limit?: number): string[] {
  const count = Math.min(limit ?? 31, daysInMonth(period));
  return Array.from({ length: count }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`);
}

function daysInMonth(period: string): number {
  return Number(lastOfMonth(period).slice(8, 10));
}

function lastOfMonth(period: string): string {
  const p = periodFromLabel(period);
  return new Date(Date.parse(`${p.end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export function guid(random: Random): string {
  const h = random.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

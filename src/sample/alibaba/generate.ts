/**
 * `finops sample alibaba`: an Alibaba Cloud FOCUS export as the bill subscription pushes it to OSS, one
 * batch a day in dated folders, `<prefix>/<account>/FOCUS/<YYYYMM>/<batch time>/<account>_<site>_FOCUS_
 * <YYYYMM>_<n>.csv.gz` (the layout the importer's default pattern describes; Alibaba does not publish
 * its own). A batch holds one charge day (or with `cumulative` the month so far, as a snapshot export
 * would). Returns what it wrote with exact totals, for tests and the demo.
 */
import path from 'node:path';
import { type BillingPeriod, periodFromLabel, periodOfDate } from '../../billing-period.ts';
import { joinKey } from '../../stores/store.ts';
import { CsvWriter } from '../csv-writer.ts';
import { fixed } from '../fixed-decimal.ts';
import { sampleAccount, sampleSite } from './catalog.ts';
import {
  alibabaHeader,
  dayLineItems,
  type LineItem,
  type Resource,
  sampleResources,
  type TimestampStyle,
} from './rows.ts';

export interface AlibabaSampleOptions {
  /** The folder standing for the OSS bucket. */
  out: string;
  /** The subscription's OSS directory. */
  prefix?: string;
  /** First billing month, YYYY-MM. */
  start?: string;
  months?: number;
  /** Charge days per month (default: every day of the month). */
  days?: number;
  /** Usage rows per charge day. */
  rowsPerDay?: number;
  /** Data files per batch. */
  filesPerBatch?: number;
  seed?: number;
  /** Every batch holds the month so far (a snapshot export) instead of one day. */
  cumulative?: boolean;
  timestamps?: TimestampStyle;
}

export interface AlibabaSampleBatch {
  period: string;
  /** The batch folder relative to the prefix (the importer's batch id). */
  batchId: string;
  keys: string[];
  rows: number;
  /** Exact sum of BilledCost, 10 fractional digits. */
  billedCost: string;
}

export interface AlibabaSamplePeriod {
  period: string;
  rows: number;
  billedCost: string;
}

export interface AlibabaSample {
  prefix: string;
  batches: AlibabaSampleBatch[];
  /** What the warehouse holds once every batch is loaded (increment, or snapshot for cumulative). */
  periods: AlibabaSamplePeriod[];
}

type Options = Required<Omit<AlibabaSampleOptions, 'days'>> & { days?: number };

const defaults = {
  prefix: 'billing/focus',
  start: '2024-01',
  months: 3,
  rowsPerDay: 40,
  filesPerBatch: 1,
  seed: 42,
  cumulative: false,
  timestamps: 'beijing',
} as const;

/** The options with defaults for what was not given (an explicit `undefined` counts as not given). */
function withDefaults(options: AlibabaSampleOptions): Options {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...defaults, ...given } as Options;
}

export async function generateAlibabaSample(options: AlibabaSampleOptions): Promise<AlibabaSample> {
  const o = withDefaults(options);
  const resources = sampleResources(o.seed);
  const batches: AlibabaSampleBatch[] = [];
  const periods: AlibabaSamplePeriod[] = [];
  let period = periodFromLabel(o.start);
  for (let m = 0; m < o.months; m++, period = periodOfDate(period.end)) {
    const days = Math.min(o.days ?? 31, daysIn(period));
    const written: AlibabaSampleBatch[] = [];
    for (let day = 1; day <= days; day++) written.push(await writeBatch(o, resources, period, day));
    batches.push(...written);
    periods.push(o.cumulative ? totalsOf(period, written.slice(-1)) : totalsOf(period, written));
  }
  return { prefix: o.prefix, batches, periods };
}

/** Writes the batch of charge day `day` again, as a re-delivery with one correcting credit more. */
export async function redeliverAlibabaBatch(
  options: AlibabaSampleOptions,
  period: string,
  day: number,
): Promise<AlibabaSampleBatch> {
  const o = withDefaults(options);
  return writeBatch(o, sampleResources(o.seed), periodFromLabel(period), day, true);
}

async function writeBatch(
  o: Options,
  resources: Resource[],
  period: BillingPeriod,
  day: number,
  redelivered = false,
): Promise<AlibabaSampleBatch> {
  const first = o.cumulative ? 1 : day;
  const items: LineItem[] = [];
  for (let d = first; d <= day; d++) {
    items.push(
      ...dayLineItems({
        period,
        day: d,
        rows: o.rowsPerDay,
        seed: o.seed,
        resources,
        timestamps: o.timestamps,
      }),
    );
  }
  if (redelivered) items.push(correction(items[0] as LineItem));
  const month = period.label.replace('-', '');
  const batchId = joinKey(sampleAccount, 'FOCUS', month, batchTime(period, day));
  const keys: string[] = [];
  for (let n = 0; n < o.filesPerBatch; n++) {
    const key = joinKey(batchId, `${sampleAccount}_${sampleSite}_FOCUS_${month}_${n + 1}.csv.gz`);
    const writer = await CsvWriter.open(
      path.join(o.out, ...joinKey(o.prefix, key).split('/')),
      alibabaHeader,
      true,
    );
    for (let i = n; i < items.length; i += o.filesPerBatch) {
      await writer.write(alibabaHeader.map((h) => (items[i] as LineItem).values[h]));
    }
    await writer.close();
    keys.push(joinKey(o.prefix, key));
  }
  const billed = items.reduce((s, i) => s + i.billed, 0n);
  return { period: period.label, batchId, keys, rows: items.length, billedCost: fixed(billed) };
}

/** A re-delivery's difference: a compensation credit on the first line's resource. */
function correction(first: LineItem): LineItem {
  const billed = -10_000_000_000n;
  const values = {
    ...first.values,
    ChargeCategory: 'Credit',
    ChargeFrequency: 'One-Time',
    BilledCost: '-1.00',
    EffectiveCost: '-1.00',
    ListCost: '0',
    ListUnitPrice: '',
    PricingQuantity: '',
    PricingUnit: '',
    x_BillingItemCode: 'sla_compensation',
  };
  return { billed, values };
}

/** The delivery time of day `day`'s batch: the next day, 03:mm:ss Beijing time, as YYYYMMDDhhmmss. */
function batchTime(period: BillingPeriod, day: number): string {
  const d = new Date(`${period.start}T03:00:00Z`);
  d.setUTCDate(day + 1);
  d.setUTCMinutes((day * 7) % 60, (day * 13) % 60);
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function daysIn(period: BillingPeriod): number {
  return (Date.parse(`${period.end}T00:00:00Z`) - Date.parse(`${period.start}T00:00:00Z`)) / 86_400_000;
}

function totalsOf(period: BillingPeriod, batches: AlibabaSampleBatch[]): AlibabaSamplePeriod {
  let cost = 0n;
  for (const b of batches) cost += BigInt(b.billedCost.replace('.', ''));
  return { period: period.label, rows: batches.reduce((n, b) => n + b.rows, 0), billedCost: fixed(cost) };
}

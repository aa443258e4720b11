/**
 * `finops sample aws-cur`: writes generated CUR deliveries into a folder laid out exactly as AWS lays
 * out a bucket, with manifests, several files per period, and several versions per period of which only
 * the last is current. Returns what it wrote, with exact expected totals, for tests and the demo.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type BillingPeriod, periodFromLabel, periodOfDate } from '../../billing-period.ts';
import { joinKey } from '../../stores/store.ts';
import { dec, fixed } from '../fixed-decimal.ts';
import { Random } from '../random.ts';
import { v1BaseColumns } from './columns.ts';
import { CurFileWriter, type WrittenFile } from './file-writer.ts';
import type { LineItem } from './line-items.ts';
import { v1Manifest, v2Manifest } from './manifests.ts';
import { periodLineItems } from './period.ts';

export interface CurSampleOptions {
  /** The folder standing for the bucket. */
  out: string;
  prefix?: string;
  exportName?: string;
  curVersion?: 'v1' | 'v2';
  /** First billing period, YYYY-MM. */
  start?: string;
  months?: number;
  /** Rows per period (of the current version). */
  rows?: number;
  seed?: number;
  /** Data files per period version. */
  files?: number;
  /** Versions per period; all but the last are superseded. */
  versions?: number;
  format?: 'csv' | 'parquet';
  /** Legacy CUR compression for CSV. */
  compression?: 'gzip' | 'zip';
  /** "create new report versions" (files per version) or "overwrite" (one set of files per period). */
  delivery?: 'create-new' | 'overwrite';
  /** Counts the rows written so far, for progress lines. */
  counter?: { rows: number };
}

export interface SampleVersion {
  versionId: string;
  rows: number;
  /** Exact sum of lineItem/UnblendedCost, 10 fractional digits. */
  unblendedCost: string;
  files: WrittenFile[];
  manifestKey?: string;
}

export interface SamplePeriod {
  period: string;
  /** The current (last) version. */
  current: SampleVersion;
  superseded: SampleVersion[];
}

export interface CurSample {
  bucket: string;
  prefix: string;
  exportName: string;
  curVersion: 'v1' | 'v2';
  periods: SamplePeriod[];
}

export async function generateCurSample(options: CurSampleOptions): Promise<CurSample> {
  const o = {
    prefix: 'cur',
    exportName: 'finops-demo',
    curVersion: 'v1' as const,
    start: '2024-01',
    months: 3,
    rows: 1000,
    seed: 42,
    files: 2,
    versions: 2,
    format: 'csv' as const,
    compression: 'gzip' as const,
    delivery: 'create-new' as const,
    counter: { rows: 0 },
    ...options,
  };
  const random = new Random(o.seed);
  const periods: SamplePeriod[] = [];
  let period = periodFromLabel(o.start);
  for (let month = 0; month < o.months; month++, period = periodOfDate(period.end)) {
    const inPlace = o.delivery === 'overwrite' || (o.curVersion === 'v1' && o.format === 'parquet');
    const versions = inPlace ? 1 : o.versions;
    const written: SampleVersion[] = [];
    for (let v = 0; v < versions; v++) {
      written.push(await writeVersion(o, random, period, month, v, versions));
    }
    periods.push({
      period: period.label,
      current: written.at(-1) as SampleVersion,
      superseded: written.slice(0, -1),
    });
  }
  return {
    bucket: path.resolve(o.out),
    prefix: o.prefix,
    exportName: o.exportName,
    curVersion: o.curVersion,
    periods,
  };
}

type Options = Required<CurSampleOptions>;

async function writeVersion(
  o: Options,
  random: Random,
  period: BillingPeriod,
  monthIndex: number,
  version: number,
  versions: number,
): Promise<SampleVersion> {
  const daysInMonth =
    (Date.parse(`${period.end}T00:00:00Z`) - Date.parse(`${period.start}T00:00:00Z`)) / 86_400_000;
  const last = version === versions - 1;
  const days = last ? daysInMonth : Math.max(1, Math.floor((daysInMonth * (version + 1)) / versions));
  const rows = last ? o.rows : Math.max(10, Math.floor((o.rows * days) / daysInMonth));
  const versionId = uuid(random);
  // CUR 2.0 "create new" runs go to <delivery time>-<executionId>/ folders.
  const deliveredAt = new Date(
    Date.parse(`${period.start}T00:00:00Z`) + days * 86_400_000 + 3_600_000 * (version + 1),
  );
  const runFolder = `${deliveredAt.toISOString()}-${versionId}`;
  const spec = { period, monthIndex, days, rows, invoiced: monthIndex < o.months - 1 };
  const items = periodLineItems(random, spec);
  const writer = new CurFileWriter({
    root: o.out,
    dir: dataFolder(o, period, o.curVersion === 'v2' ? runFolder : versionId),
    exportName: o.exportName,
    curVersion: o.curVersion,
    format: o.format,
    compression: o.compression,
    monthIndex,
    baseColumns: v1BaseColumns,
  });
  let total = 0n;
  let count = 0;
  const perFile = Math.ceil(rows / o.files);
  for (let f = 0; f < o.files; f++) {
    await writer.startFile(f + 1);
    const lastFile = f === o.files - 1;
    for (let i = 0; lastFile || i < perFile; i++) {
      const next = items.next();
      if (next.done) break;
      total += costOf(next.value);
      count++;
      o.counter.rows++;
      await writer.write(next.value);
    }
    await writer.endFile();
  }
  const files = writer.files();
  const manifestKey = await writeManifests(o, period, versionId, runFolder, files, writer.columns(), last);
  return { versionId, rows: count, unblendedCost: fixed(total), files, manifestKey };
}

function costOf(item: LineItem): bigint {
  const text = item['lineItem/UnblendedCost'] ?? '0';
  if (!/E/i.test(text)) return dec(text);
  const [mantissa = '0', exponent = '0'] = text.split(/E/i);
  const e = Number(exponent);
  const [whole = '', fraction = ''] = mantissa.replace('-', '').split('.');
  const digits = whole + fraction;
  const point = whole.length + e;
  const plain =
    point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return dec(mantissa.startsWith('-') ? `-${plain}` : plain);
}

function uuid(random: Random): string {
  return [8, 4, 4, 4, 12].map((n) => random.hex(n)).join('-');
}

/** Where a version's data files go, relative to the bucket. */
function dataFolder(o: Options, period: BillingPeriod, versionFolder: string): string {
  const root = joinKey(o.prefix, o.exportName);
  if (o.curVersion === 'v2') {
    const base = joinKey(root, 'data', `BILLING_PERIOD=${period.label}`);
    return o.delivery === 'overwrite' ? base : joinKey(base, versionFolder);
  }
  if (o.format === 'parquet') {
    const [year, month] = period.label.split('-');
    return joinKey(root, o.exportName, `year=${year}`, `month=${Number(month)}`);
  }
  const folder = joinKey(root, `${period.start.replace(/-/g, '')}-${period.end.replace(/-/g, '')}`);
  return o.delivery === 'overwrite' ? folder : joinKey(folder, versionFolder);
}

async function writeManifests(
  o: Options,
  period: BillingPeriod,
  versionId: string,
  runFolder: string,
  files: WrittenFile[],
  columns: { name: string; type: string }[],
  current: boolean,
): Promise<string | undefined> {
  const root = joinKey(o.prefix, o.exportName);
  if (o.curVersion === 'v2') {
    // One manifest per run (create new) that never changes, and the period's, overwritten by each run.
    const folder = joinKey(root, 'metadata', `BILLING_PERIOD=${period.label}`);
    const manifest = v2Manifest(o, versionId, files, columns);
    if (o.delivery === 'create-new')
      await writeJson(o.out, joinKey(folder, runFolder, `${o.exportName}-Manifest.json`), manifest);
    const key = joinKey(folder, `${o.exportName}-Manifest.json`);
    if (current) await writeJson(o.out, key, manifest);
    return key;
  }
  // The Athena (Parquet) delivery of legacy CUR overwrites year=/month= in place, without a manifest.
  if (o.format === 'parquet') return undefined;
  const folder = joinKey(root, `${period.start.replace(/-/g, '')}-${period.end.replace(/-/g, '')}`);
  const manifest = v1Manifest(o, period, versionId, files, columns);
  if (o.delivery === 'create-new')
    await writeJson(o.out, joinKey(folder, versionId, `${o.exportName}-Manifest.json`), manifest);
  const key = joinKey(folder, `${o.exportName}-Manifest.json`);
  if (current) await writeJson(o.out, key, manifest);
  return key;
}

async function writeJson(root: string, key: string, value: unknown): Promise<void> {
  const file = path.join(root, ...key.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

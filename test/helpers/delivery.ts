/**
 * Hand-made legacy CUR deliveries for tests that need a particular (often broken) file: a manifest
 * at the period's top level plus the files it lists under an assembly folder.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface HandMadeFile {
  name: string;
  body: Buffer | string;
}

export interface HandMadeDelivery {
  bucketDir: string;
  prefix?: string;
  exportName?: string;
  period?: string;
  assemblyId?: string;
  files: HandMadeFile[];
  /** Extra reportKeys (e.g. missing files) or a whole replacement manifest. */
  extraKeys?: string[];
  manifest?: unknown;
}

export function periodFolder(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}01` : `${y}${String(m + 1).padStart(2, '0')}`;
  return `${y}${String(m).padStart(2, '0')}01-${next}01`;
}

export async function writeV1Delivery(d: HandMadeDelivery): Promise<{ manifestKey: string; keys: string[] }> {
  const prefix = d.prefix ?? 'cur';
  const exportName = d.exportName ?? 'test-export';
  const period = d.period ?? '2023-11';
  const assemblyId = d.assemblyId ?? 'a1b2c3d4-0000-4000-8000-000000000001';
  const folder = `${prefix}/${exportName}/${periodFolder(period)}`;
  const keys = d.files.map((f) => `${folder}/${assemblyId}/${f.name}`);
  for (const [i, f] of d.files.entries()) await put(d.bucketDir, keys[i] as string, f.body);
  const [y, m] = period.split('-');
  const manifest = d.manifest ?? {
    assemblyId,
    account: '123412340534',
    reportName: exportName,
    compression: 'GZIP',
    contentType: 'text/csv',
    billingPeriod: { start: `${y}${m}01T000000.000Z`, end: `${periodFolder(period).slice(9)}T000000.000Z` },
    reportKeys: [...keys, ...(d.extraKeys ?? [])],
  };
  const manifestKey = `${folder}/${exportName}-Manifest.json`;
  await put(d.bucketDir, manifestKey, JSON.stringify(manifest));
  return { manifestKey, keys };
}

export async function put(bucketDir: string, key: string, body: Buffer | string): Promise<void> {
  const file = path.join(bucketDir, ...key.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, body);
}

export const gz = (text: string) => gzipSync(Buffer.from(text));

/** A small, valid legacy CUR CSV for November 2023 with `n` usage rows costing 1.25 each. */
export function smallCurCsv(n: number, extra?: (i: number) => string | undefined): string {
  const header =
    'identity/LineItemId,bill/PayerAccountId,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,lineItem/UsageAccountId,' +
    'lineItem/LineItemType,lineItem/UsageStartDate,lineItem/ProductCode,lineItem/UnblendedCost,lineItem/CurrencyCode';
  const rows = Array.from(
    { length: n },
    (_, i) =>
      extra?.(i) ??
      `id${i},123412340534,2023-11-01T00:00:00Z,2023-12-01T00:00:00Z,012345678901,Usage,2023-11-02T00:00:00Z,AmazonEC2,1.25,USD`,
  );
  return `${[header, ...rows].join('\n')}\n`;
}

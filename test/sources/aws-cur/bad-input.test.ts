/**
 * Bad deliveries: each one fails with a message that names the file (and line), and whatever was
 * published before stays exactly as it was.
 */
import { truncate } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FinopsError } from '../../../src/errors.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { gz, put, smallCurCsv, writeV1Delivery } from '../../helpers/delivery.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';

let wh: TestWarehouse;
let bucket: string;
const exp = () => ({ store: new LocalStore(bucket), prefix: 'cur', exportName: 'test-export' });

beforeEach(async () => {
  bucket = await tempDir('bucket');
  wh = await openTestWarehouse();
  // A good first version: 4 rows, 5.00 USD.
  await writeV1Delivery({
    bucketDir: bucket,
    files: [{ name: 'test-export-1.csv.gz', body: gz(smallCurCsv(4)) }],
  });
  expect((await wh.importExport(exp())).map((o) => o.status)).toEqual(['loaded']);
});

afterEach(() => wh.warehouse.close());

async function failureOfNewVersion(
  files: { name: string; body: Buffer | string }[],
  extra: Partial<Parameters<typeof writeV1Delivery>[0]> = {},
) {
  await writeV1Delivery({
    bucketDir: bucket,
    assemblyId: 'a1b2c3d4-0000-4000-8000-000000000002',
    files,
    ...extra,
  });
  const [outcome] = await wh.importExport(exp());
  expect(outcome?.status).toBe('failed');
  // The earlier version is still what is published, and the ledger says why the new one failed.
  expect(await wh.periodTotals()).toEqual({ '2023-11': { rows: 4, cost: '5.0000000000' } });
  const ledger = await wh.warehouse.all<{ status: string; message: string | null }>(
    'SELECT status, message FROM finops_meta.loads ORDER BY load_id',
  );
  expect(ledger.map((l) => l.status)).toEqual(['succeeded', 'failed']);
  return outcome?.error as FinopsError;
}

describe('a delivery that cannot be loaded leaves the published period intact', () => {
  it('refuses a truncated gzip file, naming it', async () => {
    const body = gz(smallCurCsv(2000));
    const error = await failureOfNewVersion([
      { name: 'test-export-1.csv.gz', body: body.subarray(0, body.length - 100) },
    ]);
    expect(error).toBeInstanceOf(FinopsError);
    expect(error.kind).toBe('input');
    expect(error.describe()).toMatch(/test-export-1\.csv\.gz: the gzip file is truncated/);
  });

  it('refuses a manifest that names a missing file, before reading anything', async () => {
    const error = await failureOfNewVersion([{ name: 'test-export-1.csv.gz', body: gz(smallCurCsv(3)) }], {
      extraKeys: [
        'cur/test-export/20231101-20231201/a1b2c3d4-0000-4000-8000-000000000002/test-export-2.csv.gz',
      ],
    });
    expect(error.describe()).toMatch(
      /test-export-Manifest\.json: the manifest lists .*test-export-2\.csv\.gz, which does not exist/,
    );
  });

  it('names the file and line of a malformed CSV row', async () => {
    const csv = smallCurCsv(5, (i) =>
      i === 3
        ? 'id3,123412340534,2023-11-01T00:00:00Z,2023-12-01T00:00:00Z,012345678901,Usage,2023-11-02T00:00:00Z,AmazonEC2,1.25'
        : undefined,
    );
    const error = await failureOfNewVersion([
      { name: 'test-export-1.csv.gz', body: gz(smallCurCsv(2)) },
      { name: 'test-export-2.csv.gz', body: gz(csv) },
    ]);
    expect(error.file).toMatch(/test-export-2\.csv\.gz$/);
    expect(error.line).toBe(5);
    expect(error.message).toBe('the row has 9 fields where the header has 10');
  });

  it('names the column and value that is not a number', async () => {
    const csv = smallCurCsv(3, (i) =>
      i === 1
        ? 'id1,123412340534,2023-11-01T00:00:00Z,2023-12-01T00:00:00Z,012345678901,Usage,2023-11-02T00:00:00Z,AmazonEC2,1.2.5,USD'
        : undefined,
    );
    const error = await failureOfNewVersion([
      { name: 'test-export-1.csv.gz', body: gz(smallCurCsv(2)) },
      { name: 'test-export-2.csv.gz', body: gz(csv) },
    ]);
    expect(error.describe()).toMatch(
      /test-export-2\.csv\.gz:3: column "lineItem\/UnblendedCost": "1\.2\.5" is not a valid DECIMAL/,
    );
  });

  it('refuses a zero-byte file', async () => {
    const error = await failureOfNewVersion([
      { name: 'test-export-1.csv.gz', body: gz(smallCurCsv(3)) },
      { name: 'test-export-2.csv.gz', body: '' },
    ]);
    expect(error.describe()).toMatch(/test-export-2\.csv\.gz: the file is empty \(0 bytes\)/);
  });

  it('refuses an unknown manifest shape', async () => {
    const error = await failureOfNewVersionManifest({ version: 3, files: ['x.csv.gz'] });
    expect(error.kind).toBe('input');
    expect(error.describe()).toMatch(/test-export-Manifest\.json: unknown manifest shape/);
  });

  it('refuses manifest keys that climb out of the delivery folder', async () => {
    await put(bucket, 'secret.csv.gz', gz(smallCurCsv(1)));
    const error = await failureOfNewVersionManifest({
      assemblyId: 'evil',
      billingPeriod: { start: '20231101T000000.000Z', end: '20231201T000000.000Z' },
      reportKeys: ['cur/test-export/../../../secret.csv.gz'],
    });
    expect(error.message).toMatch(/points outside the folder/);
  });

  it('refuses rows that belong to another billing period', async () => {
    const csv = smallCurCsv(2).replace(
      /2023-11-01T00:00:00Z,2023-12-01T00:00:00Z/,
      '2023-10-01T00:00:00Z,2023-11-01T00:00:00Z',
    );
    const error = await failureOfNewVersion([{ name: 'test-export-1.csv.gz', body: gz(csv) }]);
    expect(error.describe()).toMatch(/test-export-1\.csv\.gz: 1 row\(s\) belong to billing period 2023-10/);
  });

  it('re-reads a column whose values are too large for the fast decimal type, losing nothing', async () => {
    const big = smallCurCsv(2, (i) =>
      i === 0
        ? 'id0,123412340534,2023-11-01T00:00:00Z,2023-12-01T00:00:00Z,012345678901,Fee,2023-11-01T00:00:00Z,AmazonEC2,123456789012.0000000001,USD'
        : undefined,
    );
    await writeV1Delivery({
      bucketDir: bucket,
      assemblyId: 'a1b2c3d4-0000-4000-8000-000000000003',
      files: [{ name: 'big.csv.gz', body: gz(big) }],
    });
    expect((await wh.importExport(exp()))[0]?.status).toBe('loaded');
    expect(await wh.periodTotals()).toEqual({ '2023-11': { rows: 2, cost: '123456789013.2500000001' } });
  });
});

async function failureOfNewVersionManifest(manifest: unknown): Promise<FinopsError> {
  await put(bucket, 'cur/test-export/20231101-20231201/test-export-Manifest.json', JSON.stringify(manifest));
  let failure: unknown;
  try {
    const outcomes = await wh.importExport(exp());
    failure = outcomes.find((o) => o.status === 'failed')?.error;
  } catch (error) {
    failure = error;
  }
  expect(await wh.periodTotals()).toEqual({ '2023-11': { rows: 4, cost: '5.0000000000' } });
  expect(failure).toBeInstanceOf(FinopsError);
  return failure as FinopsError;
}

describe('a truncated file already in the cache', () => {
  it('is checked again when its size changes', async () => {
    const file = path.join(
      bucket,
      'cur/test-export/20231101-20231201/a1b2c3d4-0000-4000-8000-000000000001/test-export-1.csv.gz',
    );
    await truncate(file, 30);
    const [outcome] = await wh.importExport(exp(), { force: true });
    expect(outcome?.status).toBe('failed');
    expect(String((outcome?.error as Error | undefined)?.message)).toMatch(
      /gzip file is (truncated|corrupt)/,
    );
  });
});

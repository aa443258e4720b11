/**
 * Deliveries that are valid but odd, or broken in ways that used to give wrong numbers or raw engine
 * messages: a manifest naming a file twice, headers in another case, tag keys that differ only by case,
 * a cost written in scientific notation, a manifest with no files. Each either loads with totals that
 * the test computes itself from the file, or fails with the file and the reason.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorMessage, FinopsError } from '../../../src/errors.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { gz, smallCurCsv, writeV1Delivery } from '../../helpers/delivery.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';

let wh: TestWarehouse;
let bucket: string;
const exp = () => ({ store: new LocalStore(bucket), prefix: 'cur', exportName: 'test-export' });

beforeEach(async () => {
  bucket = await tempDir('bucket');
  wh = await openTestWarehouse();
});
afterEach(() => wh.warehouse.close());

/** Rows and cost of the files as text, summed exactly by DuckDB: what the delivery says, not the importer. */
async function delivered(keys: string[]) {
  const perFile = keys.map(
    (k) =>
      `SELECT COLUMNS('(?i)^lineItem/UnblendedCost$') AS cost
       FROM read_csv('${bucket}/${k}', all_varchar = true, header = true)`,
  );
  return wh.warehouse.one<{ rows: number; cost: string }>(
    `SELECT count(*)::INTEGER AS rows, sum(cost::DECIMAL(38,10))::DECIMAL(38,10)::VARCHAR AS cost
     FROM (${perFile.join(' UNION ALL ')})`,
  );
}

const published = () =>
  wh.warehouse.one<{ rows: number; cost: string; billed: string }>(
    `SELECT count(*)::INTEGER AS rows, sum(line_item_unblended_cost)::DECIMAL(38,10)::VARCHAR AS cost,
            (SELECT sum(BilledCost)::DECIMAL(38,10)::VARCHAR FROM focus.costs) AS billed
     FROM aws_billing.billing`,
  );

describe('odd legacy CUR deliveries', () => {
  it('reads a file the manifest lists twice once', async () => {
    const { keys } = await writeV1Delivery({
      bucketDir: bucket,
      files: [
        { name: 'test-export-1.csv.gz', body: gz(smallCurCsv(3)) },
        { name: 'test-export-2.csv.gz', body: gz(smallCurCsv(5)) },
      ],
    });
    await writeV1Delivery({
      bucketDir: bucket,
      files: [
        { name: 'test-export-1.csv.gz', body: gz(smallCurCsv(3)) },
        { name: 'test-export-2.csv.gz', body: gz(smallCurCsv(5)) },
      ],
      extraKeys: [keys[1] as string],
    });
    const [outcome] = await wh.importExport(exp());
    expect(outcome?.status, errorMessage(outcome?.error)).toBe('loaded');
    const truth = await delivered(keys);
    expect(truth).toEqual({ rows: 8, cost: '10.0000000000' });
    expect(await published()).toEqual({ ...truth, billed: truth?.cost });
    expect(outcome?.files).toBe(2);
  });

  it('matches headers whatever their case, so no cost lands in a column of its own', async () => {
    const upper = smallCurCsv(2);
    const lower = smallCurCsv(3).replace('lineItem/UnblendedCost', 'lineItem/unblendedcost');
    const shouting = smallCurCsv(4).split('\n');
    shouting[0] = (shouting[0] as string).toLowerCase();
    const { keys } = await writeV1Delivery({
      bucketDir: bucket,
      files: [
        { name: 'test-export-1.csv.gz', body: gz(upper) },
        { name: 'test-export-2.csv.gz', body: gz(lower) },
        { name: 'test-export-3.csv.gz', body: gz(shouting.join('\n')) },
      ],
    });
    const [outcome] = await wh.importExport(exp());
    expect(outcome?.status, errorMessage(outcome?.error)).toBe('loaded');
    const truth = await delivered(keys);
    expect(truth).toEqual({ rows: 9, cost: '11.2500000000' });
    expect(await published()).toEqual({ ...truth, billed: truth?.cost });
    const columns = await wh.warehouse.all<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
       WHERE table_schema = 'aws_billing' AND table_name = 'billing_2023_11' AND column_name ILIKE '%unblendedcost%'`,
    );
    expect(columns).toEqual([]);
  });

  it('keeps two tag keys that differ only by case (AWS tag keys are case-sensitive)', async () => {
    const csv = smallCurCsv(2)
      .replace(
        'lineItem/CurrencyCode',
        'lineItem/CurrencyCode,resourceTags/user:Environment,resourceTags/user:environment',
      )
      .replace(/USD\n/g, 'USD,prod,staging\n');
    await writeV1Delivery({ bucketDir: bucket, files: [{ name: 'test-export-1.csv.gz', body: gz(csv) }] });
    const [outcome] = await wh.importExport(exp());
    expect(outcome?.status, errorMessage(outcome?.error)).toBe('loaded');
    const tags = await wh.warehouse.all<{ tags: string }>(
      'SELECT resource_tags::VARCHAR AS tags FROM aws_billing.billing LIMIT 1',
    );
    const parsed = JSON.parse(tags[0]?.tags ?? '{}') as Record<string, string>;
    expect(Object.values(parsed).sort()).toEqual(['prod', 'staging']);
  });

  const withCost = (cost: string) =>
    smallCurCsv(2, (i) =>
      i === 1
        ? `id1,123412340534,2023-11-01T00:00:00Z,2023-12-01T00:00:00Z,012345678901,Usage,2023-11-02T00:00:00Z,AmazonEC2,${cost},USD`
        : undefined,
    );

  it('reads a cost in scientific notation exactly', async () => {
    const { keys } = await writeV1Delivery({
      bucketDir: bucket,
      files: [{ name: 'test-export-1.csv.gz', body: gz(withCost('1.25E-8')) }],
    });
    const [outcome] = await wh.importExport(exp());
    expect(outcome?.status, errorMessage(outcome?.error)).toBe('loaded');
    expect(await delivered(keys)).toEqual({ rows: 2, cost: '1.2500000125' });
    expect(await published()).toEqual({ rows: 2, cost: '1.2500000125', billed: '1.2500000125' });
  });

  it('refuses a cost too large for a FOCUS amount, naming the file, line and column', async () => {
    await writeV1Delivery({
      bucketDir: bucket,
      files: [{ name: 'test-export-1.csv.gz', body: gz(withCost('1e20')) }],
    });
    const [outcome] = await wh.importExport(exp());
    expect(outcome?.status).toBe('failed');
    expect((outcome?.error as FinopsError | undefined)?.kind).toBe('input');
    expect(errorMessage(outcome?.error)).toMatch(
      /test-export-1\.csv\.gz:3: column "lineItem\/UnblendedCost": 1e20 is too large/,
    );
  });

  it('refuses a manifest that lists no files, naming it', async () => {
    await writeV1Delivery({
      bucketDir: bucket,
      files: [],
    });
    const [outcome] = await wh.importExport(exp());
    expect(outcome?.status).toBe('failed');
    expect(outcome?.error).toBeInstanceOf(FinopsError);
    expect((outcome?.error as FinopsError | undefined)?.kind).toBe('input');
    expect(errorMessage(outcome?.error)).toMatch(
      /test-export-Manifest\.json: the manifest lists no data files/,
    );
  });

  it('spells a lowercase currency as its ISO code, and refuses a code that is not one', async () => {
    const lower = smallCurCsv(2).replace(/,USD\n/g, ',usd\n');
    await writeV1Delivery({ bucketDir: bucket, files: [{ name: 'test-export-1.csv.gz', body: gz(lower) }] });
    const [outcome] = await wh.importExport(exp());
    expect(outcome?.status, errorMessage(outcome?.error)).toBe('loaded');
    expect(outcome?.costTotals).toEqual({ USD: '2.5000000000' });
    expect(await wh.warehouse.all('SELECT DISTINCT BillingCurrency FROM focus.costs')).toEqual([
      { BillingCurrency: 'USD' },
    ]);

    const bogus = smallCurCsv(2).replace(/,USD\n/g, ',XYZ\n');
    await writeV1Delivery({
      bucketDir: bucket,
      assemblyId: 'a1b2c3d4-0000-4000-8000-000000000009',
      files: [{ name: 'test-export-1.csv.gz', body: gz(bogus) }],
    });
    const [refused] = await wh.importExport(exp());
    expect(refused?.status).toBe('failed');
    expect(errorMessage(refused?.error)).toMatch(
      /2 row\(s\) have BillingCurrency "XYZ", which is not an ISO 4217 currency code/,
    );
    expect(await wh.warehouse.all('SELECT DISTINCT BillingCurrency FROM focus.costs')).toEqual([
      { BillingCurrency: 'USD' },
    ]);
  });
});

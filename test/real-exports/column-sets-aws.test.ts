/**
 * The real AWS CUR exports' column sets with generated rows (always run; see column-sets.ts): each is
 * delivered as aws.test.ts delivers the real file (gzip CSV under an assembly folder and the manifest,
 * or the CUR 2.0 data/ and metadata/ folders), imported with the real importer, and expected to do what
 * the real file does. Totals are BigInt sums of the generated cost strings, never the importer's.
 */
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/stores/local-store.ts';
import { put, writeV1Delivery } from '../helpers/delivery.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';
import type { GeneratedCsv } from './column-set-render.ts';
import { awsRole, generate, roleKey } from './column-set-roles.ts';
import { type ColumnSet, columnSet } from './column-sets.ts';
import { exact, failuresOf, focusCosts, sumDecimals, why } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

/** The generated values of the column whose key (`roleKey`) is `key`. */
const valuesOf = (g: GeneratedCsv, set: ColumnSet, key: string) => {
  const name = set.columns.find((c) => roleKey(c.name) === key)?.name as string;
  return g.rows.map((r) => r[name] ?? '');
};

/** One legacy CUR period, as aws.test.ts delivers a real file: gzip under the assembly, the manifest. */
async function importLegacy(g: GeneratedCsv, exportName: string, period: string) {
  const bucket = await tempDir('cs-cur');
  await writeV1Delivery({
    bucketDir: bucket,
    exportName,
    period,
    files: [{ name: `${exportName}-00001.csv.gz`, body: gzipSync(g.bytes) }],
  });
  wh = await openTestWarehouse();
  return wh.importExport({ store: new LocalStore(bucket), prefix: 'cur', exportName });
}

async function rawTotals(w: TestWarehouse) {
  const r = await w.warehouse.one<{ rows: number; cost: string | null }>(
    'SELECT count(*)::INTEGER AS rows, sum(line_item_unblended_cost)::VARCHAR AS cost FROM aws_billing.billing',
  );
  return { rows: r?.rows ?? 0, cost: exact(r?.cost) ?? '0' };
}

async function published(w: TestWarehouse) {
  const r = await w.warehouse.one<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM finops_meta.loads WHERE status = 'succeeded'",
  );
  return r?.n;
}

describe('legacy CUR CSV column sets (koku), generated rows', () => {
  it('given the column set of koku-test_cur.csv (rows one field short of the header, CRLF), then it is refused naming file and line', async () => {
    const set = columnSet('aws/koku-test_cur.csv');
    expect([set.format.columns, set.format.fieldsPerRow.usual, set.format.lineEndings.style]).toEqual([
      131,
      130,
      'CRLF',
    ]);
    const outcomes = await importLegacy(generate(set, awsRole('USD')), 'cs-cur', '2018-06');
    expect(outcomes.map((o) => [o.period, o.status, o.failedStep])).toEqual([['2018-06', 'failed', 'stage']]);
    expect(why(outcomes[0])).toMatch(/cs-cur-00001\.csv\.gz:2: .*130 fields .*131/);
    expect(await published(wh as TestWarehouse)).toBe(0);
  });

  for (const name of ['koku-2023-06-01.csv', 'koku-2023-06-01-not-final.csv']) {
    it(`given the column set of ${name} (NOK, cost categories, a merged pricing header), then the generated rows land in NOK exactly`, async () => {
      const set = columnSet(`aws/${name}`);
      expect(set.format.header).toContain(',pricing/OfferingClasspricing/PurchaseOption,');
      const g = generate(set, awsRole('NOK'));
      const truth = { rows: g.rows.length, cost: sumDecimals(valuesOf(g, set, 'lineitemunblendedcost')) };
      expect(truth.rows).toBe(3);
      const outcomes = await importLegacy(g, 'cs-nok', '2023-06');
      expect(failuresOf(outcomes)).toEqual([]);
      expect(outcomes[0]).toMatchObject({ period: '2023-06', status: 'loaded', rows: 3 });
      expect(outcomes[0]?.costTotals).toEqual({ NOK: expect.any(String) });
      expect(exact(outcomes[0]?.costTotals?.NOK)).toBe(truth.cost);
      expect(await rawTotals(wh as TestWarehouse)).toEqual(truth);
      expect(outcomes[0]?.validation).toBeDefined();
      const currencies = await wh?.warehouse.all('SELECT DISTINCT BillingCurrency FROM focus.costs');
      expect(currencies).toEqual([{ BillingCurrency: 'NOK' }]);
    });
  }

  it('given the column set of koku-November-2023-None.csv (19-digit costs, text in savingsPlan/UsedCommitment, two short rows), then it is refused at the first bad cell', async () => {
    const set = columnSet('aws/koku-November-2023-None.csv');
    expect(set.format.fieldsPerRow).toEqual({ usual: 200, otherwise: { '7': 194, '22': 197 } });
    const used = set.columns.find((c) => c.name === 'savingsPlan/UsedCommitment');
    expect(used?.values.map((v) => v.kind)).toEqual(['text']);
    const g = generate(set, awsRole('USD'));
    // pricing/publicOnDemandCost comes before savingsPlan/UsedCommitment: its 19 digits are the first.
    const cost = valuesOf(g, set, 'pricingpublicondemandcost')[0] as string;
    const outcomes = await importLegacy(g, 'cs-nov', '2023-11');
    expect(outcomes.map((o) => [o.period, o.status])).toEqual([['2023-11', 'failed']]);
    expect(why(outcomes[0])).toContain(
      `cs-nov-00001.csv.gz:2: column "pricing/publicOnDemandCost" has ${cost}, with ${cost.split('.')[1]?.replace(/0+$/, '').length} fractional digits; this reader keeps 10`,
    );
    expect(await published(wh as TestWarehouse)).toBe(0);
  });

  it('given the column set of koku-empty_frame.csv (header only), then the period loads with no rows', async () => {
    const set = columnSet('aws/koku-empty_frame.csv');
    const g = generate(set, awsRole('USD'));
    expect(g.rows).toEqual([]);
    const outcomes = await importLegacy(g, 'cs-empty', '2023-06');
    expect(failuresOf(outcomes)).toEqual([]);
    expect(outcomes.map((o) => [o.period, o.status, o.rows])).toEqual([['2023-06', 'loaded', 0]]);
    expect(outcomes[0]?.validation).toMatchObject({ status: 'passed', mandatoryFailures: 0 });
    expect(await focusCosts(wh as TestWarehouse, 'cs-empty')).toMatchObject({ rows: 0 });
  });
});

describe('CUR 2.0 CSV column set with snake_case columns (koku), generated rows', () => {
  it('given the column set of koku-2022-07-01-alt-columns.csv delivered as CUR 2.0, then both generated rows land exactly', async () => {
    const set = columnSet('aws/koku-2022-07-01-alt-columns.csv');
    const g = generate(set, awsRole('USD'));
    const truth = { rows: g.rows.length, cost: sumDecimals(valuesOf(g, set, 'lineitemunblendedcost')) };
    expect(truth.rows).toBe(2);
    const bucket = await tempDir('cs-cur2');
    const dataKey = 'cur/cs-cur2/data/BILLING_PERIOD=2022-07/cs-cur2-00001.csv.gz';
    await put(bucket, dataKey, gzipSync(g.bytes));
    await put(
      bucket,
      'cur/cs-cur2/metadata/BILLING_PERIOD=2022-07/cs-cur2-Manifest.json',
      JSON.stringify({
        executionId: '00000000-0000-4000-8000-000000002207',
        dataFiles: [`s3://cs-bucket/${dataKey}`],
      }),
    );
    wh = await openTestWarehouse();
    const outcomes = await wh.importExport({
      store: new LocalStore(bucket),
      prefix: 'cur',
      exportName: 'cs-cur2',
    });
    expect(failuresOf(outcomes)).toEqual([]);
    expect(outcomes.map((o) => [o.period, o.status, o.rows])).toEqual([['2022-07', 'loaded', 2]]);
    // The real rows are all zeros and pass FOCUS validation; invented rates and costs need not agree.
    expect(outcomes[0]?.validation).toBeDefined();
    expect(await rawTotals(wh)).toEqual(truth);
  });
});

describe("legacy CUR column set with whole rows and its 19-digit costs (values koku's files have)", () => {
  // koku-test_cur.csv's and koku-November-2023-None.csv's costs have up to 19 fractional digits; both
  // files are refused for other reasons, so their precision is never read. Made whole, the rows load.
  // DuckDB would round each cost to the 10 fractional digits CUR delivers (20.868133139514752734 landing as
  // 20.8681331396); the reader refuses the file instead, naming line, column and value.
  it("given test_cur.csv's column set with every row as wide as its header, then its costs land exactly or the file is refused", async () => {
    const real = columnSet('aws/koku-test_cur.csv');
    const set = { ...real, format: { ...real.format, fieldsPerRow: { usual: real.format.columns } } };
    const g = generate(set, awsRole('USD'));
    const cost = sumDecimals(valuesOf(g, set, 'lineitemunblendedcost'));
    const outcomes = await importLegacy(g, 'cs-whole', '2018-06');
    if (outcomes[0]?.status === 'failed') expect(why(outcomes[0])).toMatch(/cs-whole-00001\.csv\.gz:\d+: /);
    else expect(await rawTotals(wh as TestWarehouse)).toEqual({ rows: g.rows.length, cost });
  });
});

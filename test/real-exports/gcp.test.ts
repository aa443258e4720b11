/**
 * Real GCP billing export rows as files (koku's copies of the BigQuery export, flattened to CSV with
 * nested fields as Python-style lists), read by `finops gcp import --source FOLDER`, and the 2019
 * console "file export" CSV that predates the BigQuery export. Files: project-koku/koku (Apache-2.0).
 * What Google invoices per month (cost plus every credit's amount) is summed here from the text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';
import { gcpTotals, runGcpImport } from '../sources/gcp/helpers.ts';
import {
  column,
  corpusFile,
  exact,
  failuresOf,
  haveCorpus,
  placeFiles,
  readCsv,
  sumDecimals,
  why,
} from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

/** Per invoice month: rows, and cost plus the credits' amounts, exact. */
function invoiceTruth(file: string) {
  const t = readCsv(file);
  const months = column(t, 'invoice.month');
  const cost = column(t, 'cost');
  const credits = column(t, 'credits');
  const byMonth = new Map<string, { rows: number; amounts: string[] }>();
  months.forEach((m, i) => {
    const month = `${m.slice(0, 4)}-${m.slice(4, 6)}`;
    const entry = byMonth.get(month) ?? { rows: 0, amounts: [] };
    entry.rows++;
    entry.amounts.push(cost[i] as string);
    for (const a of (credits[i] as string).matchAll(/'amount': ([-+0-9.eE]+)/g))
      entry.amounts.push(a[1] as string);
    byMonth.set(month, entry);
  });
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, e]) => ({ period, rows: e.rows, cost: sumDecimals(e.amounts) }));
}

async function importFile(name: string) {
  const dir = await placeFiles(await tempDir('real-gcp'), { 'billing-export.csv': corpusFile('gcp', name) });
  wh = await openTestWarehouse();
  return runGcpImport(
    wh,
    { kind: 'files', store: new LocalStore(dir), prefix: '' },
    { sourceName: 'koku-gcp' },
  );
}

async function expectInvoiced(name: string, expected: { period: string; rows: number }[]) {
  const truth = invoiceTruth(corpusFile('gcp', name));
  expect(truth.map(({ period, rows }) => ({ period, rows }))).toEqual(expected);
  const outcomes = await importFile(name);
  expect(failuresOf(outcomes)).toEqual([]);
  expect(outcomes.map((o) => [o.period, o.status, o.rows])).toEqual(
    expected.map((e) => [e.period, 'loaded', e.rows]),
  );
  const totals = await gcpTotals(wh as TestWarehouse);
  const exactly = (ts: { period: string; rows: number; cost: string }[]) =>
    ts.map((t) => ({ ...t, cost: exact(t.cost) }));
  expect(exactly(totals.raw)).toEqual(truth);
  expect(exactly(totals.focus)).toEqual(truth);
  for (const o of outcomes) expect(o.validation?.mandatoryFailures).toBe(0);
}

describe.skipIf(!haveCorpus)('real GCP billing export files (koku)', () => {
  it('given the August 2022 export with resource names and partition_date, then its 9 rows land exactly', async () => {
    await expectInvoiced('koku-2022-08-01_5.csv', [{ period: '2022-08', rows: 9 }]);
  });

  it('given a file of two invoice months (February usage invoiced in March), then each month lands on its own', async () => {
    await expectInvoiced('koku-2024-03-01_5.csv', [
      { period: '2024-02', rows: 3 },
      { period: '2024-03', rows: 3 },
    ]);
  });

  it('given the October 2020 export of 292 rows (CRLF), then all land exactly', async () => {
    await expectInvoiced('koku-tmp_example.csv', [{ period: '2020-10', rows: 292 }]);
  });

  it('given the November 2020 export with free-trial credits (CRLF), then cost plus credits lands exactly', async () => {
    await expectInvoiced('koku-30c31bca571d9b7f3b2c8459dd8bc34a_2020-11-08_2020-11-11.csv', [
      { period: '2020-11', rows: 26 },
    ]);
  });

  it('given the 2019 console file export ("Account ID", "Line Item", "Measurement1"), then it is refused naming that format', async () => {
    const outcomes = await importFile('koku-evidence-2019-06-03.csv');
    expect(outcomes.map((o) => o.status)).toEqual(['failed']);
    expect(why(outcomes[0])).toMatch(/file export|Line Item|Account ID/i);
    expect(why(outcomes[0])).toMatch(/billing-export\.csv/);
  });
});

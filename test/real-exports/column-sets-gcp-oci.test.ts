/**
 * The real GCP billing export files' and OCI legacy reports' column sets with generated rows (always run;
 * see column-sets.ts). GCP: the file in a folder read by `finops gcp import --source FOLDER`, as gcp.test.ts
 * does, with what Google invoices per month (cost plus every credit's amount) summed here from the
 * generated text. OCI: the report where OCI writes it, given to `finops focus import`, which must refuse
 * it saying what it is, as oci.test.ts expects of the real files.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/stores/local-store.ts';
import { put } from '../helpers/delivery.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';
import { gcpTotals, runGcpImport } from '../sources/gcp/helpers.ts';
import type { GeneratedCsv } from './column-set-render.ts';
import { gcpRole, generate } from './column-set-roles.ts';
import { columnSet } from './column-sets.ts';
import { exact, failuresOf, focusCosts, focusImport, sumDecimals, why } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

/** Per invoice month: rows, and cost plus the credits' amounts, from the generated text. */
function invoiceTruth(g: GeneratedCsv) {
  const byMonth = new Map<string, { rows: number; amounts: string[] }>();
  for (const r of g.rows) {
    const m = r['invoice.month'] as string;
    const month = `${m.slice(0, 4)}-${m.slice(4, 6)}`;
    const entry = byMonth.get(month) ?? { rows: 0, amounts: [] };
    entry.rows++;
    entry.amounts.push(r.cost as string);
    for (const a of (r.credits ?? '').matchAll(/'amount': ([-+0-9.eE]+)/g))
      entry.amounts.push(a[1] as string);
    byMonth.set(month, entry);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, e]) => ({ period, rows: e.rows, cost: sumDecimals(e.amounts) }));
}

async function importGcp(g: GeneratedCsv) {
  const dir = await tempDir('cs-gcp');
  await writeFile(path.join(dir, 'billing-export.csv'), g.bytes);
  wh = await openTestWarehouse();
  return runGcpImport(
    wh,
    { kind: 'files', store: new LocalStore(dir), prefix: '' },
    { sourceName: 'cs-gcp' },
  );
}

describe('GCP billing export file column sets (koku), generated rows', () => {
  it.each([
    ['koku-2022-08-01_5.csv', 'resource.name and partition_date, LF'],
    ['koku-2024-03-01_5.csv', 'rows of two invoice months in one file'],
    ['koku-tmp_example.csv', 'standard export, CRLF, labels as Python lists'],
    [
      'koku-30c31bca571d9b7f3b2c8459dd8bc34a_2020-11-08_2020-11-11.csv',
      'credits as Python-style lists, CRLF',
    ],
  ])(
    'given the column set of %s (%s), then each invoice month lands with cost plus credits exact',
    async (name) => {
      const set = columnSet(`gcp/${name}`);
      const g = generate(set, gcpRole());
      const truth = invoiceTruth(g);
      expect(truth.map((t) => t.period)).toEqual(Object.keys(set.periods).sort());
      const outcomes = await importGcp(g);
      expect(failuresOf(outcomes)).toEqual([]);
      expect(outcomes.map((o) => [o.period, o.status, o.rows])).toEqual(
        truth.map((t) => [t.period, 'loaded', t.rows]),
      );
      const totals = await gcpTotals(wh as TestWarehouse);
      const exactly = (ts: { period: string; rows: number; cost: string }[]) =>
        ts.map((t) => ({ ...t, cost: exact(t.cost) }));
      expect(exactly(totals.raw)).toEqual(truth);
      expect(exactly(totals.focus)).toEqual(truth);
      for (const o of outcomes) expect(o.validation).toBeDefined();
    },
  );

  it('given the column set of the 2019 console file export ("Account ID", "Line Item", "Measurement1"), then it is refused naming that format', async () => {
    const set = columnSet('gcp/koku-evidence-2019-06-03.csv');
    expect(set.format.header.startsWith('Account ID,Line Item,Start Time,End Time,')).toBe(true);
    const outcomes = await importGcp(generate(set, undefined));
    expect(outcomes.map((o) => o.status)).toEqual(['failed']);
    expect(why(outcomes[0])).toMatch(/file export|Line Item|Account ID/i);
    expect(why(outcomes[0])).toMatch(/billing-export\.csv/);
  });
});

describe('OCI legacy cost and usage report column sets given to focus import, generated rows', () => {
  it.each([
    ['focus-converters-reports_cost-csv_0000000030000269.csv', /cost report|lineItem\/referenceNo/i],
    ['koku-reports_cost-csv_0001000000603747.csv', /cost report|lineItem\/referenceNo/i],
    ['koku-reports_usage-csv_0001000000829494.csv', /usage report|lineItem\/referenceNo/i],
  ])('given the column set of %s, then the import refuses it saying what it is', async (name, what) => {
    const set = columnSet(`oci/${name}`);
    expect(set.format.header.startsWith('lineItem/referenceNo,lineItem/tenantId,')).toBe(true);
    const dir = await tempDir('cs-oci');
    await put(dir, `reports/${name}`, generate(set, undefined).bytes);
    wh = await openTestWarehouse();
    const { outcomes } = await focusImport(wh, dir, { name: 'oci' });
    const failed = outcomes.filter((o) => o.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(why(failed[0])).toMatch(/OCI|Oracle/);
    expect(why(failed[0])).toMatch(what);
    expect(why(failed[0])).not.toMatch(/have no BillingPeriodStart/);
    expect((await focusCosts(wh, 'oci')).rows).toBe(0);
  });
});

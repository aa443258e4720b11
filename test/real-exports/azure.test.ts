/**
 * Real Azure Cost Management exports, each delivered as an export run (data file + manifest.json) in a
 * folder laid out like the storage container, imported with `finops azure import`'s source.
 * Files: project-koku/koku (Apache-2.0), opencost/opencost (Apache-2.0), microsoft/finops-toolkit (MIT).
 * Totals come from the file's own text (BigInt sums of the cost column), never from the importer.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';
import { deliverRun, runAzureImport } from '../sources/azure/helpers.ts';
import {
  column,
  corpusFile,
  exact,
  failuresOf,
  focusCosts,
  haveCorpus,
  readCsv,
  sumDecimals,
} from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

interface Case {
  file: string;
  what: string;
  period: string;
  /** exportConfig.type; none for the legacy exports' old manifests (the dataset comes from the name). */
  type?: 'ActualCost' | 'AmortizedCost';
  cost: string;
  rows: number;
  currency: string;
}

/** Imports one file as the only run of one export; returns the outcomes and the file's own totals. */
async function importRun(c: Case) {
  const file = corpusFile('azure', c.file);
  const table = readCsv(file);
  const truth = { rows: table.rows.length, cost: sumDecimals(column(table, c.cost)) };
  const out = await tempDir('real-azure');
  await deliverRun({
    out,
    exportName: 'real-actual',
    type: c.type,
    period: c.period,
    runId: '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
    files: { 'part_0_0001.csv': await readFile(file) },
    rows: { 'part_0_0001.csv': table.rows.length },
  });
  wh = await openTestWarehouse();
  const outcomes = await runAzureImport(wh, new LocalStore(out));
  return { outcomes, truth, table };
}

async function rawTotals(w: TestWarehouse) {
  const r = await w.warehouse.one<{ rows: number; cost: string | null; currency: string | null }>(
    `SELECT count(*)::INTEGER AS rows, sum(CostInBillingCurrency)::VARCHAR AS cost,
            string_agg(DISTINCT BillingCurrencyCode, ',') AS currency
     FROM azure_billing.billing`,
  );
  return { rows: r?.rows ?? 0, cost: exact(r?.cost) ?? '0', currency: r?.currency };
}

async function expectLoaded(c: Case) {
  const { outcomes, truth } = await importRun(c);
  expect(truth.rows).toBe(c.rows);
  expect(failuresOf(outcomes)).toEqual([]);
  expect(outcomes.map((o) => [o.period, o.status, o.rows])).toEqual([[c.period, 'loaded', c.rows]]);
  expect(await rawTotals(wh as TestWarehouse)).toEqual({
    rows: c.rows,
    cost: truth.cost,
    currency: c.currency,
  });
  expect(await focusCosts(wh as TestWarehouse, 'azure')).toMatchObject({ rows: c.rows, billed: truth.cost });
  expect(outcomes[0]?.validation).toBeDefined();
  return outcomes;
}

describe.skipIf(!haveCorpus)('real Azure legacy pay-as-you-go usage exports', () => {
  const payg = {
    period: '2019-07',
    cost: 'PreTaxCost',
    rows: 3,
    currency: 'USD',
  };

  it("given koku's PayG export (SubscriptionGuid, UsageDateTime, PreTaxCost, InstanceId; BOM, CRLF), then its 3 rows land", async () => {
    await expectLoaded({
      ...payg,
      file: 'koku-costreport_a243c6f2-199f-4074-9a2c-40e671cf1584.csv',
      what: 'PayG Pascal',
    });
  });

  it("given koku's camelCase PayG export (subscriptionGuid, preTaxCost; BOM, CRLF), then its 3 rows land", async () => {
    await expectLoaded({ ...payg, file: 'koku-azure_camelCased.csv', what: 'PayG camel' });
  });

  it("given opencost's 2021 PayG export, then its row lands", async () => {
    await expectLoaded({
      file: 'opencost-PayAsYouGo.csv',
      what: 'PayG 2021',
      period: '2021-02',
      cost: 'PreTaxCost',
      rows: 1,
      currency: 'USD',
    });
  });

  it('given a PayG export with German headers ("Abonnement-GUID (SubscriptionGuid)"), then it is read by the names in parentheses', async () => {
    await expectLoaded({
      file: 'opencost-German.csv',
      what: 'PayG German',
      period: '2021-02',
      cost: 'PreTaxCost (PreTaxCost)',
      rows: 1,
      currency: 'USD',
    });
  });

  it('given an export mixing camelCase and German headers, then its row lands', async () => {
    await expectLoaded({
      file: 'opencost-YA.csv',
      what: 'mixed',
      period: '2021-02',
      cost: 'costInBillingCurrency',
      rows: 1,
      currency: 'USD',
    });
  });

  it('given a PayG export (BOM) whose one row has only a date, then the row lands with no cost', async () => {
    const { outcomes } = await importRun({
      file: 'opencost-BOM.csv',
      what: 'BOM',
      period: '2022-11',
      cost: 'PreTaxCost',
      rows: 1,
      currency: '',
    });
    expect(failuresOf(outcomes)).toEqual([]);
    expect(outcomes.map((o) => [o.period, o.status, o.rows])).toEqual([['2022-11', 'loaded', 1]]);
  });
});

describe.skipIf(!haveCorpus)('real Azure EA, MCA and CSP cost details exports', () => {
  // koku's fixture bills in "MC", which is no ISO 4217 code: a currency the warehouse cannot name is
  // refused rather than summed beside real ones.
  it('given koku\'s EA export with v2 names (CostInBillingCurrency, US dates, a Marketplace purchase) billed in "MC", then it is refused naming the currency', async () => {
    const { outcomes, truth } = await importRun({
      file: 'koku-azure_version_2.csv',
      what: 'EA v2',
      type: 'ActualCost',
      period: '2020-09',
      cost: 'CostInBillingCurrency',
      rows: 5,
      currency: 'MC',
    });
    expect(truth.rows).toBe(5);
    expect(failuresOf(outcomes)).toEqual([
      '2020-09: normalize: 5 row(s) have BillingCurrency "MC", which is not an ISO 4217 currency code',
    ]);
    const published = await (wh as TestWarehouse).warehouse.all(
      `SELECT table_name FROM information_schema.tables WHERE table_schema IN ('azure_billing', 'focus')
         AND table_name LIKE '%2020_09%'`,
    );
    expect(published).toEqual([]);
  });

  // The one rule of every source: a unit holds one billing period, and a row that names another is refused.
  it("given opencost's EA export (CAD, no line break after the last row) whose February row names billing period May, then it is refused naming the file and the period", async () => {
    const { outcomes } = await importRun({
      file: 'opencost-Enterprise.csv',
      what: 'EA',
      type: 'ActualCost',
      period: '2021-02',
      cost: 'CostInBillingCurrency',
      rows: 1,
      currency: 'CAD',
    });
    expect(failuresOf(outcomes)).toEqual([
      expect.stringMatching(
        /part_0_0001\.csv: 1 row\(s\) belong to billing period 2021-05, but the run is for 2021-02/,
      ),
    ]);
  });

  it("given opencost's CSP (partner) export in camelCase (partnerName, customerTenantId, costInUsd), then its row lands", async () => {
    await expectLoaded({
      file: 'opencost-EnterpriseCamel.csv',
      what: 'CSP camel',
      type: 'ActualCost',
      period: '2021-02',
      cost: 'costInBillingCurrency',
      rows: 1,
      currency: 'USD',
    });
  });

  const mca = {
    what: 'MCA camel',
    type: 'ActualCost' as const,
    period: '2023-08',
    cost: 'costInBillingCurrency',
    rows: 4,
    currency: 'USD',
  };

  it("given koku's MCA export in camelCase whose last line ends LF where the others end CRLF, then its 4 rows land", async () => {
    const t = readCsv(corpusFile('azure', 'koku-camel_azure_version_2.csv'));
    expect([t.crlf, t.lf]).toEqual([4, 1]);
    await expectLoaded({ ...mca, file: 'koku-camel_azure_version_2.csv' });
  });

  it('given the same MCA export with a BOM, then its 4 rows land', async () => {
    expect(readCsv(corpusFile('azure', 'koku-camel_v2.csv')).bom).toBe(true);
    await expectLoaded({ ...mca, file: 'koku-camel_v2.csv' });
  });

  it("given opencost's export of 87 rows with only 11 lowercase columns and no currency column, then it is refused naming the currency", async () => {
    const { outcomes } = await importRun({
      file: 'opencost-Template.csv',
      what: 'subset',
      type: 'ActualCost',
      period: '2021-02',
      cost: 'costinbillingcurrency',
      rows: 87,
      currency: '',
    });
    expect(outcomes.map((o) => o.status)).toEqual(['failed']);
    expect(failuresOf(outcomes)[0]).toMatch(/currency/i);
  });
});

describe.skipIf(!haveCorpus)('real Azure exports with no rows', () => {
  for (const [file, type, what] of [
    ['koku-empty_frame.csv', undefined, 'a PayG export (BOM, header only)'],
    ['finops-toolkit-EA_NoRows.csv', 'ActualCost', 'an EA export (BOM, header only, ending in LF)'],
  ] as const) {
    it(`given ${what}, then nothing is published and nothing fails`, async () => {
      const { outcomes, table } = await importRun({
        file,
        what,
        type,
        period: '2023-09',
        cost: table0Cost(file),
        rows: 0,
        currency: '',
      });
      expect(table.rows).toEqual([]);
      expect(failuresOf(outcomes)).toEqual([]);
      expect(await focusCosts(wh as TestWarehouse, 'azure')).toMatchObject({ rows: 0 });
    });
  }
});

function table0Cost(file: string) {
  return file.includes('EA') ? 'Cost' : 'PreTaxCost';
}

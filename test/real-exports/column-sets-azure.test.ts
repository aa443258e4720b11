/**
 * The real Azure Cost Management exports' column sets with generated rows (always run; see
 * column-sets.ts): each delivered as azure.test.ts delivers the real file (one export run: the data file
 * and its manifest.json), imported with `finops azure import`'s source, and expected to do what the real
 * file does. Totals are BigInt sums of the generated cost strings, never the importer's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';
import { deliverRun, runAzureImport } from '../sources/azure/helpers.ts';
import { renderCsv } from './column-set-render.ts';
import { azureRole, generate, roleKey } from './column-set-roles.ts';
import { type ColumnSet, columnSet } from './column-sets.ts';
import { exact, failuresOf, focusCosts, sumDecimals } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

interface Case {
  name: string;
  /** exportConfig.type; none for the legacy exports' old manifests. */
  type?: 'ActualCost' | 'AmortizedCost';
  /** The currency written; undefined keeps the column's own shape (an invented code). */
  currency?: string;
}

const COST_KEYS = ['costinbillingcurrency', 'pretaxcost', 'cost'];
const CURRENCY_KEYS = ['billingcurrencycode', 'billingcurrency', 'currency'];

const columnOf = (set: ColumnSet, keys: string[]) =>
  keys.map((k) => set.columns.find((c) => roleKey(c.name) === k)).find((c) => c !== undefined);

/** Generates the rows of a column set, delivers them as the only run of one export, imports it. */
async function importGenerated(c: Case) {
  const set = columnSet(`azure/${c.name}`);
  const period = Object.keys(set.periods)[0] as string;
  const g = generate(set, azureRole(set, c.currency));
  const cost = columnOf(set, COST_KEYS);
  const currency = columnOf(set, CURRENCY_KEYS);
  const truth = {
    rows: g.rows.length,
    cost: cost ? sumDecimals(g.rows.map((r) => r[cost.name] ?? '')) : '0',
    currency: currency ? [...new Set(g.rows.map((r) => r[currency.name]))].sort().join(',') : undefined,
  };
  const out = await tempDir('cs-azure');
  await deliverRun({
    out,
    exportName: 'cs-actual',
    type: c.type,
    period,
    runId: '1e2f3a4b-5c6d-4e7f-8091-a2b3c4d5e6f7',
    files: { 'part_0_0001.csv': g.bytes },
    rows: { 'part_0_0001.csv': g.rows.length },
  });
  wh = await openTestWarehouse();
  const outcomes = await runAzureImport(wh, new LocalStore(out));
  return { set, period, outcomes, truth };
}

async function rawTotals(w: TestWarehouse) {
  const r = await w.warehouse.one<{ rows: number; cost: string | null; currency: string | null }>(
    `SELECT count(*)::INTEGER AS rows, sum(CostInBillingCurrency)::VARCHAR AS cost,
            string_agg(DISTINCT BillingCurrencyCode, ',' ORDER BY BillingCurrencyCode) AS currency
     FROM azure_billing.billing`,
  );
  return { rows: r?.rows ?? 0, cost: exact(r?.cost) ?? '0', currency: r?.currency ?? undefined };
}

async function expectLoaded(c: Case) {
  const { period, outcomes, truth } = await importGenerated(c);
  expect(truth.rows).toBeGreaterThan(0);
  expect(failuresOf(outcomes)).toEqual([]);
  expect(outcomes.map((o) => [o.period, o.status, o.rows])).toEqual([[period, 'loaded', truth.rows]]);
  expect(await rawTotals(wh as TestWarehouse)).toEqual(truth);
  expect(await focusCosts(wh as TestWarehouse, 'azure')).toMatchObject({
    rows: truth.rows,
    billed: truth.cost,
  });
  expect(outcomes[0]?.validation).toBeDefined();
  return outcomes;
}

/** The charge categories the rows landed as in focus.costs. */
const chargeCategories = async (w: TestWarehouse) =>
  (
    await w.warehouse.all<{ c: string }>('SELECT DISTINCT ChargeCategory AS c FROM focus.costs ORDER BY 1')
  ).map((r) => r.c);

describe('Azure legacy pay-as-you-go usage export column sets, generated rows', () => {
  it.each([
    [
      'koku-costreport_a243c6f2-199f-4074-9a2c-40e671cf1584.csv',
      'SubscriptionGuid, UsageDateTime, PreTaxCost; BOM, CRLF',
    ],
    ['koku-azure_camelCased.csv', 'camelCase subscriptionId, preTaxCost; BOM, CRLF'],
    ['opencost-PayAsYouGo.csv', '2021 PayG'],
    ['opencost-German.csv', 'German headers, "Abonnement-GUID (SubscriptionGuid)"'],
    ['opencost-YA.csv', 'camelCase and German headers mixed, US dates'],
  ])(
    'given the column set of %s (%s), then the generated rows land as usage with their exact cost',
    async (name) => {
      await expectLoaded({ name, currency: 'USD' });
      // A pay-as-you-go usage export has no ChargeType column: every row is usage.
      expect(await chargeCategories(wh as TestWarehouse)).toEqual(['Usage']);
    },
  );

  it('given the column set of opencost-BOM.csv (BOM, a row holding only a date), then the rows land with no cost', async () => {
    const { set, period, outcomes, truth } = await importGenerated({ name: 'opencost-BOM.csv' });
    expect(set.columns.filter((c) => c.empty !== 'always').map((c) => c.name)).toEqual(['UsageDateTime']);
    expect(failuresOf(outcomes)).toEqual([]);
    expect(outcomes.map((o) => [o.period, o.status, o.rows])).toEqual([[period, 'loaded', truth.rows]]);
  });
});

describe('Azure EA, MCA and CSP cost details column sets, generated rows', () => {
  it("given the column set of koku's EA export (v2 names, US dates) billed in EUR, then the generated rows land", async () => {
    await expectLoaded({ name: 'koku-azure_version_2.csv', type: 'ActualCost', currency: 'EUR' });
  });

  it('given the column set of koku\'s EA export with its anonymized currency "MC", then it is refused naming the currency', async () => {
    const { period, outcomes, truth } = await importGenerated({
      name: 'koku-azure_version_2.csv',
      type: 'ActualCost',
      currency: 'MC',
    });
    expect(failuresOf(outcomes)).toEqual([
      `${period}: normalize: ${truth.rows} row(s) have BillingCurrency "MC", which is not an ISO 4217 currency code`,
    ]);
  });

  it("given the column set of opencost's EA export (no final line break) whose rows name billing period May for February usage, then it is refused naming the file and the period", async () => {
    const { set, outcomes, truth } = await importGenerated({
      name: 'opencost-Enterprise.csv',
      type: 'ActualCost',
      currency: 'CAD',
    });
    expect([set.format.finalNewline, set.billingPeriodOfRows]).toEqual([false, '2021-05']);
    expect(failuresOf(outcomes)).toEqual([
      expect.stringMatching(
        new RegExp(
          `part_0_0001\\.csv: ${truth.rows} row\\(s\\) belong to billing period 2021-05, but the run is for 2021-02`,
        ),
      ),
    ]);
  });

  it("given the column set of opencost's CSP (partner) export in camelCase (no final line break, M/d/yy exchangeRateDate), then the generated rows land", async () => {
    await expectLoaded({ name: 'opencost-EnterpriseCamel.csv', type: 'ActualCost', currency: 'USD' });
  });

  it.each([
    ['koku-camel_azure_version_2.csv', false],
    ['koku-camel_v2.csv', true],
  ])(
    "given the column set of koku's MCA export %s (lines CRLF but the last LF; BOM %s), then the generated rows land",
    async (name, bom) => {
      const set = columnSet(`azure/${name}`);
      expect([set.format.bom, set.format.lineEndings]).toEqual([
        bom,
        { style: 'mixed', lines: { CRLF: '1-4', LF: '5' } },
      ]);
      await expectLoaded({ name, type: 'ActualCost', currency: 'USD' });
    },
  );

  it("given the column set of opencost's 11 lowercase columns with no currency column (rows a field short), then it is refused naming the currency", async () => {
    const { set, outcomes } = await importGenerated({ name: 'opencost-Template.csv', type: 'ActualCost' });
    expect([set.format.columns, set.format.fieldsPerRow.usual]).toEqual([11, 10]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed']);
    expect(failuresOf(outcomes)[0]).toMatch(/currency/i);
  });
});

describe('Azure export column sets with no rows', () => {
  it.each([
    ['koku-empty_frame.csv', 'a PayG export: BOM, CRLF, header only', undefined],
    ['finops-toolkit-EA_NoRows.csv', 'an EA export: BOM, header only', 'ActualCost' as const],
  ])(
    'given the column set of %s (%s), then nothing is published and nothing fails',
    async (name, _what, type) => {
      const { outcomes, truth } = await importGenerated({ name, type });
      expect(truth.rows).toBe(0);
      expect(failuresOf(outcomes)).toEqual([]);
      expect(await focusCosts(wh as TestWarehouse, 'azure')).toMatchObject({ rows: 0 });
    },
  );
});

describe('Azure EA column set with a month-long row (values the real files happen not to have)', () => {
  // DuckDB multiplies two DECIMAL(38,18) at scale 36: UnitPrice * Quantity overflowed at 100 until the
  // mapping multiplied amounts with exact_product.
  it('given a row of 744 hours at 0.5 (a VM for a month), then it lands with its cost', async () => {
    const set = columnSet('azure/koku-azure_version_2.csv');
    const base = azureRole(set, 'USD');
    const month: Record<string, string> = {
      quantity: '744',
      effectiveprice: '0.5',
      unitprice: '0.5',
      paygprice: '0.5',
      costinbillingcurrency: '372',
    };
    const g = renderCsv(set, { perPeriod: 1, role: (c, ctx) => month[roleKey(c.name)] ?? base(c, ctx) });
    const out = await tempDir('cs-azure-month');
    await deliverRun({
      out,
      exportName: 'cs-actual',
      type: 'ActualCost',
      period: '2020-09',
      runId: '2f3a4b5c-6d7e-4f80-9102-b3c4d5e6f7a8',
      files: { 'part_0_0001.csv': g.bytes },
      rows: { 'part_0_0001.csv': 1 },
    });
    wh = await openTestWarehouse();
    const outcomes = await runAzureImport(wh, new LocalStore(out));
    expect(failuresOf(outcomes)).toEqual([]);
    expect(await focusCosts(wh, 'azure')).toMatchObject({ rows: 1, billed: '372' });
    expect(
      await wh.warehouse.one(
        `SELECT ContractedCost::DECIMAL(38,2)::VARCHAR AS contracted, ListCost::DECIMAL(38,2)::VARCHAR AS list,
                ConsumedQuantity::DECIMAL(38,2)::VARCHAR AS consumed FROM focus.costs`,
      ),
    ).toEqual({ contracted: '372.00', list: '372.00', consumed: '744.00' });
  });
});

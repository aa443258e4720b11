/**
 * What the Alibaba importer does with the files themselves, on hand-written batches in a local folder:
 * quoting that breaks naive CSV readers, strong types, Beijing-time timestamps to UTC (configured and
 * detected), numeric provider codes to names, tag keys in any spelling, and bad input refused with its
 * file and line before anything is published.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FinopsError } from '../../../src/errors.ts';
import { csvField } from '../../../src/sample/csv-writer.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { alibabaRequest, runImport, toldLogger } from './helpers.ts';

let wh: TestWarehouse | undefined;
/** The next load starts on a fresh warehouse. */
function closeWarehouse() {
  wh?.warehouse.close();
  wh = undefined;
}
afterEach(closeWarehouse);

type Row = Record<string, string>;

const base: Row = {
  BillingAccountId: '5012345678901234',
  BilledCost: '1.25',
  BillingCurrency: 'USD',
  BillingPeriodStart: '2024-01-01 00:00:00',
  BillingPeriodEnd: '2024-02-01 00:00:00',
  ChargePeriodStart: '2024-01-02 00:00:00',
  ChargePeriodEnd: '2024-01-03 00:00:00',
  ChargeCategory: 'Usage',
  ProviderName: '26842',
  PublisherName: '26842',
  InvoiceIssuerName: '1011',
  ServiceName: 'Elastic Compute Service',
  ResourceName: 'web-01',
  SubAccountName: 'team',
  PricingQuantity: '24',
  Tags: '{}',
  x_ServicePeriod: '',
};

/** One batch folder of the default layout holding one CSV with `rows` (over `base`, plus their own columns). */
async function writeBatch(rows: Row[], batch = '20240103031500', into?: string): Promise<string> {
  const root = into ?? (await tempDir('alibaba-csv'));
  const folder = path.join(root, 'focus', '5012345678901234', 'FOCUS', '202401', batch);
  await mkdir(folder, { recursive: true });
  const header = [...new Set([...Object.keys(base), ...rows.flatMap((r) => Object.keys(r))])];
  const lines = rows.map((r) => header.map((h) => csvField(r[h] ?? base[h])).join(','));
  await writeFile(path.join(folder, 'focus.csv'), `${[header.join(','), ...lines].join('\r\n')}\r\n`);
  return root;
}

async function load(root: string, overrides: Parameters<typeof alibabaRequest>[2] = {}) {
  wh ??= await openTestWarehouse();
  const logger = toldLogger();
  const outcomes = await runImport(wh, alibabaRequest(new LocalStore(root), 'focus', overrides), logger);
  return { outcomes, told: logger.lines.join('\n'), w: wh.warehouse };
}

describe('reading Alibaba FOCUS files', () => {
  it('keeps commas, quotes and line breaks inside fields, with every value typed', async () => {
    const root = await writeBatch([
      {
        ResourceName: 'api, "blue"\nnight shift',
        SubAccountName: 'Acme, Inc.',
        BilledCost: '0.000000123456789012',
        PricingQuantity: '1234567.5',
        x_ServicePeriod: '12',
        Tags: '{"Note":"a, \\"quoted\\" value"}',
      },
      { BilledCost: '-3.5' },
    ]);
    const { outcomes } = await load(root);
    expect(outcomes.map((o) => [o.status, o.rows])).toEqual([['loaded', 2]]);
    const rows = await wh!.warehouse.all(
      `SELECT ResourceName, SubAccountName, BilledCost::VARCHAR AS cost, PricingQuantity::VARCHAR AS q,
              x_ServicePeriod, typeof(x_ServicePeriod) AS int_type, typeof(BilledCost) AS cost_type,
              typeof(ChargePeriodStart) AS ts_type, Tags->>'Note' AS note
       FROM alibaba_billing.billing ORDER BY BilledCost DESC`,
    );
    expect(rows[0]).toEqual({
      ResourceName: 'api, "blue"\nnight shift',
      SubAccountName: 'Acme, Inc.',
      cost: '0.000000123456789012',
      q: '1234567.500000000000000000',
      x_ServicePeriod: '12',
      int_type: 'BIGINT',
      cost_type: 'DECIMAL(38,18)',
      ts_type: 'TIMESTAMP WITH TIME ZONE',
      note: 'a, "quoted" value',
    });
    const total = await wh!.warehouse.one(`SELECT sum(BilledCost)::VARCHAR AS c FROM focus.costs`);
    expect(total?.c).toBe('-3.499999876543210988');
  });

  it('converts Beijing time to UTC and honours timestamps that carry their offset', async () => {
    const root = await writeBatch([
      {},
      { ChargePeriodStart: '2024-01-02T00:00:00+08:00', ChargePeriodEnd: '2024-01-02T16:00:00Z' },
    ]);
    await load(root);
    const rows = await wh!.warehouse.all(
      `SELECT BillingPeriodStart::VARCHAR AS bps, BillingPeriodEnd::VARCHAR AS bpe, ChargePeriodStart::VARCHAR AS cps,
              ChargePeriodEnd::VARCHAR AS cpe FROM focus.costs`,
    );
    // Charge periods are UTC instants; the billing period keeps its Beijing month as the label.
    const beijing = {
      bps: '2024-01-01 00:00:00+00',
      bpe: '2024-02-01 00:00:00+00',
      cps: '2024-01-01 16:00:00+00',
      cpe: '2024-01-02 16:00:00+00',
    };
    expect(rows).toEqual([beijing, beijing]);
  });

  it('detects the zone with timezone = auto, and says what it chose', async () => {
    const naive = await load(await writeBatch([{}]), { timezone: 'auto' });
    expect(naive.told).toMatch(/warn: .*no UTC offset; read as Beijing time \(Asia\/Shanghai, UTC\+8/);
    closeWarehouse();
    const utc = {
      BillingPeriodStart: '2023-12-31 16:00:00',
      BillingPeriodEnd: '2024-01-31 16:00:00',
      ChargePeriodStart: '2024-01-01 16:00:00',
      ChargePeriodEnd: '2024-01-02 16:00:00',
    };
    const detected = await load(await writeBatch([utc]), { timezone: 'auto' });
    expect(detected.told).toMatch(
      /carry no UTC offset and the billing month starts at Asia\/Shanghai midnight in UTC: read as UTC/,
    );
    const row = await detected.w.one(
      `SELECT BillingPeriodStart::VARCHAR AS bps, finops_timezone FROM alibaba_billing.billing`,
    );
    expect(row).toEqual({ bps: '2023-12-31 16:00:00+00', finops_timezone: 'UTC' });
    closeWarehouse();
    const contradicted = await load(await writeBatch([utc]));
    expect(contradicted.told).toMatch(
      /warn: .*timestamps look like UTC already .* alibaba.timezone = "Asia\/Shanghai" converts them again/,
    );
  });

  it('replaces numeric provider codes by the configured names and keeps a code it has no name for', async () => {
    const root = await writeBatch([
      {},
      { PublisherName: '5372810' },
      { PublisherName: '999', InvoiceIssuerName: '777' },
    ]);
    const { told } = await load(root, {
      naming: {
        ...alibabaRequest(new LocalStore(root), '').naming,
        invoiceIssuerName: 'Alibaba Cloud International',
      },
    });
    const rows = await wh!.warehouse.all(
      `SELECT ProviderName, PublisherName, InvoiceIssuerName, ServiceProviderName, HostProviderName
       FROM focus.costs ORDER BY PublisherName`,
    );
    expect(rows).toEqual(
      [
        ['Alibaba Cloud', '999', 'Alibaba Cloud International'],
        ['Alibaba Cloud', 'Alibaba Cloud', 'Alibaba Cloud (Singapore) Private Limited'],
        ['Alibaba Cloud', 'Nimbus Software Ltd.', 'Alibaba Cloud (Singapore) Private Limited'],
      ].map(([p, pub, inv]) => ({
        ProviderName: p,
        PublisherName: pub,
        InvoiceIssuerName: inv,
        ServiceProviderName: p,
        HostProviderName: p,
      })),
    );
    expect(told).toMatch(/warn: alibaba: PublisherName 999 is a numeric code with no configured name/);
    const raw = await wh!.warehouse.all(`SELECT DISTINCT ProviderName FROM alibaba_billing.billing`);
    expect(raw).toEqual([{ ProviderName: '26842' }]);
  });

  it('matches the common tag keys whatever their spelling, and keeps the other keys as delivered', async () => {
    const root = await writeBatch([
      {
        Tags: '{"ENVIRONMENT":"prod","Cost Center":"cc-1","acs:ecs:payType":"PostPaid","environment":"dev"}',
      },
      { Tags: '{"costcenter":"cc-2","Brand":"Nimbus"}' },
      { Tags: '' },
    ]);
    await load(root);
    const focus = await wh!.warehouse.all(
      `SELECT Tags::VARCHAR AS tags FROM focus.costs ORDER BY tags NULLS LAST`,
    );
    expect(focus).toEqual([
      { tags: '{"cost_center":"cc-2","brand":"Nimbus"}' },
      { tags: '{"environment":"prod","cost_center":"cc-1","acs:ecs:payType":"PostPaid"}' },
      { tags: null },
    ]);
    const raw = await wh!.warehouse.all(
      `SELECT tag_environment, tag_cost_center, tag_brand, tag_owner, Tags::VARCHAR AS delivered
       FROM alibaba_billing.billing ORDER BY tag_cost_center NULLS LAST`,
    );
    expect(raw.map((r) => [r.tag_environment, r.tag_cost_center, r.tag_brand, r.tag_owner])).toEqual([
      ['prod', 'cc-1', null, null],
      [null, 'cc-2', 'Nimbus', null],
      [null, null, null, null],
    ]);
    expect(raw[0]?.delivered).toBe(
      '{"ENVIRONMENT":"prod","Cost Center":"cc-1","acs:ecs:payType":"PostPaid","environment":"dev"}',
    );
  });

  it('adds a column a later batch brings to the period tables', async () => {
    const root = await writeBatch([{}]);
    // The next day's batch (another charge day: a batch that repeated one would be refused).
    const nextDay = { ChargePeriodStart: '2024-01-03 00:00:00', ChargePeriodEnd: '2024-01-04 00:00:00' };
    await writeBatch([{ ...nextDay, x_RoundingAmount: '0.01', BilledCost: '2' }], '20240104031500', root);
    const { outcomes } = await load(root);
    expect(outcomes.map((o) => o.status)).toEqual(['loaded', 'loaded']);
    const raw = await wh!.warehouse.all(
      `SELECT BilledCost::VARCHAR AS cost, x_RoundingAmount FROM alibaba_billing.billing ORDER BY cost`,
    );
    expect(raw).toEqual([
      { cost: '1.250000000000000000', x_RoundingAmount: null },
      { cost: '2.000000000000000000', x_RoundingAmount: '0.01' },
    ]);
    const focus = await wh!.warehouse.all(`SELECT x_RoundingAmount FROM focus.costs ORDER BY 1 NULLS FIRST`);
    expect(focus).toEqual([{ x_RoundingAmount: null }, { x_RoundingAmount: '0.01' }]);
  });

  it.each([
    [
      'a cost that is not a number',
      { BilledCost: '12..5' },
      /focus\.csv:3: column "BilledCost": "12\.\.5" is not a valid DECIMAL/,
    ],
    [
      'a timestamp that is not one',
      { ChargePeriodStart: '2024-13-01 00:00:00' },
      /focus\.csv:3: column "ChargePeriodStart": "2024-13-01 00:00:00" is not a valid TIMESTAMP/,
    ],
    [
      'Tags that are not JSON',
      { Tags: '{Environment: prod' },
      /focus\.csv:3: column "Tags": "\{Environment: prod" is not a valid JSON/,
    ],
    [
      'Tags that are not an object',
      { Tags: '["prod"]' },
      /focus\.csv: column Tags holds JSON that is not an object: \["prod"\]/,
    ],
    [
      'a row of another month',
      { BillingPeriodStart: '2024-02-01 00:00:00' },
      /focus\.csv: 1 row\(s\) belong to billing period 2024-02, not 2024-01/,
    ],
  ])('refuses %s with its file and line, and publishes nothing', async (_, bad, message) => {
    const root = await writeBatch([{ ResourceName: 'multi\nline' }, bad]);
    const { outcomes } = await load(root);
    expect(outcomes.map((o) => o.status)).toEqual(['failed']);
    const error = outcomes[0]?.error as FinopsError;
    expect(error).toBeInstanceOf(FinopsError);
    expect(error.kind).toBe('input');
    expect(error.describe()).toMatch(message);
    const tables = await wh!.warehouse.all(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('focus', 'alibaba_billing')`,
    );
    expect(tables).toEqual([]);
    const ledger = await wh!.warehouse.all(`SELECT status FROM finops_meta.loads`);
    expect(ledger).toEqual([{ status: 'failed' }]);
  });
});

/**
 * Every CSV reader of the project, driven the same way for csv-quirks.test.ts: a small valid file of its
 * kind (a header and three rows, a text column to hold a non-UTF-8 byte, a cost column), laid out as its
 * provider delivers it, imported with the real source, and what landed in focus.costs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { UnitOutcome } from '../../src/pipeline/outcome.ts';
import { LocalStore } from '../../src/stores/local-store.ts';
import { writeV1Delivery } from '../helpers/delivery.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';
import { focusCosts, focusImport } from '../real-exports/helpers.ts';
import { alibabaRequest, runImport } from './alibaba/helpers.ts';
import { deliverRun, runAzureImport } from './azure/helpers.ts';
import { runGcpImport } from './gcp/helpers.ts';

export interface CsvReader {
  name: string;
  /** The data file's name as messages show it. */
  file: string;
  header: string[];
  /** Three rows, by header name; the text column and the cost column are named below. */
  rows: Record<string, string>[];
  textColumn: string;
  costColumn: string;
  /** The first column of the header holds the billing account: a BOM must not hide it. */
  account: string;
  /** Lays the file out as the provider delivers it and imports it; the source's name in focus.costs. */
  load(wh: TestWarehouse, bytes: Buffer): Promise<{ outcomes: UnitOutcome[]; source: string }>;
}

const HOUR = (d: string, h: number) => `${d}T${String(h).padStart(2, '0')}:00:00Z`;

/** Costs with many fractional digits and an integer, so an exact sum shows any rounding. */
const COSTS = ['1.25', '0.000000012', '17'];

function awsCur(gzip: boolean): CsvReader {
  const name = `quirk-cur-00001.csv${gzip ? '.gz' : ''}`;
  return {
    name: `AWS legacy CUR (${gzip ? 'csv.gz' : '.csv'})`,
    file: name,
    header: [
      'bill/PayerAccountId',
      'identity/LineItemId',
      'bill/BillingPeriodStartDate',
      'bill/BillingPeriodEndDate',
      'lineItem/UsageAccountId',
      'lineItem/LineItemType',
      'lineItem/UsageStartDate',
      'lineItem/ProductCode',
      'lineItem/LineItemDescription',
      'lineItem/UnblendedCost',
      'lineItem/CurrencyCode',
    ],
    rows: COSTS.map((cost, i) => ({
      'identity/LineItemId': `li-${i}`,
      'bill/PayerAccountId': '012345678901',
      'bill/BillingPeriodStartDate': '2023-11-01T00:00:00Z',
      'bill/BillingPeriodEndDate': '2023-12-01T00:00:00Z',
      'lineItem/UsageAccountId': '012345678901',
      'lineItem/LineItemType': 'Usage',
      'lineItem/UsageStartDate': HOUR('2023-11-02', i),
      'lineItem/ProductCode': 'AmazonEC2',
      'lineItem/LineItemDescription': `Cafe instance hour ${i}`,
      'lineItem/UnblendedCost': cost,
      'lineItem/CurrencyCode': 'USD',
    })),
    textColumn: 'lineItem/LineItemDescription',
    costColumn: 'lineItem/UnblendedCost',
    account: '012345678901',
    async load(wh, bytes) {
      const bucket = await tempDir('quirk-cur');
      await writeV1Delivery({
        bucketDir: bucket,
        exportName: 'quirk-cur',
        period: '2023-11',
        files: [{ name, body: gzip ? gzipSync(bytes) : bytes }],
      });
      const outcomes = await wh.importExport({
        store: new LocalStore(bucket),
        prefix: 'cur',
        exportName: 'quirk-cur',
      });
      return { outcomes, source: 'quirk-cur' };
    },
  };
}

const azure: CsvReader = {
  name: 'Azure cost details',
  file: 'part_0_0001.csv',
  header: [
    'BillingAccountId',
    'BillingPeriodStartDate',
    'BillingPeriodEndDate',
    'SubscriptionId',
    'SubscriptionName',
    'ResourceGroup',
    'Date',
    'MeterCategory',
    'Quantity',
    'EffectivePrice',
    'CostInBillingCurrency',
    'BillingCurrencyCode',
    'ChargeType',
    'PublisherType',
    'Frequency',
    'UnitOfMeasure',
  ],
  rows: COSTS.map((cost, i) => ({
    BillingAccountId: '8611537',
    BillingPeriodStartDate: '2024-05-01',
    BillingPeriodEndDate: '2024-05-31',
    SubscriptionId: '5e2b1f7c-0000-4000-8000-000000000001',
    SubscriptionName: `Cafe team ${i}`,
    ResourceGroup: 'web-rg',
    Date: `2024-05-0${i + 1}`,
    MeterCategory: 'Virtual Machines',
    Quantity: '1',
    EffectivePrice: cost,
    CostInBillingCurrency: cost,
    BillingCurrencyCode: 'USD',
    ChargeType: 'Usage',
    PublisherType: 'Azure',
    Frequency: 'UsageBased',
    UnitOfMeasure: '1 Hour',
  })),
  textColumn: 'SubscriptionName',
  costColumn: 'CostInBillingCurrency',
  account: '8611537',
  async load(wh, bytes) {
    const out = await tempDir('quirk-azure');
    await deliverRun({
      out,
      exportName: 'quirk-actual',
      type: 'ActualCost',
      period: '2024-05',
      runId: '0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3',
      files: { 'part_0_0001.csv': bytes },
      rows: { 'part_0_0001.csv': 3 },
    });
    return { outcomes: await runAzureImport(wh, new LocalStore(out)), source: 'azure' };
  },
};

const focus: CsvReader = {
  name: 'native FOCUS (focus import)',
  file: 'costs.csv',
  header: [
    'BillingAccountId',
    'BillingPeriodStart',
    'BillingPeriodEnd',
    'ChargePeriodStart',
    'ChargePeriodEnd',
    'BilledCost',
    'EffectiveCost',
    'ListCost',
    'ContractedCost',
    'BillingCurrency',
    'ChargeCategory',
    'ProviderName',
    'PublisherName',
    'InvoiceIssuerName',
    'ServiceName',
    'ServiceCategory',
    'SubAccountName',
  ],
  rows: COSTS.map((cost, i) => ({
    BillingAccountId: '0042',
    BillingPeriodStart: '2024-02-01T00:00:00Z',
    BillingPeriodEnd: '2024-03-01T00:00:00Z',
    ChargePeriodStart: HOUR('2024-02-03', i),
    ChargePeriodEnd: HOUR('2024-02-03', i + 1),
    BilledCost: cost,
    EffectiveCost: cost,
    ListCost: cost,
    ContractedCost: cost,
    BillingCurrency: 'EUR',
    ChargeCategory: 'Usage',
    ProviderName: 'Contoso Cloud',
    PublisherName: 'Contoso',
    InvoiceIssuerName: 'Contoso Ltd',
    ServiceName: 'Virtual Machines',
    ServiceCategory: 'Compute',
    SubAccountName: `Cafe team ${i}`,
  })),
  textColumn: 'SubAccountName',
  costColumn: 'BilledCost',
  account: '0042',
  async load(wh, bytes) {
    const folder = await tempDir('quirk-focus');
    await writeFile(path.join(folder, 'costs.csv'), bytes);
    return {
      outcomes: (await focusImport(wh, folder, { name: 'quirk-focus' })).outcomes,
      source: 'quirk-focus',
    };
  },
};

const gcp: CsvReader = {
  name: 'GCP billing export CSV',
  file: 'billing-export.csv',
  header: [
    'billing_account_id',
    'service.id',
    'service.description',
    'sku.id',
    'sku.description',
    'usage_start_time',
    'usage_end_time',
    'project.id',
    'project.name',
    'labels',
    'location.region',
    'export_time',
    'cost',
    'currency',
    'usage.amount',
    'usage.unit',
    'credits',
    'invoice.month',
    'cost_type',
  ],
  rows: COSTS.map((cost, i) => ({
    billing_account_id: '01A2B3-C4D5E6-F7A8B9',
    'service.id': '6F81-5844-456A',
    'service.description': 'Compute Engine',
    'sku.id': 'D973-5D65-BAB2',
    'sku.description': 'Storage PD Capacity',
    usage_start_time: `2024-03-02 0${i}:00:00+00:00`,
    usage_end_time: `2024-03-02 0${i + 1}:00:00+00:00`,
    'project.id': 'quirk-project',
    'project.name': `Cafe project ${i}`,
    labels: '[]',
    'location.region': 'us-central1',
    export_time: '2024-03-02 08:00:00.000000+00:00',
    cost,
    currency: 'USD',
    'usage.amount': '3600.0',
    'usage.unit': 'seconds',
    credits: '[]',
    'invoice.month': '202403',
    cost_type: 'regular',
  })),
  textColumn: 'project.name',
  costColumn: 'cost',
  account: '01A2B3-C4D5E6-F7A8B9',
  async load(wh, bytes) {
    const dir = await tempDir('quirk-gcp');
    await writeFile(path.join(dir, 'billing-export.csv'), bytes);
    const outcomes = await runGcpImport(
      wh,
      { kind: 'files', store: new LocalStore(dir), prefix: '' },
      { sourceName: 'quirk-gcp' },
    );
    return { outcomes, source: 'quirk-gcp' };
  },
};

const alibaba: CsvReader = {
  name: 'Alibaba FOCUS batch',
  file: 'focus.csv',
  header: [
    'BillingAccountId',
    'BilledCost',
    'BillingCurrency',
    'BillingPeriodStart',
    'BillingPeriodEnd',
    'ChargePeriodStart',
    'ChargePeriodEnd',
    'ChargeCategory',
    'ProviderName',
    'PublisherName',
    'InvoiceIssuerName',
    'ServiceName',
    'ResourceName',
    'SubAccountName',
    'PricingQuantity',
    'Tags',
  ],
  rows: COSTS.map((cost, i) => ({
    BillingAccountId: '5012345678901234',
    BilledCost: cost,
    BillingCurrency: 'USD',
    BillingPeriodStart: '2024-01-01 00:00:00',
    BillingPeriodEnd: '2024-02-01 00:00:00',
    ChargePeriodStart: `2024-01-0${i + 2} 00:00:00`,
    ChargePeriodEnd: `2024-01-0${i + 3} 00:00:00`,
    ChargeCategory: 'Usage',
    ProviderName: 'Alibaba Cloud',
    PublisherName: 'Alibaba Cloud',
    InvoiceIssuerName: 'Alibaba Cloud',
    ServiceName: 'Elastic Compute Service',
    ResourceName: `web-0${i}`,
    SubAccountName: `Cafe team ${i}`,
    PricingQuantity: '24',
    Tags: '{}',
  })),
  textColumn: 'SubAccountName',
  costColumn: 'BilledCost',
  account: '5012345678901234',
  async load(wh, bytes) {
    const root = await tempDir('quirk-alibaba');
    const folder = path.join(root, 'focus', '5012345678901234', 'FOCUS', '202401', '20240103031500');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'focus.csv'), bytes);
    return {
      outcomes: await runImport(wh, alibabaRequest(new LocalStore(root), 'focus')),
      source: 'alibaba',
    };
  },
};

export const csvReaders: CsvReader[] = [awsCur(true), awsCur(false), azure, focus, gcp, alibaba];

/** Imports a file with a reader on a fresh warehouse; the outcomes and what landed in focus.costs. */
export async function importWith(reader: CsvReader, bytes: Buffer) {
  const wh = await openTestWarehouse();
  try {
    const { outcomes, source } = await reader.load(wh, bytes);
    const landed = await focusCosts(wh, source);
    const accounts = landed.rows
      ? await wh.warehouse.all<{ a: string }>(
          'SELECT DISTINCT BillingAccountId AS a FROM focus.costs WHERE x_SourceName = $source',
          { source },
        )
      : [];
    return { outcomes, landed, accounts: accounts.map((r) => r.a) };
  } finally {
    wh.warehouse.close();
  }
}

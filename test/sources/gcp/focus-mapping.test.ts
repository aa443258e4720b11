/**
 * The FOCUS mapping, row by row, on a hand-written export month: a usage row with a sustained use
 * discount and a free-trial credit, one covered by a committed use discount, the commitment's fee, a tax
 * line and a correction. Each expectation is the rule in focus.sql a reviewer would check.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../../src/stores/local-store.ts';
import type { Row } from '../../../src/warehouse/warehouse.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { runGcpImport } from './helpers.ts';

const base = {
  billing_account_id: '01A2B3-C4D5E6-F7A8B9',
  service: { id: '6F81-5844-456A', description: 'Compute Engine' },
  sku: { id: '2E27-4F75-95CD', description: 'N1 Predefined Instance Core running in Americas' },
  usage_start_time: '2024-03-05 10:00:00 UTC',
  usage_end_time: '2024-03-05 11:00:00 UTC',
  project: {
    id: 'shop-prod-4821',
    number: '482190337015',
    name: 'shop-prod',
    labels: [
      { key: 'env', value: 'prod' },
      { key: 'team', value: 'shop' },
    ],
    ancestry_numbers: '/659211904421/',
  },
  labels: [{ key: 'team', value: 'checkout' }],
  system_labels: [{ key: 'compute.googleapis.com/machine_spec', value: 'n1-standard-4' }],
  location: { location: 'us-central1-a', country: 'US', region: 'us-central1', zone: 'us-central1-a' },
  resource: {
    name: 'web-1',
    global_name: '//compute.googleapis.com/projects/shop-prod-4821/zones/us-central1-a/instances/web-1',
  },
  export_time: '2024-03-05 16:12:00 UTC',
  currency: 'USD',
  currency_conversion_rate: 1,
  usage: { amount: 7200, unit: 'seconds', amount_in_pricing_units: 2, pricing_unit: 'hour' },
  invoice: { month: '202403' },
  cost_type: 'regular',
  transaction_type: 'GOOGLE',
  seller_name: 'Google',
};

const rows = [
  {
    ...base,
    cost: 0.5,
    cost_at_list: 0.5,
    credits: [
      {
        name: 'Sustained Usage Discount',
        amount: -0.1,
        full_name: null,
        id: 'SUD',
        type: 'SUSTAINED_USAGE_DISCOUNT',
      },
      {
        name: 'Free Trial',
        amount: -0.05,
        full_name: 'Free Trial Credit',
        id: 'FreeTrial:1',
        type: 'PROMOTION',
      },
    ],
  },
  {
    ...base,
    resource: { name: 'web-2', global_name: base.resource.global_name.replace('web-1', 'web-2') },
    cost: 0.4,
    cost_at_list: 0.45,
    credits: [
      {
        name: 'Committed use discount: CPU',
        amount: -0.4,
        full_name: 'Committed use discount: CPU',
        id: 'commitments/285',
        type: 'COMMITTED_USAGE_DISCOUNT',
      },
    ],
  },
  {
    ...base,
    sku: { id: 'F8E2-1B33-77C4', description: 'Commitment v1: Cpu in Americas for 1 Year' },
    labels: [],
    resource: null,
    cost: 0.3,
    credits: [],
    subscription: { instance_id: 'commitments/285' },
  },
  {
    ...base,
    service: { id: '', description: 'Invoice' },
    sku: { id: '', description: 'Tax' },
    labels: [],
    resource: null,
    usage: null,
    cost: 0.07,
    credits: [],
    cost_type: 'tax',
  },
  {
    ...base,
    labels: [],
    resource: null,
    cost: -0.2,
    credits: [],
    cost_type: 'adjustment',
    adjustment_info: {
      id: 'adj-1',
      description: 'Overcharged core hours',
      mode: 'MANUAL_ADJUSTMENT',
      type: 'USAGE_CORRECTION',
    },
  },
];

let wh: TestWarehouse;
const focus = (where: string) =>
  wh.warehouse.one<Row>(
    `SELECT ChargeCategory, ChargeClass, ChargeFrequency, ChargeDescription, PricingCategory, SkuId,
            BilledCost::DECIMAL(18,6)::VARCHAR AS billed, EffectiveCost::DECIMAL(18,6)::VARCHAR AS effective,
            ContractedCost::DECIMAL(18,6)::VARCHAR AS contracted, ListCost::DECIMAL(18,6)::VARCHAR AS list,
            ListUnitPrice::DECIMAL(18,6)::VARCHAR AS list_unit_price, CommitmentDiscountId, CommitmentDiscountCategory,
            CommitmentDiscountStatus, Tags::VARCHAR AS tags, ResourceType, SubAccountName, x_CreditType
     FROM focus.costs WHERE ${where}`,
  );

beforeAll(async () => {
  const dir = await tempDir('gcp-mapping');
  await writeFile(path.join(dir, 'march.json'), `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  wh = await openTestWarehouse();
  const outcomes = await runGcpImport(wh, { kind: 'files', store: new LocalStore(dir), prefix: '' });
  expect(outcomes.map((o) => [o.period, o.status, o.rows, o.costTotals])).toEqual([
    // 0.5 + 0.4 + 0.3 + 0.07 - 0.2 of cost, -0.55 of credits
    ['2024-03', 'loaded', 5, { USD: '0.520000000' }],
  ]);
});
afterAll(() => wh.warehouse.close());

describe('GCP export rows in FOCUS', () => {
  it('a sustained use discount lowers the charge; a promotional credit is its own Credit row', async () => {
    const usage = await focus(`ResourceName = 'web-1' AND ChargeCategory = 'Usage'`);
    expect(usage).toMatchObject({
      ChargeCategory: 'Usage',
      ChargeFrequency: 'Usage-Based',
      PricingCategory: 'Standard',
      billed: '0.400000',
      effective: '0.400000',
      contracted: '0.400000',
      list: '0.500000',
      list_unit_price: '0.250000',
      ResourceType: 'instances',
      SubAccountName: 'shop-prod',
    });
    // The resource label wins over the project's label of the same key.
    expect(JSON.parse(String(usage?.tags))).toEqual({
      env: 'prod',
      team: 'checkout',
      'compute.googleapis.com/machine_spec': 'n1-standard-4',
    });
    // The raw row keeps every credit, and their sums by type.
    const raw = await wh.warehouse.one<Row>(
      `SELECT len(credits)::INTEGER AS n, credits_total::VARCHAR AS total, credits_by_type::VARCHAR AS by_type
       FROM gcp_billing.billing WHERE resource_name = 'web-1'`,
    );
    expect(raw).toEqual({
      n: 2,
      total: '-0.150000000',
      by_type: '{"PROMOTION":-0.050000000,"SUSTAINED_USAGE_DISCOUNT":-0.100000000}',
    });
    // The credit stays with the resource and project it was given for.
    expect(await focus(`ChargeCategory = 'Credit'`)).toMatchObject({
      ResourceType: 'instances',
      SubAccountName: 'shop-prod',
      ChargeDescription: 'Free Trial Credit',
      billed: '-0.050000',
      effective: '-0.050000',
      contracted: '-0.050000',
      list: '-0.050000',
      x_CreditType: 'PROMOTION',
    });
  });

  it('usage covered by a committed use discount is Committed, its contracted cost the price before it', async () => {
    expect(await focus(`ResourceName = 'web-2' AND ChargeCategory = 'Usage'`)).toMatchObject({
      PricingCategory: 'Committed',
      billed: '0.000000',
      effective: '0.000000',
      contracted: '0.400000',
      list: '0.450000',
      CommitmentDiscountId: 'commitments/285',
      CommitmentDiscountCategory: 'Usage',
      CommitmentDiscountStatus: 'Used',
    });
    expect(await focus(`ChargeCategory = 'Purchase'`)).toMatchObject({
      ChargeFrequency: 'Recurring',
      billed: '0.300000',
      CommitmentDiscountId: 'commitments/285',
      CommitmentDiscountStatus: null,
    });
  });

  it('tax is Tax without a SKU; a correction is an Adjustment of class Correction', async () => {
    expect(await focus(`ChargeCategory = 'Tax'`)).toMatchObject({
      SkuId: null,
      billed: '0.070000',
      PricingCategory: null,
    });
    expect(await focus(`ChargeCategory = 'Adjustment'`)).toMatchObject({
      ChargeClass: 'Correction',
      ChargeDescription: 'Overcharged core hours',
      billed: '-0.200000',
      PricingCategory: null,
    });
  });
});

/**
 * Every CUR load also lands in focus.costs, in the same transaction: the generator's months (with a
 * Reserved Instance and a Savings Plan) come out with the billed cost of the source to the last digit,
 * the amortized cost AWS's own definition gives, and commitment waste as Unused rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateCurSample } from '../../../src/sample/aws-cur/generate.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

async function loadSample(curVersion: 'v1' | 'v2' = 'v1', seed = 51) {
  const bucket = await tempDir('bucket');
  const sample = await generateCurSample({ out: bucket, months: 2, rows: 800, seed, curVersion });
  wh = await openTestWarehouse();
  const outcomes = await wh.importExport({
    store: new LocalStore(bucket),
    prefix: 'cur',
    exportName: 'finops-demo',
  });
  expect(outcomes.map((o) => o.status)).toEqual(['loaded', 'loaded']);
  return { sample, w: wh.warehouse };
}

/** The community's amortized cost of a CUR line (focus_mappings.md 1.4), written independently here. */
const amortizedCost = `
  CASE line_item_line_item_type
    WHEN 'SavingsPlanCoveredUsage' THEN savings_plan_savings_plan_effective_cost
    WHEN 'SavingsPlanRecurringFee' THEN savings_plan_total_commitment_to_date - savings_plan_used_commitment
    WHEN 'SavingsPlanNegation' THEN 0
    WHEN 'SavingsPlanUpfrontFee' THEN 0
    WHEN 'DiscountedUsage' THEN reservation_effective_cost
    WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
    ELSE CASE WHEN line_item_line_item_type = 'Fee' AND reservation_reservation_a_r_n <> '' THEN 0
              ELSE line_item_unblended_cost END
  END`;

describe('AWS CUR to FOCUS', () => {
  it('bills exactly what the CUR bills, and amortizes as AWS defines it', async () => {
    const { sample, w } = await loadSample();
    const focus = await w.all(
      `SELECT strftime(BillingPeriodStart, '%Y-%m') AS period, sum(BilledCost)::DECIMAL(38,10)::VARCHAR AS billed,
              sum(EffectiveCost)::DECIMAL(38,10)::VARCHAR AS effective
       FROM focus.costs GROUP BY ALL ORDER BY 1`,
    );
    const raw = await w.all(
      `SELECT strftime(bill_billing_period_start_date, '%Y-%m') AS period,
              sum(line_item_unblended_cost)::DECIMAL(38,10)::VARCHAR AS billed,
              sum(${amortizedCost})::DECIMAL(38,10)::VARCHAR AS effective
       FROM aws_billing.billing GROUP BY ALL ORDER BY 1`,
    );
    expect(focus).toEqual(raw);
    expect(focus.map((f) => f.billed)).toEqual(sample.periods.map((p) => p.current.unblendedCost));
  });

  it('validates every load against the FOCUS 1.2 rules and records the result', async () => {
    const { w } = await loadSample();
    const ledger = await w.all<{ v: string }>(
      'SELECT validation AS v FROM finops_meta.loads ORDER BY load_id',
    );
    expect(ledger.map((l) => JSON.parse(l.v))).toEqual([
      expect.objectContaining({ status: 'passed', fail: 0, mandatoryFailures: 0 }),
      expect.objectContaining({ status: 'passed', fail: 0, mandatoryFailures: 0 }),
    ]);
  });

  it('classifies every CUR line item type', async () => {
    const { w } = await loadSample();
    const kinds = await w.all(
      `SELECT DISTINCT x_LineItemType AS type, ChargeCategory AS category, ChargeClass AS class, ChargeFrequency AS frequency,
              PricingCategory AS pricing, CommitmentDiscountStatus AS status, CommitmentDiscountType AS commitment
       FROM focus.costs ORDER BY ALL`,
    );
    expect(kinds).toEqual([
      {
        type: 'Credit',
        category: 'Credit',
        class: null,
        frequency: 'One-Time',
        pricing: null,
        status: null,
        commitment: null,
      },
      {
        type: 'DiscountedUsage',
        category: 'Usage',
        class: null,
        frequency: 'Usage-Based',
        pricing: 'Committed',
        status: 'Used',
        commitment: 'Reserved Instance',
      },
      {
        type: 'Fee',
        category: 'Purchase',
        class: null,
        frequency: 'One-Time',
        pricing: 'Standard',
        status: null,
        commitment: 'Reserved Instance',
      },
      {
        type: 'Fee',
        category: 'Purchase',
        class: null,
        frequency: 'Recurring',
        pricing: 'Standard',
        status: null,
        commitment: null,
      },
      {
        type: 'RIFee',
        category: 'Purchase',
        class: null,
        frequency: 'Recurring',
        pricing: 'Standard',
        status: null,
        commitment: 'Reserved Instance',
      },
      {
        type: 'RIFee',
        category: 'Usage',
        class: null,
        frequency: 'Usage-Based',
        pricing: 'Committed',
        status: 'Unused',
        commitment: 'Reserved Instance',
      },
      {
        type: 'Refund',
        category: 'Usage',
        class: 'Correction',
        frequency: 'Usage-Based',
        pricing: 'Standard',
        status: null,
        commitment: null,
      },
      {
        type: 'SavingsPlanCoveredUsage',
        category: 'Usage',
        class: null,
        frequency: 'Usage-Based',
        pricing: 'Committed',
        status: 'Used',
        commitment: 'Savings Plan',
      },
      {
        type: 'SavingsPlanNegation',
        category: 'Usage',
        class: null,
        frequency: 'Usage-Based',
        pricing: 'Committed',
        status: 'Used',
        commitment: 'Savings Plan',
      },
      {
        type: 'SavingsPlanRecurringFee',
        category: 'Purchase',
        class: null,
        frequency: 'Recurring',
        pricing: 'Standard',
        status: null,
        commitment: 'Savings Plan',
      },
      {
        type: 'SavingsPlanRecurringFee',
        category: 'Usage',
        class: null,
        frequency: 'Usage-Based',
        pricing: 'Committed',
        status: 'Unused',
        commitment: 'Savings Plan',
      },
      {
        type: 'Tax',
        category: 'Tax',
        class: null,
        frequency: 'One-Time',
        pricing: null,
        status: null,
        commitment: null,
      },
      {
        type: 'Usage',
        category: 'Usage',
        class: null,
        frequency: 'Usage-Based',
        pricing: 'Dynamic',
        status: null,
        commitment: null,
      },
      {
        type: 'Usage',
        category: 'Usage',
        class: null,
        frequency: 'Usage-Based',
        pricing: 'Standard',
        status: null,
        commitment: null,
      },
    ]);
  });

  it('spreads each commitment over the usage it covers and its waste', async () => {
    const { w } = await loadSample();
    // The Reserved Instance: 2 instances x every hour of the month x (0.05 amortized upfront + 0.03 recurring).
    const ri = await w.all(
      `SELECT strftime(BillingPeriodStart, '%Y-%m') AS period, sum(EffectiveCost)::DECIMAL(38,10)::VARCHAR AS effective,
              (2 * 24 * (date_diff('day', min(BillingPeriodStart), min(BillingPeriodEnd))) * 0.08)::DECIMAL(38,10)::VARCHAR AS expected
       FROM focus.costs WHERE CommitmentDiscountType = 'Reserved Instance' AND ChargeCategory = 'Usage'
       GROUP BY ALL ORDER BY 1`,
    );
    expect(ri).toHaveLength(2);
    for (const r of ri) expect(r.effective).toBe(r.expected);
    // The Savings Plan: what was committed (billed by the fee) is what usage and waste cost, per day.
    const sp = await w.all(
      `SELECT ChargePeriodStart::DATE AS day,
              sum(BilledCost) FILTER (WHERE ChargeCategory = 'Purchase')::VARCHAR AS committed,
              sum(EffectiveCost) FILTER (WHERE ChargeCategory = 'Usage')::VARCHAR AS spread
       FROM focus.costs WHERE CommitmentDiscountType = 'Savings Plan' GROUP BY ALL`,
    );
    expect(sp.length).toBeGreaterThan(50);
    for (const d of sp) expect(d.spread).toBe(d.committed);
  });

  it('merges user tags, AWS tags and cost categories into one Tags object', async () => {
    const { w } = await loadSample();
    const keys = await w.all<{ key: string }>(
      `SELECT DISTINCT unnest(json_keys(Tags)) AS key FROM focus.costs WHERE Tags IS NOT NULL ORDER BY 1`,
    );
    expect(keys.map((k) => k.key)).toEqual([
      'aws:created_by',
      'cost_center',
      'costcategory:business_unit',
      'environment',
      'project',
      'team',
    ]);
    const one = await w.one<{ t: string }>(
      `SELECT Tags::VARCHAR AS t FROM focus.costs WHERE Tags->>'environment' = 'production' LIMIT 1`,
    );
    expect(JSON.parse(one?.t ?? '{}')).toMatchObject({ environment: 'production' });
  });

  it('fills the service, account, region and resource columns', async () => {
    const { w } = await loadSample();
    const ec2 = await w.one(
      `SELECT ServiceName, ServiceCategory, ServiceSubcategory, ServiceProviderName, HostProviderName, ProviderName,
              InvoiceIssuerName, BillingAccountId, RegionId, RegionName, ResourceType, x_ServiceCode, PricingUnit
       FROM focus.costs WHERE x_ServiceCode = 'AmazonEC2' AND x_UsageType = 'BoxUsage:m5.large' LIMIT 1`,
    );
    expect(ec2).toEqual({
      ServiceName: 'Amazon Elastic Compute Cloud',
      ServiceCategory: 'Compute',
      ServiceSubcategory: 'Virtual Machines',
      ServiceProviderName: 'AWS',
      HostProviderName: 'AWS',
      ProviderName: 'AWS',
      InvoiceIssuerName: 'Amazon Web Services, Inc.',
      BillingAccountId: '123456789012',
      RegionId: 'us-east-1',
      RegionName: 'US East (N. Virginia)',
      ResourceType: 'instance',
      x_ServiceCode: 'AmazonEC2',
      PricingUnit: 'Hours',
    });
    const accounts = await w.all<{ id: string }>(
      `SELECT DISTINCT SubAccountId AS id FROM focus.costs ORDER BY 1`,
    );
    expect(accounts.map((a) => a.id)).toContain('012345678901');
  });

  it('gives CUR 2.0 the same FOCUS rows as legacy CUR for the same charges', async () => {
    const summary = `SELECT ChargeCategory, CommitmentDiscountStatus, count(*)::INTEGER AS n, sum(BilledCost)::VARCHAR AS billed,
                            sum(EffectiveCost)::VARCHAR AS effective, sum(ListCost)::VARCHAR AS list, count(DISTINCT Tags)::INTEGER AS tags
                     FROM focus.costs GROUP BY ALL ORDER BY ALL`;
    const { w: legacy } = await loadSample('v1', 61);
    const v1 = await legacy.all(summary);
    wh?.warehouse.close();
    const { w: cur2 } = await loadSample('v2', 61);
    expect(await cur2.all(summary)).toEqual(v1);
    const names = await cur2.all(
      `SELECT DISTINCT SubAccountName FROM focus.costs WHERE SubAccountName IS NOT NULL`,
    );
    expect(names.length).toBeGreaterThan(0);
  });
});

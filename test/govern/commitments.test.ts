/**
 * Commitment utilization, coverage and savings on the FOCUS spec's commitment scenarios
 * (../shared/samples/focus-spec-1.2-examples, CC BY 4.0), against values worked out by hand from each
 * scenario's rows, and expiry from the end dates a generated CUR carries.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitmentReport } from '../../src/govern/commitments.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import type { TestWarehouse } from '../helpers/pipeline.ts';
import { loadGeneratedMonth, memoryWarehouse, publishFocusCsv } from './helpers.ts';

const examples = path.resolve(import.meta.dirname, '../../../shared/samples/focus-spec-1.2-examples');
const scenario = (name: string) => path.join(examples, 'commitment_discount_scenarios', `${name}.csv`);
const flexibility = (name: string) => path.join(examples, 'commitment_discount_flexibility', `${name}.csv`);

let w: Warehouse | undefined;
let wh: TestWarehouse | undefined;
afterEach(() => {
  w?.close();
  wh?.warehouse.close();
  w = undefined;
  wh = undefined;
});

async function reportOf(file: string) {
  w = await memoryWarehouse();
  await publishFocusCsv(w, file, {
    sourceName: 'spec',
    extra: { BillingCurrency: 'USD', ProviderName: 'Spec' },
  });
  return commitmentReport(w, { period: '2023-01' });
}

describe('commitment utilization on the FOCUS scenarios', () => {
  it('is 100% when the hour is fully used (usage scenario 1)', async () => {
    const r = await reportOf(scenario('commitment_discount_usage_scenario_1'));
    expect(r.commitments).toMatchObject([
      { id: '<my-commitment-discount-id>', utilization: 1, quantity_utilization: 1 },
    ]);
    expect(r.commitments[0]?.used).toBe('1.000000000000000000');
    expect(r.commitments[0]?.unused).toBe('0.000000000000000000');
  });

  it('is 0% when nothing used the commitment (usage scenario 2: one Unused row of 1.00)', async () => {
    const r = await reportOf(scenario('commitment_discount_usage_scenario_2'));
    expect(r.commitments).toMatchObject([
      { utilization: 0, used: '0.000000000000000000', unused: '1.000000000000000000' },
    ]);
  });

  it('is 75% when 0.75 of the hour was used and 0.25 wasted (usage scenario 3)', async () => {
    const r = await reportOf(scenario('commitment_discount_usage_scenario_3'));
    expect(r.commitments).toMatchObject([{ utilization: 0.75, quantity_utilization: 0.75 }]);
    expect(r.totals).toMatchObject([
      { currency: 'USD', used: '0.750000000000000000', unused: '0.250000000000000000', utilization: 0.75 },
    ]);
  });

  it('covers two thirds of eligible usage when one hour is committed and one half hour on demand (scenario 4)', async () => {
    const r = await reportOf(scenario('commitment_discount_usage_scenario_4'));
    // Covered 1.00 (EffectiveCost: the scenario gives no ListCost) against on-demand 0.50.
    expect(r.coverage).toHaveLength(1);
    expect(r.coverage[0]).toMatchObject({
      covered: '1.000000000000000000',
      on_demand: '0.500000000000000000',
    });
    expect(r.coverage[0]?.coverage).toBeCloseTo(2 / 3, 12);
  });

  it('counts what purchases billed (purchase scenario 1: 8760.00 up front)', async () => {
    const r = await reportOf(scenario('commitment_discount_purchase_scenario_1'));
    expect(r.commitments).toMatchObject([{ purchased: '8760.000000000000000000', utilization: null }]);
  });

  it('measures savings against list cost (flexibility: a large VM at 1.50 instead of its 3.00 list price)', async () => {
    w = await memoryWarehouse();
    await publishFocusCsv(
      w,
      flexibility('one_hundred_percent_utilization_without_commitment_discount_flexibility'),
      {
        sourceName: 'spec',
        extra: { BillingCurrency: 'USD', CommitmentDiscountStatus: 'Used' },
      },
    );
    // The file gives no status column; rows of a Usage charge under the commitment are its Used rows.
    await w.run(
      `UPDATE focus.fixture_2023_01 SET CommitmentDiscountStatus = NULL WHERE ChargeCategory = 'Purchase'`,
    );
    const r = await commitmentReport(w, { period: '2023-01' });
    expect(r.commitments).toMatchObject([
      {
        list_cost: '3.000000000000000000',
        used: '1.500000000000000000',
        savings: '1.500000000000000000',
        purchased: '1.500000000000000000',
      },
    ]);
    expect(r.totals[0]?.savings_rate).toBe(0.5);
  });
});

describe('commitments in generated CUR data', () => {
  it('lists the Reserved Instance that ends within 90 days, from the end date the CUR carries', async () => {
    wh = await loadGeneratedMonth(undefined, { rows: 1500 });
    const soon = await commitmentReport(wh.warehouse, { asOf: '2024-11-01' });
    expect(soon.expiryKnown).toBe(true);
    expect(soon.expiring).toMatchObject([
      { type: 'Reserved Instance', ends: '2025-01-01T00:00:00Z', days_left: 61 },
    ]);
    const later = await commitmentReport(wh.warehouse, { asOf: '2026-04-01' });
    expect(later.expiring).toMatchObject([
      { type: 'Savings Plan', ends: '2026-05-31T23:59:59Z', days_left: 60 },
    ]);
    // Utilization of each is used over used plus unused, from the same rows.
    for (const c of soon.commitments) {
      const used = Number(c.used);
      const unused = Number(c.unused);
      expect(c.utilization).toBeCloseTo(used / (used + unused), 12);
    }
  });
});

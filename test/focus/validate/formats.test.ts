/**
 * FOCUS data does not always arrive typed: a CSV read as text keeps dates, numbers and tags as strings.
 * Then the value formats matter, and the validator checks them row by row (typed warehouse columns pass
 * these rules by construction, see conformance.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateFocus } from '../../../src/focus/validate/index.ts';
import { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { conformantRows, createFocusTable, type FocusRow, focusColumnTypes } from './fixture.ts';
import { failingChecks, result } from './helpers.ts';

let w: Warehouse;
beforeEach(async () => {
  w = await Warehouse.open({ path: ':memory:' });
});
afterEach(() => w.close());

const allText = Object.fromEntries(Object.keys(focusColumnTypes).map((c) => [c, 'VARCHAR']));

async function validateText(change: (rows: FocusRow[]) => void = () => undefined) {
  const rows = conformantRows.map((row) => ({ ...row }));
  change(rows);
  await createFocusTable(w, 'focus.costs_text', rows, { types: allText });
  return validateFocus(w, { relation: 'focus.costs_text', applicability: 'all' });
}

const decimalTypeRules = [
  'BilledCost-C-001-M',
  'CommitmentDiscountQuantity-C-001-M',
  'ConsumedQuantity-C-001-M',
  'ContractedCost-C-001-M',
  'ContractedUnitPrice-C-002-M',
  'EffectiveCost-C-001-M',
  'ListCost-C-001-M',
  'ListUnitPrice-C-001-M',
  'PricingCurrencyContractedUnitPrice-C-001-M',
  'PricingCurrencyEffectiveCost-C-001-M',
  'PricingCurrencyListUnitPrice-C-001-M',
  'PricingQuantity-C-001-M',
];

describe('a FOCUS table whose columns are all text', () => {
  it('fails only the Decimal type rules: ISO date strings, plain numbers and JSON text are well formed', async () => {
    const report = await validateText();
    expect(Object.keys(failingChecks(report)).sort()).toEqual(decimalTypeRules);
    expect(result(report, 'BilledCost-C-001-M')).toMatchObject({
      failingRows: 7,
      reason: expect.stringMatching(/VARCHAR/),
    });
    for (const id of [
      'BillingPeriodStart-C-001-M',
      'BillingPeriodStart-C-002-M',
      'BilledCost-C-002-M',
      'Tags-C-001-M',
    ]) {
      expect(result(report, id).status).toBe('pass');
    }
  });

  it('fails dates without the T and Z of ISO 8601 UTC, and impossible dates', async () => {
    const report = await validateText((rows) => {
      rows[0] = { ...rows[0], ChargePeriodStart: '2024-03-05 00:00:00' };
      rows[1] = { ...rows[1], ChargePeriodStart: '2024-02-30T00:00:00Z' };
    });
    expect(failingChecks(report)).toMatchObject({
      'ChargePeriodStart-C-001-M': 2,
      'ChargePeriodStart-C-002-M': 2,
    });
  });

  it('fails numbers with a plus sign, thousands separators or a currency symbol', async () => {
    const report = await validateText((rows) => {
      rows[0] = { ...rows[0], BilledCost: '+1.92' };
      rows[1] = { ...rows[1], BilledCost: '1,000.5' };
      rows[2] = { ...rows[2], BilledCost: '$0' };
      rows[3] = { ...rows[3], BilledCost: '4.38E2' }; // E notation is allowed
    });
    expect(failingChecks(report)).toMatchObject({ 'BilledCost-C-002-M': 3, 'BilledCost-C-004-M': 3 });
  });

  it('fails tags that are not a JSON object of scalar values', async () => {
    const report = await validateText((rows) => {
      rows[0] = { ...rows[0], Tags: '{"team": {"name": "web"}}' };
      rows[1] = { ...rows[1], Tags: 'env=prod' };
      rows[2] = { ...rows[2], Tags: '["env", "prod"]' };
      rows[3] = { ...rows[3], Tags: '{"env": "prod", "billable": true, "cost-center": null}' };
    });
    expect(failingChecks(report)).toMatchObject({ 'Tags-C-001-M': 3 });
  });

  it('fails currency codes that are not three capital letters', async () => {
    const report = await validateText((rows) => {
      rows[0] = { ...rows[0], BillingCurrency: 'usd' };
    });
    expect(failingChecks(report)).toMatchObject({
      'BillingCurrency-C-003-M': 1,
      'BillingCurrency-C-006-M': 1,
    });
  });
});

/**
 * The FOCUS 1.2 model has rules whose machine form contradicts their own sentence (focus_validator.md
 * section 5.4 lists five; building this validator found more). A user must not be told their data is
 * broken because the model is: each such rule is either evaluated as its sentence says or skipped with
 * the reason, and the report lists them all (src/focus/validate/known-defects.json).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateFocus } from '../../../src/focus/validate/index.ts';
import { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { conformantRows, createFocusTable, type FocusRow } from './fixture.ts';
import { failingChecks, result } from './helpers.ts';

let w: Warehouse;
beforeEach(async () => {
  w = await Warehouse.open({ path: ':memory:' });
});
afterEach(() => w.close());

async function validate(change: (rows: FocusRow[]) => void, types?: Record<string, string>) {
  const rows = conformantRows.map((row) => ({ ...row }));
  change(rows);
  await createFocusTable(w, 'focus.costs_test', rows, { types });
  return validateFocus(w, { relation: 'focus.costs_test', applicability: 'all' });
}

describe('known defects of the FOCUS 1.2 model', () => {
  it('lists the five defects known upstream, and how each is handled, in every report', async () => {
    const report = await validate(() => undefined);
    const treatments = Object.fromEntries(report.knownDefects.map((d) => [d.ruleId, d.treatment]));
    expect(treatments).toMatchObject({
      'BilledCost-C-005-C': 'skipped',
      'EffectiveCost-C-005-C': 'skipped',
      'CommitmentDiscountStatus-C-004-C': 'corrected',
      'CapacityReservationStatus-C-004-C': 'corrected',
      'PricingCurrencyEffectiveCost-C-004-M': 'corrected',
    });
    for (const defect of report.knownDefects)
      expect(result(report, defect.ruleId).defect).toContain(defect.why);
  });

  it('does not call BilledCost wrong because ProviderName and InvoiceIssuerName are spelled differently', async () => {
    // As in the official FOCUS sample: the provider is "AWS", the invoice issuer "Amazon Web Services, Inc.".
    const report = await validate((rows) => {
      for (const row of rows) row.InvoiceIssuerName = 'Amazon Web Services, Inc.';
    });
    expect(failingChecks(report)).toEqual({});
    expect(result(report, 'BilledCost-C-005-C')).toMatchObject({
      status: 'skip',
      reason: expect.stringMatching(/^known model defect: Whether a payment is received by a third party/),
      defect: expect.stringMatching(/^model defect \(not evaluated\)/),
    });
  });

  it('does not require EffectiveCost 0 on a purchase that covers no future charges', async () => {
    const report = await validate((rows) => {
      rows.push({ ...rows[5], ChargeCategory: 'Purchase', ChargeDescription: 'Business support, March' });
    });
    expect(result(report, 'EffectiveCost-C-005-C').status).toBe('skip');
  });

  it('checks CommitmentDiscountStatus on commitment usage, as the sentence says, not on every other row', async () => {
    const clean = await validate(() => undefined);
    // The model's inverted condition (CommitmentDiscountId is null) would flag the four rows without a commitment.
    expect(result(clean, 'CommitmentDiscountStatus-C-004-C')).toMatchObject({
      status: 'pass',
      failingRows: 0,
    });
    const report = await validate((rows) => {
      rows[1] = { ...rows[1], CommitmentDiscountStatus: null };
    });
    expect(failingChecks(report)).toEqual({ 'CommitmentDiscountStatus-C-004-C': 1 });
    expect(result(report, 'CommitmentDiscountStatus-C-004-C').defect).toMatch(
      /^model defect \(evaluated as intended\)/,
    );
  });

  it('accepts the FOCUS 1.2 CommitmentDiscountStatus values Used and Unused', async () => {
    const report = await validate(() => undefined);
    expect(result(report, 'CommitmentDiscountStatus-C-005-M')).toMatchObject({
      status: 'pass',
      failingRows: 0,
    });
  });

  it('reads the malformed CapacityReservationStatus condition as the AND it was meant to be', async () => {
    const report = await validate((rows) => {
      rows[4] = { ...rows[4], CapacityReservationStatus: null };
    });
    expect(failingChecks(report)).toEqual({ 'CapacityReservationStatus-C-004-C': 1 });
  });

  it('checks that PricingCurrencyEffectiveCost is a valid decimal, not another column', async () => {
    const negativePrice = await validate((rows) => {
      rows[0] = { ...rows[0], PricingCurrencyListUnitPrice: -1, PricingCurrencyContractedUnitPrice: 0 };
    });
    expect(failingChecks(negativePrice)).not.toHaveProperty('PricingCurrencyEffectiveCost-C-004-M');
    expect(failingChecks(negativePrice)).toMatchObject({ 'PricingCurrencyListUnitPrice-C-008-M': 1 });

    const notANumber = await validate(
      (rows) => {
        rows[0] = { ...rows[0], PricingCurrencyEffectiveCost: 'n/a' };
      },
      { PricingCurrencyEffectiveCost: 'VARCHAR' },
    );
    expect(failingChecks(notANumber)).toEqual({
      'PricingCurrencyEffectiveCost-C-001-M': 7, // the column is text: no row holds a Decimal
      'PricingCurrencyEffectiveCost-C-002-M': 1, // "n/a" is not NumericFormat
      'PricingCurrencyEffectiveCost-C-004-M': 1, // nor a valid decimal
    });
    expect(result(notANumber, 'PricingCurrencyEffectiveCost-C-001-M').reason).toBe(
      'column PricingCurrencyEffectiveCost is stored as VARCHAR, which cannot hold a conforming value',
    );
  });
});

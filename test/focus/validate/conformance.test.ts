/**
 * A FinOps engineer loads FOCUS data and asks: does it conform to FOCUS 1.2? These tests tell that story
 * against a real in-memory DuckDB: a clean table passes, a table with typical mistakes fails exactly the
 * rules that name those mistakes (with counts and the offending rows), and the rules nobody can check
 * from data are reported as skipped with the reason.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FinopsError } from '../../../src/errors.ts';
import { type ValidationReport, validateFocus } from '../../../src/focus/validate/index.ts';
import { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { conformantRows, createFocusTable, type FocusRow } from './fixture.ts';
import { failingChecks, result, statuses } from './helpers.ts';

let w: Warehouse;
beforeEach(async () => {
  w = await Warehouse.open({ path: ':memory:' });
});
afterEach(() => w.close());

const copy = (): FocusRow[] => conformantRows.map((row) => ({ ...row }));

async function validate(rows: FocusRow[]) {
  await createFocusTable(w, 'focus.costs_test', rows);
  return validateFocus(w, { relation: 'focus.costs_test', applicability: 'all' });
}

describe('a conformant FOCUS 1.2 table', () => {
  let report: ValidationReport;
  beforeEach(async () => {
    report = await validate(conformantRows);
  });

  it('passes every rule that applies, with nothing failing', () => {
    expect(report.rows).toBe(7);
    expect(failingChecks(report)).toEqual({});
    expect(report.summary).toMatchObject({ fail: 0, mandatoryFailures: 0 });
    expect(result(report, 'CostAndUsage-D-000-M').status).toBe('pass');
  });

  it("counts the warehouse's typed columns as conforming to the Type and Format rules", () => {
    const typed = [
      'BilledCost-C-001-M', // TypeDecimal on DECIMAL(38,10)
      'BilledCost-C-002-M', // FormatNumeric
      'BillingPeriodStart-C-001-M', // TypeDateTime on TIMESTAMPTZ
      'BillingPeriodStart-C-002-M', // FormatDateTime
      'BillingAccountId-C-002-M', // TypeString on VARCHAR
      'Tags-C-001-M', // FormatKeyValue on JSON
      'SkuPriceDetails-C-001-M',
      'BillingCurrency-C-003-M', // FormatCurrency
      'PricingUnit-C-003-O', // FormatUnit ("Hours", "Units")
    ];
    expect(Object.values(statuses(report, typed))).toEqual(typed.map(() => 'pass'));
  });

  it('evaluates every Static rule it can: skips are only Dynamic, MAY, known defects and their composites', () => {
    const reasons = report.results
      .filter((r) => r.status === 'skip')
      .map((r) => (r.reason ?? '').split(':')[0]?.replace(/^all \d+ rules/, 'all N rules'));
    expect([...new Set(reasons)].sort()).toEqual([
      'Dynamic rule',
      'MAY grants a permission; no data can break it',
      'all N rules it combines were skipped',
      'known model defect',
    ]);
  });
});

describe('a table with typical mistakes', () => {
  let report: ValidationReport;
  beforeEach(async () => {
    const rows = copy();
    rows[6] = { ...rows[6], ChargeCategory: 'Refund' }; // not an allowed value
    rows[1] = { ...rows[1], BilledCost: null }; // BilledCost is never null
    rows[4] = { ...rows[4], ListCost: 9.99 }; // 0.1 x 24 is 2.4
    rows[5] = { ...rows[5], BillingCurrency: 'XYZ' }; // looks like a code, is not ISO 4217
    // The same service filed under a second category (and subcategory).
    rows.push({
      ...rows[0],
      ResourceId: 'vol-0123',
      ServiceCategory: 'Storage',
      ServiceSubcategory: 'Block Storage',
    });
    await createFocusTable(w, 'focus.costs_test', rows, { drop: ['PricingUnit'] }); // a Mandatory column
    report = await validateFocus(w, { relation: 'focus.costs_test', applicability: 'all' });
  });

  it('fails exactly the rules that name those mistakes, with the number of offending rows', () => {
    expect(failingChecks(report)).toEqual({
      'ChargeCategory-C-003-M': 1,
      'BilledCost-C-003-M': 1,
      'ListCost-C-009-C': 1,
      'ListUnitPrice-C-010-C': 1,
      'BillingCurrency-C-006-M': 1,
      'CostAndUsage-D-068-M': 'missing',
      'ServiceName-C-005-C': 6,
      'ServiceName-C-008-C': 6, // SHOULD: one ServiceSubcategory per ServiceName
    });
  });

  it('shows the offending rows with the columns the rule reads', () => {
    expect(result(report, 'ChargeCategory-C-003-M').examples).toEqual([
      expect.objectContaining({ ChargeCategory: 'Refund', ServiceName: 'AWS Promotional Credits' }),
    ]);
    expect(result(report, 'BilledCost-C-003-M').examples?.[0]).toMatchObject({
      BilledCost: null,
      ResourceId: 'i-0f9e8d7c',
    });
    expect(result(report, 'ListCost-C-009-C').examples?.[0]).toMatchObject({
      ListUnitPrice: '0.1000000000',
      PricingQuantity: '24.0000000000',
      ListCost: '9.9900000000',
    });
    expect(result(report, 'BillingCurrency-C-006-M').examples?.[0]).toMatchObject({ BillingCurrency: 'XYZ' });
    expect(result(report, 'BillingCurrency-C-003-M').status).toBe('pass'); // three capitals: the format is fine
    expect(result(report, 'ServiceName-C-005-C')).toMatchObject({
      reason: '1 ServiceName value has other than 1 distinct ServiceCategory',
      examples: [
        { ServiceName: 'Amazon Elastic Compute Cloud', ServiceCategory: ['Compute', 'Storage'], rows: 6 },
      ],
    });
  });

  it('reports the missing Mandatory column once and skips the rules that read it', () => {
    expect(result(report, 'CostAndUsage-D-068-M')).toMatchObject({
      status: 'fail',
      reason: 'column PricingUnit is not in the dataset',
    });
    expect(result(report, 'PricingUnit-C-001-M')).toMatchObject({
      status: 'skip',
      reason: 'reads PricingUnit, which is not in the dataset',
    });
  });

  it('rolls failures up to the composites and counts binding Mandatory failures', () => {
    expect(statuses(report, ['BilledCost-C-000-M', 'ServiceName-C-007-C', 'CostAndUsage-D-000-M'])).toEqual({
      'BilledCost-C-000-M': 'fail',
      'ServiceName-C-007-C': 'fail', // the SHOULD composite around ServiceName-C-008-C
      'CostAndUsage-D-000-M': 'fail',
    });
    const mandatory = report.results.filter((r) => r.status === 'fail' && r.level === 'Mandatory');
    expect(report.summary.mandatoryFailures).toBe(
      mandatory.filter((r) => r.keyword.startsWith('MUST')).length,
    );
    expect(report.summary.mandatoryFailures).toBeGreaterThan(0);
  });

  it('limits the examples to what was asked', async () => {
    const fewer = await validateFocus(w, { relation: 'focus.costs_test', applicability: 'all', examples: 0 });
    expect(result(fewer, 'BilledCost-C-003-M')).not.toHaveProperty('examples');
    expect(result(fewer, 'BilledCost-C-003-M').failingRows).toBe(1);
  });
});

describe('money columns', () => {
  it('accepts a cost rounded to 10 decimal places, and flags a real mismatch', async () => {
    const rows = copy();
    // 0.0000123457 x 3.3333333333 = 0.0000411523...33 exactly; the warehouse stores 10 decimals.
    rows[0] = {
      ...rows[0],
      ListUnitPrice: 0.0000123457,
      PricingQuantity: 3.3333333333,
      ListCost: 0.0000411523,
    };
    rows[0] = {
      ...rows[0],
      ContractedUnitPrice: 0.0000123457,
      ContractedCost: 0.0000411523,
      BilledCost: 0.0000411523,
    };
    rows[0] = {
      ...rows[0],
      PricingCurrencyListUnitPrice: 0.0000123457,
      PricingCurrencyContractedUnitPrice: 0.0000123457,
    };
    rows[4] = { ...rows[4], ListCost: 2.41 }; // a cent off
    const report = await validate(rows);
    expect(failingChecks(report)).toEqual({ 'ListCost-C-009-C': 1, 'ListUnitPrice-C-010-C': 1 });
  });
});

describe('advice and conformance', () => {
  it('reports a failed SHOULD rule without failing the MUST composite around it', async () => {
    const rows = copy();
    rows[0] = { ...rows[0], PricingUnit: 'hours' }; // UnitFormat capitalizes units: SHOULD be "Hours"
    const report = await validate(rows);
    expect(failingChecks(report)).toEqual({ 'PricingUnit-C-003-O': 1 });
    expect(result(report, 'PricingUnit-C-003-O').keyword).toBe('SHOULD');
    expect(result(report, 'PricingUnit-C-000-M')).toMatchObject({
      status: 'pass',
      reason: 'advisory rules failed: PricingUnit-C-003-O',
    });
    expect(report.summary.mandatoryFailures).toBe(0);
    expect(result(report, 'CostAndUsage-D-000-M').status).toBe('pass');
  });
});

describe('what cannot be checked', () => {
  it('skips Dynamic rules, saying so', async () => {
    const report = await validate(conformantRows);
    const dynamic = report.results.filter((r) => r.function === 'Dynamic');
    expect(dynamic.length).toBe(133);
    expect(new Set(dynamic.map((r) => r.status))).toEqual(new Set(['skip']));
    expect(result(report, 'BilledCost-C-007-M').reason).toMatch(/^Dynamic rule/);
  });

  it('skips the rules of features the provider does not declare, down to their children', async () => {
    // A provider without commitment discounts or capacity reservations delivers no such columns.
    const drop = Object.keys(conformantRows[1] ?? {}).filter((c) =>
      /^(CommitmentDiscount|CapacityReservation)/.test(c),
    );
    await createFocusTable(w, 'focus.costs_test', conformantRows.slice(0, 1), { drop });
    const supported = [
      'REGION_SUPPORTED',
      'TAGGING_SUPPORTED',
      'PUBLIC_PRICE_LIST_SUPPORTED',
      'UNIT_PRICING_SUPPORTED',
    ];
    const report = await validateFocus(w, { relation: 'focus.costs_test', applicability: supported });
    expect(failingChecks(report)).toEqual({});
    expect(result(report, 'CommitmentDiscountId-C-000-C')).toMatchObject({
      status: 'skip',
      reason: 'applies only when the provider declares COMMITMENT_DISCOUNT_SUPPORTED',
    });
    expect(result(report, 'CommitmentDiscountId-C-001-M').status).toBe('skip'); // inherited from its composite
    expect(result(report, 'CostAndUsage-D-013-C').status).toBe('skip'); // presence of CommitmentDiscountId
    expect(statuses(report, ['RegionId-C-000-C', 'Tags-C-001-M'])).toEqual({
      'RegionId-C-000-C': 'pass',
      'Tags-C-001-M': 'pass',
    });
  });

  it('refuses an applicability criterion the model does not define', async () => {
    await createFocusTable(w, 'focus.costs_test', conformantRows);
    const run = validateFocus(w, { relation: 'focus.costs_test', applicability: ['TAGS_SUPPORTED'] });
    await expect(run).rejects.toThrow(FinopsError);
    await expect(run).rejects.toMatchObject({
      kind: 'usage',
      message: 'unknown applicability criteria: TAGS_SUPPORTED',
    });
  });
});

describe('choosing the rows', () => {
  it('validates only the rows the filter selects, with bound parameters', async () => {
    await createFocusTable(w, 'focus.costs_test', conformantRows);
    const report = await validateFocus(w, {
      relation: '"focus"."costs_test"',
      where: { sql: '"ServiceName" = $service', params: { service: 'Tax' } },
      applicability: 'all',
    });
    expect(report.rows).toBe(1);
    expect(report.summary.fail).toBe(0);
  });
});

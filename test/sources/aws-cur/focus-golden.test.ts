/**
 * Golden tests: the FOCUS specification's worked commitment-discount examples
 * (../shared/samples/focus-spec-1.2-examples, CC BY 4.0, see PROVENANCE.md), each written as the CUR line
 * items AWS would deliver for it, imported through the whole pipeline. What FOCUS says the charges cost
 * (BilledCost, EffectiveCost per ChargeCategory and CommitmentDiscountStatus) must come out of the mapping.
 * AWS bills a Reserved Instance's recurring fee once a month (RIFee) rather than hourly, so the hourly fee
 * rows of the examples are RIFee lines here; sums are compared, not row shapes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { type CurLine, curCsv } from '../../helpers/cur-rows.ts';
import { writeV1Delivery } from '../../helpers/delivery.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';

const examples = path.resolve(import.meta.dirname, '../../../../shared/samples/focus-spec-1.2-examples');
const RI = 'arn:aws:ec2:us-east-1:111122223333:reserved-instances/ri-1';

const reservedUsage = (effective: string, publicCost: string, extra: CurLine = {}): CurLine => ({
  'lineItem/LineItemType': 'DiscountedUsage',
  'reservation/ReservationARN': RI,
  'reservation/EffectiveCost': effective,
  'pricing/publicOnDemandCost': publicCost,
  ...extra,
});
const riFee = (fee: string, unused = '0', unusedHours = '0'): CurLine => ({
  'lineItem/LineItemType': 'RIFee',
  'reservation/ReservationARN': RI,
  'lineItem/UnblendedCost': fee,
  'reservation/TotalReservedUnits': '1',
  'reservation/UnusedRecurringFee': unused,
  'reservation/UnusedQuantity': unusedHours,
});
const upfront = (fee: string): CurLine => ({
  'lineItem/LineItemType': 'Fee',
  'reservation/ReservationARN': RI,
  'lineItem/UnblendedCost': fee,
});
const onDemand = (cost: string): CurLine => ({
  'lineItem/UnblendedCost': cost,
  'pricing/publicOnDemandCost': cost,
});

/** Scenario file -> the CUR lines for it, and which charge categories the example shows. */
const scenarios: Record<string, { lines: CurLine[]; categories: string[] }> = {
  'commitment_discount_scenarios/commitment_discount_purchase_scenario_1.csv': {
    lines: [upfront('8760.00')],
    categories: ['Purchase'],
  },
  'commitment_discount_scenarios/commitment_discount_purchase_scenario_2.csv': {
    lines: [riFee('1.00'), riFee('1.00'), riFee('1.00')],
    categories: ['Purchase'],
  },
  'commitment_discount_scenarios/commitment_discount_purchase_scenario_3.csv': {
    lines: [upfront('4380.00'), riFee('0.50'), riFee('0.50'), riFee('0.50')],
    categories: ['Purchase'],
  },
  'commitment_discount_scenarios/commitment_discount_usage_scenario_1.csv': {
    lines: [reservedUsage('1.00', '1.00'), riFee('1.00')],
    categories: ['Usage'],
  },
  'commitment_discount_scenarios/commitment_discount_usage_scenario_2.csv': {
    lines: [riFee('1.00', '1.00', '1')],
    categories: ['Usage'],
  },
  'commitment_discount_scenarios/commitment_discount_usage_scenario_3.csv': {
    lines: [reservedUsage('0.75', '0.75'), riFee('1.00', '0.25', '0.25')],
    categories: ['Usage'],
  },
  'commitment_discount_scenarios/commitment_discount_usage_scenario_4.csv': {
    lines: [reservedUsage('1.00', '1.00'), riFee('1.00'), onDemand('0.50')],
    categories: ['Usage'],
  },
  'commitment_discount_flexibility/one_hundred_percent_utilization_without_commitment_discount_flexibility.csv':
    {
      lines: [riFee('1.50'), reservedUsage('1.50', '3.00')],
      categories: ['Purchase', 'Usage'],
    },
  'commitment_discount_flexibility/zero_percent_utilization_without_commitment_discount_flexibility.csv': {
    lines: [riFee('1.50', '1.50', '1'), onDemand('2.00')],
    categories: ['Purchase', 'Usage'],
  },
  'commitment_discount_flexibility/one_hundred_percent_utilization_with_commitment_discount_flexibility_with_1_resource.csv':
    {
      lines: [
        riFee('0.50'),
        reservedUsage('0.50', '1.00', { 'lineItem/UsageAmount': '0.333' }),
        onDemand('2.25'),
      ],
      categories: ['Purchase', 'Usage'],
    },
  'commitment_discount_flexibility/one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources.csv':
    {
      lines: [riFee('2.00'), reservedUsage('1.00', '2.00'), reservedUsage('1.00', '2.00')],
      categories: ['Purchase', 'Usage'],
    },
};

const totalsSql = `
  SELECT ChargeCategory AS category, coalesce(CommitmentDiscountStatus, '-') AS status,
         sum(BilledCost)::DECIMAL(18,2)::VARCHAR AS billed, sum(EffectiveCost)::DECIMAL(18,2)::VARCHAR AS effective
  FROM {{rel}} WHERE list_contains($categories, ChargeCategory) GROUP BY ALL ORDER BY ALL`;

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

async function expectedTotals(file: string, categories: string[]) {
  const w = await Warehouse.open({ path: ':memory:' });
  try {
    const csv = (await readFile(path.join(examples, file), 'utf8')).replace(/\n\s*\n/g, '\n');
    const local = path.join(await tempDir('example'), 'example.csv');
    await writeFile(local, csv);
    const rel = `read_csv(${JSON.stringify(local).replace(/"/g, "'")}, all_varchar = true, nullstr = 'null')`;
    // The purchase examples have no status column: purchases carry none.
    const status = csv.split('\n')[0]?.includes('CommitmentDiscountStatus')
      ? 'CommitmentDiscountStatus'
      : 'NULL';
    return await w.all(
      totalsSql.replace(
        '{{rel}}',
        `(SELECT ChargeCategory, NULLIF(${status}, '') AS CommitmentDiscountStatus,
          BilledCost::DECIMAL(18,4) AS BilledCost, EffectiveCost::DECIMAL(18,4) AS EffectiveCost FROM ${rel})`,
      ),
      { categories },
    );
  } finally {
    w.close();
  }
}

describe("the FOCUS specification's commitment discount examples, from CUR line items", () => {
  for (const [file, scenario] of Object.entries(scenarios)) {
    it(path.basename(file, '.csv').replace(/_/g, ' '), async () => {
      const bucket = await tempDir('golden');
      await writeV1Delivery({
        bucketDir: bucket,
        period: '2023-01',
        files: [{ name: 'golden-1.csv.gz', body: gzipSync(curCsv(scenario.lines)) }],
      });
      wh = await openTestWarehouse();
      const [outcome] = await wh.importExport({
        store: new LocalStore(bucket),
        prefix: 'cur',
        exportName: 'test-export',
      });
      expect(outcome?.status, String(outcome?.error)).toBe('loaded');
      const actual = await wh.warehouse.all(totalsSql.replace('{{rel}}', 'focus.costs'), {
        categories: scenario.categories,
      });
      expect(actual).toEqual(await expectedTotals(file, scenario.categories));
    });
  }
});

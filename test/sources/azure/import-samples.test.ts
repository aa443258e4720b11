/**
 * Microsoft's own cost details samples, delivered as export runs in a local folder: an EA ActualCost
 * and AmortizedCost export of the same month become one FOCUS month following Microsoft's conversion
 * (the reservation purchase billed, the usage it covers amortized), conformant to FOCUS 1.2; the
 * anonymized EA dataset (newer column names, US dates without leading zeros, scientific notation,
 * an old manifest without exportConfig) is read too; the same data as Parquet lands identically.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { deliverRun, failures, focusTotals, runAzureImport, runsOf } from './helpers.ts';

const samples = '/work/shared/samples/azure';
const sample = (name: string) => readFile(path.join(samples, name), 'utf8');
let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

async function deliverEaMonth(out: string) {
  await deliverRun({
    out,
    exportName: 'ea-actual',
    type: 'ActualCost',
    period: '2023-09',
    runId: '11111111-1111-4111-8111-111111111111',
    files: { 'part_0_0001.csv': await sample('EA_ActualCost_Small.csv') },
  });
  await deliverRun({
    out,
    exportName: 'ea-amortized',
    type: 'AmortizedCost',
    period: '2023-09',
    runId: '22222222-2222-4222-8222-222222222222',
    files: { 'part_0_0001.csv': await sample('EA_AmortizedCost_Small.csv') },
  });
}

describe("Microsoft's EA samples", () => {
  it('become one FOCUS month: purchases billed, covered usage amortized, conformant to FOCUS 1.2', async () => {
    const out = await tempDir('azure-ea');
    await deliverEaMonth(out);
    wh = await openTestWarehouse();
    const outcomes = await runAzureImport(wh, new LocalStore(out));
    expect(failures(outcomes)).toEqual([]);
    expect(outcomes[0]).toMatchObject({ period: '2023-09', status: 'loaded', rows: 39 });
    expect(runsOf(outcomes[0])).toBe(2);
    expect(outcomes[0]?.validation).toMatchObject({ status: 'passed', mandatoryFailures: 0 });
    // All 28 amortized rows and, from actual cost, only the reservation purchase.
    expect(await focusTotals(wh)).toEqual({
      '2023-09': { rows: 29, billed: '19.0477801362', effective: '16.2969321366' },
    });
    const raw = await wh.warehouse.all<{ dataset: string; rows: number; cost: string }>(
      `SELECT finops_dataset AS dataset, count(*)::INTEGER AS rows, sum(CostInBillingCurrency)::VARCHAR AS cost
       FROM azure_billing.billing GROUP BY ALL ORDER BY 1`,
    );
    expect(raw).toEqual([
      { dataset: 'ActualCost', rows: 11, cost: '8.545007786741936800' },
      { dataset: 'AmortizedCost', rows: 28, cost: '16.296932136636644627' },
    ]);
    const purchase = await wh.warehouse.one<Record<string, string>>(
      `SELECT ChargeCategory, BilledCost::VARCHAR AS billed, EffectiveCost::VARCHAR AS effective, CommitmentDiscountId,
              CommitmentDiscountType, ChargeFrequency, x_Dataset
       FROM focus.costs WHERE x_ChargeType = 'Purchase'`,
    );
    expect(purchase).toEqual({
      ChargeCategory: 'Purchase',
      billed: '3.250000000000000000',
      effective: '0.000000000000000000',
      CommitmentDiscountId:
        '/providers/microsoft.capacity/reservationorders/49ed0e4d-8e0c-4f1f-af2c-67c865056615/reservations/',
      CommitmentDiscountType: 'Reservation',
      ChargeFrequency: 'Recurring',
      x_Dataset: 'ActualCost',
    });
    const covered = await wh.warehouse.all<{ status: string; billed: string; effective: string }>(
      `SELECT CommitmentDiscountStatus AS status, sum(BilledCost)::VARCHAR AS billed, sum(EffectiveCost)::VARCHAR AS effective
       FROM focus.costs WHERE CommitmentDiscountStatus IS NOT NULL GROUP BY ALL`,
    );
    expect(covered).toEqual([
      { status: 'Used', billed: '0.000000000000000000', effective: '0.499152000468000000' },
    ]);
  });

  it('pair by billing account when old manifests name no scope or dataset (taken from the export names)', async () => {
    const out = await tempDir('azure-ea-old');
    for (const [exportName, file, runId] of [
      ['ea-actual', 'EA_ActualCost_Small.csv', '55555555-5555-4555-8555-555555555555'],
      ['ea-amortized', 'EA_AmortizedCost_Small.csv', '66666666-6666-4666-8666-666666666666'],
    ] as const) {
      await deliverRun({
        out,
        exportName,
        period: '2023-09',
        runId,
        files: { '000001.csv': await sample(file) },
      });
    }
    wh = await openTestWarehouse();
    expect(failures(await runAzureImport(wh, new LocalStore(out)))).toEqual([]);
    expect(await focusTotals(wh)).toEqual({
      '2023-09': { rows: 29, billed: '19.0477801362', effective: '16.2969321366' },
    });
  });

  it('keep tags (delivered without braces) as JSON objects, ids lowercased, regions and services named', async () => {
    const out = await tempDir('azure-ea');
    await deliverEaMonth(out);
    wh = await openTestWarehouse();
    await runAzureImport(wh, new LocalStore(out));
    const row = await wh.warehouse.one<Record<string, string>>(
      `SELECT Tags->>'org' AS org, Tags->>'env' AS env, SubAccountId, RegionId, RegionName, ServiceName, ServiceCategory,
              ResourceId, BillingAccountId, BillingAccountType, ConsumedUnit
       FROM focus.costs WHERE ResourceName = 'aks-agentpool-42850074-vmss' LIMIT 1`,
    );
    expect(row).toMatchObject({
      org: 'trey',
      env: 'prod',
      SubAccountId: '9ec51cfd-5ca7-4d76-8101-dd0a4abc5674',
      RegionId: 'eastus',
      RegionName: 'East US',
      ServiceCategory: 'Compute',
      BillingAccountId: '8611537',
      BillingAccountType: 'Billing Account',
      ConsumedUnit: 'Hours',
    });
    expect(row?.ResourceId).toBe(row?.ResourceId?.toLowerCase());
    expect(typeof row?.BillingAccountId).toBe('string');
  });

  it('read the anonymized EA dataset: newer names, 9/2/2023 dates, 5.64902E-05, an old manifest', async () => {
    const out = await tempDir('azure-anon');
    await deliverRun({
      out,
      exportName: 'anonymous-ea',
      period: '2023-09',
      runId: '33333333-3333-4333-8333-333333333333',
      files: { '000001.csv': await sample('sample-anonymous-ea-export-dataset.csv') },
    });
    wh = await openTestWarehouse();
    const outcomes = await runAzureImport(wh, new LocalStore(out));
    expect(failures(outcomes)).toEqual([]);
    const raw = await wh.warehouse.one<{ rows: number; cost: string; currency: string; day: string }>(
      `SELECT count(*)::INTEGER AS rows, sum(CostInBillingCurrency)::VARCHAR AS cost, any_value(BillingCurrencyCode) AS currency,
              min("Date")::VARCHAR AS day
       FROM azure_billing.billing`,
    );
    const expected = await wh.warehouse.one<{ cost: string }>(
      `SELECT sum(CostInBillingCurrency::DECIMAL(38,18))::VARCHAR AS cost
       FROM read_csv($file, header = true, all_varchar = true)`,
      { file: path.join(samples, 'sample-anonymous-ea-export-dataset.csv') },
    );
    expect(raw).toEqual({ rows: 27, cost: expected?.cost, currency: 'CAD', day: '2023-09-02' });
    expect((await focusTotals(wh))['2023-09']?.rows).toBe(27);
  });

  it('land the same from Parquet files as from CSV', async () => {
    const out = await tempDir('azure-parquet');
    wh = await openTestWarehouse();
    const parquet = path.join(out, 'actual.parquet');
    await wh.warehouse.run(
      `COPY (SELECT * FROM read_csv($file, header = true, all_varchar = true)) TO '${parquet.replace(/'/g, "''")}' (FORMAT parquet)`,
      { file: path.join(samples, 'EA_ActualCost_Small.csv') },
    );
    await deliverRun({
      out,
      exportName: 'ea-actual',
      type: 'ActualCost',
      period: '2023-09',
      runId: '44444444-4444-4444-8444-444444444444',
      files: { 'part_0_0001.parquet': await readFile(parquet) },
      rows: { 'part_0_0001.parquet': 11 },
    });
    const outcomes = await runAzureImport(wh, new LocalStore(out), 'exports');
    expect(failures(outcomes)).toEqual([]);
    expect(await focusTotals(wh)).toEqual({
      '2023-09': { rows: 11, billed: '8.5450077867', effective: '8.5450077867' },
    });
  });
});

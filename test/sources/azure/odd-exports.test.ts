/**
 * Azure exports as real subscriptions deliver them, beyond the generator's shape: the legacy usage
 * export of a pay-as-you-go subscription (no ChargeType, a BOM, camel-case headers), a file whose lines
 * mix CRLF and LF, a run whose file holds days beyond the ones it declares, a row of another billing
 * period, and reservation usage with an empty PricingModel. Each loads with totals the test computes from
 * the file itself, or is refused naming the file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage } from '../../../src/errors.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { deliverRun, failures, focusTotals, runAzureImport } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

const payg = [
  'SubscriptionGuid,SubscriptionName,ResourceGroup,ResourceLocation,UsageDateTime,MeterCategory,MeterSubcategory,MeterId,MeterName,MeterRegion,UsageQuantity,ResourceRate,PreTaxCost,ConsumedService,ResourceType,InstanceId,Tags,OfferId,AdditionalInfo,ServiceInfo1,ServiceInfo2,Currency',
  '5e2b1f7c-0000-4000-8000-000000000001,Pay-As-You-Go,web-rg,EU West,2024-05-01,Virtual Machines,Dv3/DSv3 Series,a1,D2 v3,EU West,24,0.096,2.304,Microsoft.Compute,Microsoft.Compute/virtualMachines,/subscriptions/5e2b1f7c-0000-4000-8000-000000000001/resourceGroups/web-rg/providers/Microsoft.Compute/virtualMachines/web-1,"{""env"":""prod""}",MS-AZR-0003P,,,,USD',
  '5e2b1f7c-0000-4000-8000-000000000001,Pay-As-You-Go,web-rg,EU West,2024-05-02,Storage,General Block Blob,b2,LRS Data Stored,EU West,10.5,0.0184,0.1932,Microsoft.Storage,Microsoft.Storage/storageAccounts,/subscriptions/5e2b1f7c-0000-4000-8000-000000000001/resourceGroups/web-rg/providers/Microsoft.Storage/storageAccounts/logs,,MS-AZR-0003P,,,,USD',
  '5e2b1f7c-0000-4000-8000-000000000001,Pay-As-You-Go,data-rg,EU West,2024-05-02,Bandwidth,,c3,Data Transfer Out,Zone 1,3.2,0.087,0.2784,Microsoft.Network,,,,MS-AZR-0003P,,,,USD',
];

/** Rows and cost of a CSV as text, summed exactly: what the file says, not what the importer made of it. */
async function fileTotals(w: TestWarehouse, text: string, costColumn: string) {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim());
  const header = (rows[0] as string).split(',');
  const values = rows.slice(1).map((l) => {
    const fields = l.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? [];
    return (fields[header.indexOf(costColumn)] ?? '').replace(/,$/, '');
  });
  return w.warehouse.one<{ rows: number; cost: string }>(
    `SELECT count(*)::INTEGER AS rows, sum(v::DECIMAL(38,10))::DECIMAL(38,10)::VARCHAR AS cost FROM unnest($values::VARCHAR[]) AS t(v)`,
    { values },
  );
}

describe('Azure exports as delivered in the wild', () => {
  it('loads the legacy pay-as-you-go usage export, with a BOM and camel-case headers, as usage', async () => {
    const out = await tempDir('azure-payg');
    const pascal = `\uFEFF${payg.join('\r\n')}\r\n`;
    const camel = pascal.replace(/^\uFEFF[^\r]*/, (h) =>
      h.replace(/(^|,)(\uFEFF?)([A-Z])/g, (_, sep, bom, c) => `${sep}${bom}${c.toLowerCase()}`),
    );
    await deliverRun({
      out,
      exportName: 'payg-usage',
      period: '2024-05',
      runId: 'r1',
      files: { 'usage.csv': pascal },
    });
    await deliverRun({
      out,
      exportName: 'payg-usage-camel',
      period: '2024-06',
      runId: 'r2',
      files: { 'usage.csv': camel.replace(/2024-05-0/g, '2024-06-0') },
    });
    wh = await openTestWarehouse();
    const outcomes = await runAzureImport(wh, new LocalStore(out));
    expect(failures(outcomes)).toEqual([]);
    const truth = await fileTotals(wh, pascal, 'PreTaxCost');
    expect(truth).toEqual({ rows: 3, cost: '2.7756000000' });
    const totals = await focusTotals(wh);
    expect(totals['2024-05']).toEqual({ rows: 3, billed: truth?.cost, effective: truth?.cost });
    expect(totals['2024-06']).toEqual({ rows: 3, billed: truth?.cost, effective: truth?.cost });
    const categories = await wh.warehouse.all(
      `SELECT DISTINCT ChargeCategory, x_SourceName IS NOT NULL AS sourced FROM focus.costs`,
    );
    expect(categories).toEqual([{ ChargeCategory: 'Usage', sourced: true }]);
  });

  it('reads a file whose lines mix CRLF and LF endings', async () => {
    const out = await tempDir('azure-mixed');
    const mixed = `${payg.slice(0, 3).join('\r\n')}\n${payg[3]}\n`;
    await deliverRun({
      out,
      exportName: 'mca-actual',
      period: '2024-05',
      runId: 'r1',
      files: { 'part_0_0001.csv': mixed },
    });
    wh = await openTestWarehouse();
    const outcomes = await runAzureImport(wh, new LocalStore(out));
    expect(failures(outcomes)).toEqual([]);
    expect((await focusTotals(wh))['2024-05']?.billed).toBe(
      (await fileTotals(wh, mixed, 'PreTaxCost'))?.cost,
    );
  });

  it('keeps a run to the days it declares, and says how many rows it left out', async () => {
    const out = await tempDir('azure-days');
    await deliverRun({
      out,
      exportName: 'daily',
      type: 'ActualCost',
      period: '2024-05',
      runId: 'r1',
      firstDay: '2024-05-01',
      lastDay: '2024-05-01',
      files: { 'usage.csv': payg.join('\n') },
    });
    wh = await openTestWarehouse();
    const told: string[] = [];
    const outcomes = await runAzureImport(wh, new LocalStore(out), '', {
      logger: { ...quiet, warn: (m) => told.push(m) },
    });
    expect(failures(outcomes)).toEqual([]);
    expect((await focusTotals(wh))['2024-05']).toEqual({
      rows: 1,
      billed: '2.3040000000',
      effective: '2.3040000000',
    });
    expect(told.join('\n')).toMatch(/left out 2 row\(s\) dated outside the days their export run declares/);
  });

  it('refuses a row of another billing period, naming the file', async () => {
    const out = await tempDir('azure-period');
    const header = `${payg[0]},BillingPeriodStartDate`;
    const rows = [header, `${payg[1]},2024-05-01`, `${payg[2]},2024-04-01`];
    await deliverRun({
      out,
      exportName: 'ea',
      period: '2024-05',
      runId: 'r1',
      files: { 'usage.csv': rows.join('\n') },
    });
    wh = await openTestWarehouse();
    const [outcome] = await runAzureImport(wh, new LocalStore(out));
    expect(outcome?.status).toBe('failed');
    expect(errorMessage(outcome?.error)).toMatch(
      /usage\.csv: 1 row\(s\) belong to billing period 2024-04, but the run is for 2024-05/,
    );
  });

  it('marks reservation usage used and committed when PricingModel is empty but ReservationId is set', async () => {
    const out = await tempDir('azure-ri');
    const header =
      'BillingAccountId,Date,ChargeType,PricingModel,ReservationId,ReservationName,ProductOrderId,CostInBillingCurrency,BillingCurrency,Quantity,UnitOfMeasure,MeterCategory,ConsumedService,ResourceId';
    const row = (model: string, cost: string) =>
      `8611537,2024-05-03,Usage,${model},9a8b7c6d-0000-4000-8000-000000000001,ri-d2,1f2e3d4c-0000-4000-8000-000000000001,${cost},EUR,24,1 Hour,Virtual Machines,Microsoft.Compute,/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm1`;
    await deliverRun({
      out,
      exportName: 'ea-actual',
      period: '2024-05',
      runId: 'r1',
      files: { 'usage.csv': [header, row('', '0'), row('Reservation', '0')].join('\n') },
    });
    wh = await openTestWarehouse();
    expect(failures(await runAzureImport(wh, new LocalStore(out)))).toEqual([]);
    const rows = await wh.warehouse.all(
      `SELECT CommitmentDiscountStatus AS status, PricingCategory AS pricing, CommitmentDiscountCategory AS category
       FROM focus.costs ORDER BY x_PricingModel NULLS FIRST`,
    );
    expect(rows).toEqual([
      { status: 'Used', pricing: 'Committed', category: 'Usage' },
      { status: 'Used', pricing: 'Committed', category: 'Usage' },
    ]);
  });
});

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

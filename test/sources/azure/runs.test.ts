/**
 * Which runs make a month. A month-to-date export delivers days 1-10; a one-time export later restates
 * days 3-4: those two days come from the new run and the other eight stay as they were. A later run
 * with no rows is skipped, not published as an empty month; a newer run whose manifest names a blob that
 * is not there is skipped as incomplete; a month with nothing but an incomplete run fails, naming the
 * missing blob, and is in the ledger.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateAzureSample, sampleScopes, writeExportRun } from '../../../src/sample/azure/generate.ts';
import { dayCharges } from '../../../src/sample/azure/rows.ts';
import { fixed } from '../../../src/sample/fixed-decimal.ts';
import { Random } from '../../../src/sample/random.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import {
  ACCOUNT_PART,
  deliverRun,
  FOCUS_PART,
  failures,
  focusTotals,
  runAzureImport,
  runsOf,
} from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

const account = `/providers/Microsoft.Billing/billingAccounts/${sampleScopes.ea.billingAccountId}`;

/** BilledCost and EffectiveCost of the cost details rows of some days, exact. */
async function daysTotals(w: TestWarehouse, inside: boolean) {
  return w.warehouse.one<{ billed: string; effective: string; rows: number }>(
    `SELECT sum(BilledCost)::DECIMAL(38,10)::VARCHAR AS billed, sum(EffectiveCost)::DECIMAL(38,10)::VARCHAR AS effective,
            count(*)::INTEGER AS rows
     FROM focus.costs WHERE x_Dataset IS NOT NULL AND (ChargePeriodStart::DATE BETWEEN '2024-01-03' AND '2024-01-04') = $inside`,
    { inside },
  );
}

function restate(
  out: string,
  dataset: 'ActualCost' | 'AmortizedCost',
  extra: Partial<Parameters<typeof writeExportRun>[0]> = {},
) {
  const random = new Random(99);
  const charges = ['2024-01-03', '2024-01-04'].flatMap((d) => dayCharges(random, d, 6, 31));
  return writeExportRun({
    out,
    root: 'exports',
    exportName: dataset === 'ActualCost' ? 'cost-actual' : 'cost-amortized',
    dataset,
    agreement: 'ea',
    scope: sampleScopes.ea,
    scopeId: account,
    period: '2024-01',
    firstDay: '2024-01-03',
    lastDay: '2024-01-04',
    runId:
      dataset === 'ActualCost'
        ? 'aaaaaaaa-0000-4000-8000-000000000001'
        : 'aaaaaaaa-0000-4000-8000-000000000002',
    submittedTime: '2024-02-05T09:00:00Z',
    charges,
    ...extra,
  });
}

describe('runs of a month', () => {
  it('a one-time run of two days replaces those days only; later empty and incomplete runs change nothing', async () => {
    const out = await tempDir('azure-runs');
    await generateAzureSample({ out, months: 1, days: 10, rowsPerDay: 6, seed: 5 });
    wh = await openTestWarehouse();
    const store = new LocalStore(out);
    expect(failures(await runAzureImport(wh, store))).toEqual([]);
    const outsideBefore = await daysTotals(wh, false);

    const actual = await restate(out, 'ActualCost');
    const amortized = await restate(out, 'AmortizedCost');
    const outcomes = await runAzureImport(wh, store);
    // The restated runs are the billing account's; the FocusCost subscription's month is as it was.
    expect(outcomes.map((o) => [o.part, o.status, runsOf(o)])).toEqual([
      [ACCOUNT_PART, 'loaded', 4],
      [FOCUS_PART, 'unchanged', 1],
    ]);
    expect(await daysTotals(wh, false)).toEqual(outsideBefore);
    const inside = await daysTotals(wh, true);
    expect(inside?.billed).toBe(fixed(actual.total));
    expect(inside?.effective).toBe(fixed(amortized.total));
    const after = await focusTotals(wh);

    await restate(out, 'ActualCost', {
      runId: 'bbbbbbbb-0000-4000-8000-000000000001',
      submittedTime: '2024-02-06T09:00:00Z',
      firstDay: '2024-01-01',
      lastDay: '2024-01-31',
      charges: [],
    });
    await deliverRun({
      out,
      exportName: 'cost-amortized',
      type: 'AmortizedCost',
      scope: account,
      period: '2024-01',
      runId: 'cccccccc-0000-4000-8000-000000000002',
      submittedTime: '2024-02-07T09:00:00Z',
      files: {},
      missing: ['part_0_0001.csv.gz'],
    });
    const later = await runAzureImport(wh, store);
    expect(later.map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
    expect(later[0]?.notes?.join('\n')).toMatch(/bbbbbbbb.*no rows \(dataRowCount 0\)/);
    expect(later[0]?.notes?.join('\n')).toMatch(/cccccccc.*incomplete \(missing .*part_0_0001\.csv\.gz\)/);
    expect(await focusTotals(wh)).toEqual(after);
  });

  it('a month with only an incomplete run fails, naming the missing blob, and the ledger says so', async () => {
    const out = await tempDir('azure-incomplete');
    await deliverRun({
      out,
      exportName: 'cost-actual',
      type: 'ActualCost',
      period: '2024-05',
      runId: 'dddddddd-0000-4000-8000-000000000001',
      files: {},
      missing: ['part_0_0001.csv'],
    });
    wh = await openTestWarehouse();
    const outcomes = await runAzureImport(wh, new LocalStore(out));
    expect(failures(outcomes)).toEqual([
      expect.stringMatching(
        /2024-05: the manifest lists .*dddddddd-0000-4000-8000-000000000001\/part_0_0001\.csv, which does not exist/,
      ),
    ]);
    const ledger = await wh.warehouse.one<{ status: string; message: string }>(
      `SELECT status, message FROM finops_meta.loads WHERE source_type = 'azure'`,
    );
    expect(ledger).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/manifest\.json: the manifest lists/),
    });
  });
});

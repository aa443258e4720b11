/**
 * A month is atomic per export scope: the billing account's ActualCost + AmortizedCost pair is one unit,
 * a subscription's FocusCost export another. When one scope's newest run is broken, that scope fails
 * alone, naming its manifest, and keeps the rows it had; the other scope lands.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateAzureSample, sampleScopes, writeExportRun } from '../../../src/sample/azure/generate.ts';
import { dayCharges } from '../../../src/sample/azure/rows.ts';
import { fixed } from '../../../src/sample/fixed-decimal.ts';
import { Random } from '../../../src/sample/random.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { ACCOUNT_PART, FOCUS_PART, failures, runAzureImport } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

/** BilledCost and rows per export scope of January, exact. */
async function scopeTotals(w: TestWarehouse) {
  const rows = await w.warehouse.all<{ scope: string; rows: number; billed: string }>(
    `SELECT x_ExportScope AS scope, count(*)::INTEGER AS rows, sum(BilledCost)::DECIMAL(38,10)::VARCHAR AS billed
     FROM focus.costs WHERE x_SourceName = 'azure' GROUP BY ALL ORDER BY ALL`,
  );
  return Object.fromEntries(rows.map(({ scope, ...t }) => [scope, t]));
}

/** A newer month-to-date run of the FocusCost export whose manifest was cut short. */
async function breakFocusExport(out: string) {
  const folder = path.join(out, 'exports/focus-daily/20240101-20240131/eeeeeeee-0000-4000-8000-000000000001');
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'manifest.json'), '{"manifestVersion": "2024-04-01", "runInfo": {');
}

describe('an Azure month with two export scopes', () => {
  it('lands the good scope and fails the broken one alone, which keeps the rows it had', async () => {
    const out = await tempDir('azure-scopes');
    await generateAzureSample({ out, months: 1, days: 4, rowsPerDay: 6, seed: 3 });
    wh = await openTestWarehouse();
    const store = new LocalStore(out);
    expect(failures(await runAzureImport(wh, store))).toEqual([]);
    const before = await scopeTotals(wh);
    const accountScope = `/providers/microsoft.billing/billingaccounts/${sampleScopes.ea.billingAccountId}`;
    const focusScope = `/subscriptions/${sampleScopes.focus.subscriptionId}`;
    expect(Object.keys(before)).toEqual([accountScope, focusScope]);

    // The billing account restates two days; the FocusCost export's newest run cannot be read.
    const restated = await writeExportRun({
      out,
      root: 'exports',
      exportName: 'cost-actual',
      dataset: 'ActualCost',
      agreement: 'ea',
      scope: sampleScopes.ea,
      scopeId: `/providers/Microsoft.Billing/billingAccounts/${sampleScopes.ea.billingAccountId}`,
      period: '2024-01',
      firstDay: '2024-01-02',
      lastDay: '2024-01-03',
      runId: 'aaaaaaaa-0000-4000-8000-000000000009',
      submittedTime: '2024-02-05T09:00:00Z',
      charges: ['2024-01-02', '2024-01-03'].flatMap((d) => dayCharges(new Random(7), d, 5, 31)),
      gzip: false,
    });
    await breakFocusExport(out);

    const outcomes = await runAzureImport(wh, store);
    expect(outcomes.map((o) => [o.period, o.part, o.status])).toEqual([
      ['2024-01', ACCOUNT_PART, 'loaded'],
      ['2024-01', FOCUS_PART, 'failed'],
    ]);
    expect(failures(outcomes)).toEqual([expect.stringMatching(/^2024-01: the manifest is not valid JSON/)]);
    expect((outcomes[1]?.error as { file?: string } | undefined)?.file).toMatch(
      /focus-daily\/20240101-20240131\/eeeeeeee-0000-4000-8000-000000000001\/manifest\.json$/,
    );
    const after = await scopeTotals(wh);
    expect(after[focusScope]).toEqual(before[focusScope]);
    expect(after[accountScope]).toBeDefined();
    // The restated days come from the new run.
    const fromNewRun = await wh.warehouse.one<{ rows: number; cost: string }>(
      `SELECT count(*)::INTEGER AS rows, sum(CostInBillingCurrency)::DECIMAL(38,10)::VARCHAR AS cost
       FROM azure_billing.billing WHERE finops_run_id = 'aaaaaaaa-0000-4000-8000-000000000009'`,
    );
    expect(fromNewRun?.rows).toBeGreaterThan(0);
    expect(fromNewRun?.cost).toBe(fixed(restated.total));

    const ledger = await wh.warehouse.all<{ part: string; status: string }>(
      `SELECT part, status FROM finops_meta.loads WHERE source_type = 'azure' ORDER BY load_id`,
    );
    expect(ledger.slice(2)).toEqual([
      { part: ACCOUNT_PART, status: 'succeeded' },
      { part: FOCUS_PART, status: 'failed' },
    ]);
  });
});

/**
 * After a crash mid-load (a `running` ledger row, stage tables left in azure_billing and focus), the next
 * Azure import closes the dead load as interrupted, drops its stages and loads the month; the month
 * published before the crash was never touched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateAzureSample } from '../../../src/sample/azure/generate.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { beginLoad } from '../../../src/warehouse/ledger.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { failures, focusTotals, runAzureImport } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

describe('an Azure load killed half-way', () => {
  it('is closed as interrupted and its stages dropped by the next import', async () => {
    const out = await tempDir('azure-crash');
    const sample = await generateAzureSample({ out, months: 1, days: 2, rowsPerDay: 4 });
    wh = await openTestWarehouse();
    const w = wh.warehouse;
    const dead = await beginLoad(w, {
      sourceType: 'azure',
      sourceName: 'azure',
      billingPeriod: '2024-01',
      location: out,
      versionId: 'runs:dead',
      targetTable: 'focus.azure_2024_01',
      forced: false,
    });
    await w.run(`CREATE TABLE azure_billing.billing_2024_01__stage_${dead} AS SELECT 1 AS x`);
    await w.run(`CREATE TABLE focus.azure_2024_01__stage_${dead}_native AS SELECT 1 AS x`);

    const outcomes = await runAzureImport(wh, new LocalStore(out));
    expect(failures(outcomes)).toEqual([]);
    const ledger = await w.all<{ id: string; status: string }>(
      `SELECT load_id::VARCHAR AS id, status FROM finops_meta.loads WHERE source_type = 'azure' ORDER BY load_id`,
    );
    expect(ledger).toEqual([
      { id: String(dead), status: 'interrupted' },
      // One load per export scope of the month: the billing account's pair and the FocusCost subscription.
      { id: expect.any(String), status: 'succeeded' },
      { id: expect.any(String), status: 'succeeded' },
    ]);
    const stages = await w.all(
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%__stage_%'`,
    );
    expect(stages).toEqual([]);
    expect((await focusTotals(wh))['2024-01']?.billed).toBe(sample.months[0]?.billedCost);
  });
});

/**
 * After a process died mid-load, the next GCP import closes the dead load's ledger row and drops its
 * stage tables (GCP's tables are in the source registry), and the month loads as if nothing happened.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateGcpSample } from '../../../src/sample/gcp/generate.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { gcpTotals, runGcpImport } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

describe('a GCP load killed half way', () => {
  it('is closed as interrupted and its stages dropped by the next import', async () => {
    const dir = await tempDir('gcp-crash');
    const sample = await generateGcpSample({ out: dir, months: 1, days: 1, rowsPerDay: 8, seed: 13 });
    wh = await openTestWarehouse();
    const w = wh.warehouse;
    // What a killed load leaves: a running ledger row and half-made stage tables.
    await w.run(
      `INSERT INTO finops_meta.loads (source_type, source_name, billing_period, location, version_id, target_table,
         status, forced, started_at)
       VALUES ('gcp', 'gcp-test', '2024-01', 'test', 'v0', 'gcp_billing.billing_2024_01', 'running', false, now())`,
    );
    await w.run('CREATE TABLE gcp_billing.billing_2024_01__stage_99 AS SELECT 1 AS x');
    await w.run('CREATE TABLE focus.gcp_2024_01__stage_99 AS SELECT 1 AS x');

    const outcomes = await runGcpImport(wh, { kind: 'files', store: new LocalStore(dir), prefix: '' });
    expect(outcomes.map((o) => o.status)).toEqual(['loaded']);
    const stages = await w.all(
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%__stage_%'`,
    );
    expect(stages).toEqual([]);
    const ledger = await w.all('SELECT status FROM finops_meta.loads ORDER BY load_id');
    expect(ledger.map((l) => l.status)).toEqual(['interrupted', 'succeeded']);
    const month = sample.months[0];
    expect((await gcpTotals(wh)).focus).toEqual([
      { period: '2024-01', rows: month?.rows, cost: month?.billed },
    ]);
  });
});

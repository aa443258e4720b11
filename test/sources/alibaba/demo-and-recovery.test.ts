/**
 * The demo's entry point writes and imports a sample export into the warehouse it is given; and after a
 * crash mid-load, the next import closes the dead ledger row and drops the Alibaba stage tables it left.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importAlibabaDemo } from '../../../src/cli/alibaba-sample.ts';
import { createContext } from '../../../src/cli/context.ts';
import { generateAlibabaSample } from '../../../src/sample/alibaba/generate.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import type { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { alibabaRequest, runImport } from './helpers.ts';

let w: Warehouse | undefined;
let wh: TestWarehouse | undefined;
afterEach(() => {
  w?.close();
  wh?.warehouse.close();
  w = undefined;
  wh = undefined;
});

describe('the Alibaba demo and crash recovery', () => {
  it('imports the demo export with its codes named', async () => {
    const dir = await tempDir('alibaba-demo');
    const ctx = createContext(
      { database: path.join(dir, 'finops.duckdb'), quiet: true },
      { cache: { dir: path.join(dir, 'cache') } },
    );
    w = await ctx.openWarehouse();
    const outcomes = await importAlibabaDemo(ctx, w, path.join(dir, 'bucket'), { months: 1 });
    expect(outcomes.map((o) => o.status)).toEqual(Array(7).fill('loaded'));
    const names = await w.all(
      `SELECT DISTINCT x_SourceName, ServiceProviderName, InvoiceIssuerName FROM focus.costs ORDER BY ALL`,
    );
    expect(names).toEqual([
      {
        x_SourceName: 'alibaba-demo',
        ServiceProviderName: 'Alibaba Cloud',
        InvoiceIssuerName: 'Alibaba Cloud (Singapore) Private Limited',
      },
    ]);
  });

  it('drops the stage tables and closes the ledger row a killed import left', async () => {
    const out = await tempDir('alibaba-crash');
    await generateAlibabaSample({ out, months: 1, days: 1, rowsPerDay: 3 });
    wh = await openTestWarehouse();
    await wh.warehouse.run(`CREATE TABLE alibaba_billing.billing_2024_01__stage_99 AS SELECT 1 AS x`);
    await wh.warehouse.run(`CREATE TABLE focus.alibaba_2024_01__stage_99 AS SELECT 1 AS x`);
    await wh.warehouse.run(
      `INSERT INTO finops_meta.loads (source_type, source_name, billing_period, status, started_at)
       VALUES ('alibaba', 'alibaba', '2024-01', 'running', now())`,
    );
    const outcomes = await runImport(wh, alibabaRequest(new LocalStore(out), 'billing/focus'));
    expect(outcomes.map((o) => o.status)).toEqual(['loaded']);
    const tables = await wh.warehouse.all(
      `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
       WHERE table_schema IN ('focus', 'alibaba_billing') AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    expect(tables).toEqual([{ t: 'alibaba_billing.billing_2024_01' }, { t: 'focus.alibaba_2024_01' }]);
    const ledger = await wh.warehouse.all(`SELECT status FROM finops_meta.loads ORDER BY load_id`);
    expect(ledger).toEqual([{ status: 'interrupted' }, { status: 'succeeded' }]);
  });
});

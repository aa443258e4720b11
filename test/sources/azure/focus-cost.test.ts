/**
 * FocusCost exports: FOCUS already, read by the native FOCUS reader and upgraded to the warehouse's
 * version (ServiceSubcategory, which 1.0 lacks; ids lowercased; Microsoft's x_ columns kept), from CSV.gz
 * and from Parquet. A scope that has a FocusCost export is read from it alone: its ActualCost runs
 * hold the same costs and are left out, with a note.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleScopes, writeExportRun } from '../../../src/sample/azure/generate.ts';
import { dayCharges } from '../../../src/sample/azure/rows.ts';
import { fixed } from '../../../src/sample/fixed-decimal.ts';
import { Random } from '../../../src/sample/random.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { deliverRun, failures, focusTotals, runAzureImport, runsOf } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

const subscription = `/subscriptions/${sampleScopes.focus.subscriptionId}`;

function focusRun(out: string, extra: Partial<Parameters<typeof writeExportRun>[0]> = {}) {
  const random = new Random(3);
  const charges = ['2024-04-01', '2024-04-02']
    .flatMap((d) => dayCharges(random, d, 5, 30))
    .filter((c) => c.kind === 'usage');
  return writeExportRun({
    out,
    root: 'exports',
    exportName: 'focus-daily',
    dataset: 'FocusCost',
    agreement: 'mca',
    scope: sampleScopes.focus,
    scopeId: subscription,
    period: '2024-04',
    firstDay: '2024-04-01',
    lastDay: '2024-04-02',
    runId: 'f0f0f0f0-0000-4000-8000-000000000001',
    submittedTime: '2024-04-03T02:00:00Z',
    charges,
    gzip: true,
    ...extra,
  });
}

describe('a FocusCost export', () => {
  it('is upgraded to the warehouse FOCUS version and keeps Microsoft x_ columns', async () => {
    const out = await tempDir('azure-focus');
    const run = await focusRun(out);
    wh = await openTestWarehouse();
    const outcomes = await runAzureImport(wh, new LocalStore(out));
    expect(failures(outcomes)).toEqual([]);
    expect(outcomes[0]?.validation?.status).toBe('passed');
    expect(await focusTotals(wh)).toEqual({
      '2024-04': { rows: run.rows, billed: fixed(run.total), effective: fixed(run.total) },
    });
    const row = await wh.warehouse.one<Record<string, string>>(
      `SELECT x_SourceType, ServiceSubcategory, ServiceCategory, x_SkuMeterCategory, x_ResourceGroupName, ResourceId,
              ServiceProviderName, HostProviderName, x_SourceFile
       FROM focus.costs WHERE ServiceCategory = 'Compute' LIMIT 1`,
    );
    expect(row).toMatchObject({
      x_SourceType: 'azure',
      ServiceSubcategory: 'Other (Compute)',
      x_SkuMeterCategory: 'Virtual Machines',
      ServiceProviderName: 'Microsoft',
      HostProviderName: 'Microsoft',
    });
    expect(row?.ResourceId).toBe(row?.ResourceId?.toLowerCase());
    expect(row?.x_SourceFile).toBe(run.keys[0]);
    const raw = await wh.warehouse.all(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'azure_billing'`,
    );
    expect(raw).toEqual([]);
  });

  it('reads Parquet files as it reads CSV', async () => {
    const csvOut = await tempDir('azure-focus-csv');
    const run = await focusRun(csvOut, { gzip: false });
    wh = await openTestWarehouse();
    const out = await tempDir('azure-focus-parquet');
    const parquet = path.join(out, 'part.parquet');
    await wh.warehouse.run(
      `COPY (SELECT * FROM read_csv($file, header = true, all_varchar = true)) TO '${parquet.replace(/'/g, "''")}' (FORMAT parquet)`,
      { file: path.join(csvOut, ...(run.keys[0] as string).split('/')) },
    );
    const { readFile } = await import('node:fs/promises');
    await deliverRun({
      out,
      exportName: 'focus-daily',
      type: 'FocusCost',
      scope: subscription,
      period: '2024-04',
      runId: 'f0f0f0f0-0000-4000-8000-000000000002',
      files: { 'part_0_0001.parquet': await readFile(parquet) },
      rows: { 'part_0_0001.parquet': run.rows },
    });
    const outcomes = await runAzureImport(wh, new LocalStore(out));
    expect(failures(outcomes)).toEqual([]);
    expect((await focusTotals(wh))['2024-04']).toEqual({
      rows: run.rows,
      billed: fixed(run.total),
      effective: fixed(run.total),
    });
  });

  it("is the scope's data: its ActualCost runs are left out, with a note", async () => {
    const out = await tempDir('azure-focus-scope');
    const run = await focusRun(out);
    const random = new Random(4);
    await writeExportRun({
      out,
      root: 'exports',
      exportName: 'sub-actual',
      dataset: 'ActualCost',
      agreement: 'ea',
      scope: sampleScopes.ea,
      scopeId: subscription,
      period: '2024-04',
      firstDay: '2024-04-01',
      lastDay: '2024-04-02',
      runId: 'f0f0f0f0-0000-4000-8000-000000000003',
      submittedTime: '2024-04-03T03:00:00Z',
      charges: ['2024-04-01', '2024-04-02'].flatMap((d) => dayCharges(random, d, 5, 30)),
    });
    wh = await openTestWarehouse();
    const outcomes = await runAzureImport(wh, new LocalStore(out));
    expect(failures(outcomes)).toEqual([]);
    expect(runsOf(outcomes[0])).toBe(1);
    expect(outcomes[0]?.notes).toEqual([
      expect.stringMatching(/sub-actual run .* left out, the scope has a FocusCost export/),
    ]);
    expect((await focusTotals(wh))['2024-04']?.billed).toBe(fixed(run.total));
  });
});

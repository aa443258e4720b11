/**
 * Exports whose every batch holds the month so far (Alibaba's bill subscription documents "full data"
 * pushes into new folders): imported as increments they would count a day many times, so the importer
 * says so; with `batches = "snapshot"` the newest batch of each month replaces the month and the older
 * ones are superseded, never downloaded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateAlibabaSample } from '../../../src/sample/alibaba/generate.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { alibabaRequest, alibabaTotals, listBatches, runImport, toldLogger } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => {
  wh?.warehouse.close();
  wh = undefined;
});

describe('a snapshot (cumulative) Alibaba export', () => {
  it('warns when imported as increments', async () => {
    const out = await tempDir('alibaba-cumulative');
    await generateAlibabaSample({ out, months: 1, days: 3, rowsPerDay: 5, cumulative: true });
    wh = await openTestWarehouse();
    const logger = toldLogger();
    await runImport(wh, alibabaRequest(new LocalStore(out), 'billing/focus'), logger);
    expect(logger.lines.join('\n')).toMatch(
      /warn: alibaba: batch \S+ repeats 2 charge days that other batches of 2024-01 already delivered; .*batches = "snapshot"/,
    );
  });

  it('loads only the newest batch of each month, which replaces the month', async () => {
    const out = await tempDir('alibaba-cumulative');
    const options = { out, months: 2, days: 3, rowsPerDay: 5, cumulative: true };
    const sample = await generateAlibabaSample(options);
    wh = await openTestWarehouse();
    const req = () => alibabaRequest(new LocalStore(out), 'billing/focus', { mode: 'snapshot' });
    const first = await runImport(wh, req());
    expect(first.map((o) => o.status)).toEqual([
      'superseded',
      'superseded',
      'loaded',
      'superseded',
      'superseded',
      'loaded',
    ]);
    const expected = sample.periods.map((p) => ({ period: p.period, rows: p.rows, cost: p.billedCost }));
    expect(await alibabaTotals(wh)).toEqual({ focus: expected, raw: expected });

    // A fourth day arrives in January: it replaces January's three days with four.
    const more = await generateAlibabaSample({ ...options, months: 1, days: 4 });
    const plans = await listBatches(wh, req());
    expect(plans.map((p) => p.state)).toEqual([
      'superseded',
      'superseded',
      'superseded',
      'new',
      'superseded',
      'superseded',
      'loaded',
    ]);
    await runImport(wh, req());
    const totals = await alibabaTotals(wh);
    expect(totals.focus[0]).toEqual({
      period: '2024-01',
      rows: more.periods[0]?.rows,
      cost: more.periods[0]?.billedCost,
    });
    expect(totals.focus[1]).toEqual(expected[1]);
  });
});

/**
 * Exports whose every batch holds the month so far (Alibaba's bill subscription documents "full data"
 * pushes into new folders): imported as increments they would count a day many times, so the importer
 * says so; with `batches = "snapshot"` the newest batch of each month replaces the month and the older
 * ones are superseded, never downloaded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage, type FinopsError } from '../../../src/errors.ts';
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
  it('refuses the batches that repeat days when imported as increments, so no day is counted twice', async () => {
    const out = await tempDir('alibaba-cumulative');
    const sample = await generateAlibabaSample({ out, months: 1, days: 3, rowsPerDay: 5, cumulative: true });
    wh = await openTestWarehouse();
    const outcomes = await runImport(wh, alibabaRequest(new LocalStore(out), 'billing/focus'), toldLogger());
    expect(outcomes.map((o) => [o.status, o.failedStep])).toEqual([
      ['loaded', undefined],
      ['failed', 'normalize'],
      ['failed', 'normalize'],
    ]);
    expect(errorMessage(outcomes[1]?.error)).toMatch(
      /batch \S+ repeats \d charge days? that other batches of 2024-01 already delivered: the export looks cumulative/,
    );
    expect((outcomes[1]?.error as FinopsError | undefined)?.hint).toMatch(/batches = "snapshot"/);
    // Only the first batch (day 1) is published: never a day counted twice.
    const first = sample.batches[0];
    expect((await alibabaTotals(wh)).focus).toEqual([
      { period: '2024-01', rows: first?.rows, cost: first?.billedCost },
    ]);
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

/**
 * A billing period is replaced whole: a source's new version of a month takes the place of its old one
 * in one transaction, beside the rows other sources published for that month, and readers of the views
 * see the old month or the new one, never a mix. When anything in the publishing transaction fails, the
 * month published before is still there, row for row.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropLoadStages, placeStages } from '../../src/pipeline/place.ts';
import { dropStaleStages } from '../../src/warehouse/period-tables.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import {
  createDemoSchema,
  demoSource,
  demoTables,
  focusRows,
  raw,
  rawRows,
  stageRows,
  unitContext,
} from './demo-tables.ts';

const source = demoSource('replace-period');
const march = { period: '2024-03', versionId: 'v', files: 1, bytes: 1 };

let wh: TestWarehouse;
beforeEach(async () => {
  wh = await openTestWarehouse();
  await createDemoSchema(wh.warehouse);
});
afterEach(() => wh.warehouse.close());

/** Publishes a staged load the way publishUnit does: placement and the checks in one transaction. */
async function publish(
  sourceName: string,
  loadId: number,
  rows: { day: string; cost: string }[],
  check: () => Promise<void> = async () => {},
) {
  const w = wh.warehouse;
  const names = await stageRows(
    w,
    '2024-03',
    loadId,
    rows.map((r) => ({ ...r, source: sourceName })),
  );
  await w.transaction(async () => {
    await placeStages(w, source, unitContext(wh, sourceName, loadId), march, names);
    await check();
  });
}

describe('replacing a billing period', () => {
  it('makes the first load the period table, and a reload replaces it whole', async () => {
    await publish('cur', 1, [
      { day: '2024-03-01', cost: '10' },
      { day: '2024-03-02', cost: '11' },
    ]);
    expect(await rawRows(wh.warehouse)).toEqual(['cur - 2024-03-01 10.00', 'cur - 2024-03-02 11.00']);

    await publish('cur', 2, [{ day: '2024-03-01', cost: '12.5' }]);
    expect(await rawRows(wh.warehouse)).toEqual(['cur - 2024-03-01 12.50']);
    expect(await focusRows(wh.warehouse)).toEqual(['cur - 2024-03-01 12.50']);
    expect(await demoTables(wh.warehouse)).toEqual(['demo_billing.billing_2024_03', 'focus.demo_2024_03']);
  });

  it("keeps another source's rows of the same month when one source reloads", async () => {
    await publish('payer-a', 1, [{ day: '2024-03-01', cost: '1' }]);
    await publish('payer-b', 2, [{ day: '2024-03-01', cost: '2' }]);
    await publish('payer-a', 3, [{ day: '2024-03-02', cost: '3' }]);

    expect(await rawRows(wh.warehouse)).toEqual(['payer-b - 2024-03-01 2.00', 'payer-a - 2024-03-02 3.00']);
    expect(await focusRows(wh.warehouse)).toEqual(['payer-b - 2024-03-01 2.00', 'payer-a - 2024-03-02 3.00']);
  });

  it('leaves none of the earlier raw rows when a month arrives without any', async () => {
    await publish('cur', 1, [{ day: '2024-03-01', cost: '10' }]);
    const names = await stageRows(wh.warehouse, '2024-03', 2, [
      { source: 'cur', day: '2024-03-05', cost: '4' },
    ]);
    await wh.warehouse.run(`DROP TABLE ${raw.schema}.${names.raw}`);

    await wh.warehouse.transaction(() =>
      placeStages(wh.warehouse, source, unitContext(wh, 'cur', 2), march, names),
    );
    expect(await rawRows(wh.warehouse)).toEqual([]);
    expect(await focusRows(wh.warehouse)).toEqual(['cur - 2024-03-05 4.00']);
  });

  it('keeps the month published before when the transaction fails after placing the new one', async () => {
    await publish('payer-a', 1, [{ day: '2024-03-01', cost: '1' }]);
    await publish('payer-b', 2, [{ day: '2024-03-01', cost: '2' }]);
    const before = { raw: await rawRows(wh.warehouse), focus: await focusRows(wh.warehouse) };

    const failing = publish('payer-a', 3, [{ day: '2024-03-09', cost: '9' }], async () => {
      // Placement is done; the new rows are in place inside the transaction when reconciliation fails.
      expect(await rawRows(wh.warehouse)).toContain('payer-a - 2024-03-09 9.00');
      throw new Error('published cost 9 differs from the 8 read');
    });
    await expect(failing).rejects.toThrow(/differs/);

    expect(await rawRows(wh.warehouse)).toEqual(before.raw);
    expect(await focusRows(wh.warehouse)).toEqual(before.focus);
    // The failed load's stages are still there until the pipeline drops them.
    await dropLoadStages(wh.warehouse, source, 3);
    expect(await demoTables(wh.warehouse)).toEqual(['demo_billing.billing_2024_03', 'focus.demo_2024_03']);
  });

  it('drops the stages a killed load left behind, and nothing of the published month', async () => {
    await publish('cur', 1, [{ day: '2024-03-01', cost: '10' }]);
    await stageRows(wh.warehouse, '2024-03', 2, [{ source: 'cur', day: '2024-03-02', cost: '20' }]);

    expect(await dropStaleStages(wh.warehouse, raw)).toEqual(['billing_2024_03__stage_2']);
    expect(await dropStaleStages(wh.warehouse, source.tables.focus)).toEqual(['demo_2024_03__stage_2']);
    expect(await rawRows(wh.warehouse)).toEqual(['cur - 2024-03-01 10.00']);
  });
});

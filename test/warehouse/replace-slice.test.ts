/**
 * A source that delivers several batches inside a month (Alibaba's daily drops) publishes each batch as
 * a slice: its rows replace that batch's earlier rows and nothing else of the month. A later batch may
 * carry a column the first one did not; a batch whose placement fails halfway leaves the month as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { placeStages } from '../../src/pipeline/place.ts';
import type { Unit } from '../../src/sources/source.ts';
import type { SliceMatch } from '../../src/warehouse/period-tables.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import {
  createDemoSchema,
  type DemoRow,
  demoSource,
  focusRows,
  rawRows,
  stageRows,
  unitContext,
} from './demo-tables.ts';

/** A slice is a list of batch ids: `batch_id` in the raw rows, `x_BatchId` in the FOCUS rows. */
const bySlice = (ids: (unit: Unit) => SliceMatch[string]) =>
  demoSource(
    'replace-slice',
    (unit, table): SliceMatch => ({
      [table === 'raw' ? 'batch_id' : 'x_BatchId']: ids(unit),
    }),
  );
/** Each batch is its own slice. */
const source = bySlice((unit) => unit.part ?? '');

let wh: TestWarehouse;
beforeEach(async () => {
  wh = await openTestWarehouse();
  await createDemoSchema(wh.warehouse);
});
afterEach(() => wh.warehouse.close());

const batch = (part: string): Unit => ({ period: '2024-03', part, versionId: part, files: 1, bytes: 1 });

async function publish(
  part: string,
  loadId: number,
  rows: Omit<DemoRow, 'source' | 'batch'>[],
  extra?: { name: string; value: string },
) {
  const w = wh.warehouse;
  const staged = rows.map((r) => ({ ...r, source: 'alibaba', batch: part }));
  const names = await stageRows(w, '2024-03', loadId, staged, extra);
  await w.transaction(() => placeStages(w, source, unitContext(wh, 'alibaba', loadId), batch(part), names));
}

describe('replacing a slice of a billing period', () => {
  it("replaces a batch's own rows and leaves the month's other batches as they are", async () => {
    await publish('b1', 1, [{ day: '2024-03-01', cost: '1' }]);
    await publish('b2', 2, [{ day: '2024-03-02', cost: '2' }]);
    await publish('b1', 3, [
      { day: '2024-03-01', cost: '1.5' },
      { day: '2024-03-03', cost: '3' },
    ]);

    expect(await rawRows(wh.warehouse)).toEqual([
      'alibaba b1 2024-03-01 1.50',
      'alibaba b2 2024-03-02 2.00',
      'alibaba b1 2024-03-03 3.00',
    ]);
    expect(await focusRows(wh.warehouse)).toEqual(await rawRows(wh.warehouse));
  });

  it('adds a column a later batch brings; earlier batches read it as empty', async () => {
    await publish('b1', 1, [{ day: '2024-03-01', cost: '1' }]);
    await publish('b2', 2, [{ day: '2024-03-02', cost: '2' }], { name: 'tag_team', value: 'search' });

    const teams = await wh.warehouse.all(
      'SELECT x_BatchId AS batch, tag_team AS team FROM focus.costs ORDER BY x_BatchId',
    );
    expect(teams).toEqual([
      { batch: 'b1', team: null },
      { batch: 'b2', team: 'search' },
    ]);
  });

  it('takes rows without a value too when the slice lists null', async () => {
    const w = wh.warehouse;
    await publish('b1', 1, [{ day: '2024-03-01', cost: '1' }]);
    const names = await stageRows(w, '2024-03', 2, [
      { source: 'alibaba', batch: null, day: '2024-03-04', cost: '4' },
    ]);
    await w.transaction(() => placeStages(w, source, unitContext(wh, 'alibaba', 2), batch('b2'), names));
    expect(await focusRows(w)).toEqual(['alibaba b1 2024-03-01 1.00', 'alibaba - 2024-03-04 4.00']);

    const sweep = bySlice(() => ['b1', null]);
    const again = await stageRows(w, '2024-03', 3, [
      { source: 'alibaba', batch: 'b3', day: '2024-03-05', cost: '5' },
    ]);
    await w.transaction(() => placeStages(w, sweep, unitContext(wh, 'alibaba', 3), batch('b3'), again));
    expect(await focusRows(w)).toEqual(['alibaba b3 2024-03-05 5.00']);
  });

  it("keeps the month as it was when a batch's rows cannot be inserted after its old ones were deleted", async () => {
    await publish('b1', 1, [{ day: '2024-03-01', cost: '1' }]);
    await publish('b2', 2, [{ day: '2024-03-02', cost: '2' }]);
    const before = { raw: await rawRows(wh.warehouse), focus: await focusRows(wh.warehouse) };

    // b1 again, but its usage date is text the month's DATE column cannot take: the insert fails after
    // the delete of b1's old rows, inside the transaction.
    const w = wh.warehouse;
    const names = await stageRows(w, '2024-03', 3, [
      { source: 'alibaba', batch: 'b1', day: '2024-03-01', cost: '7' },
    ]);
    await w.run(`ALTER TABLE demo_billing.${names.raw} ALTER usage_date TYPE VARCHAR USING 'first of March'`);
    const failing = w.transaction(() =>
      placeStages(w, source, unitContext(wh, 'alibaba', 3), batch('b1'), names),
    );
    await expect(failing).rejects.toThrow(/first of March/);

    expect(await rawRows(w)).toEqual(before.raw);
    expect(await focusRows(w)).toEqual(before.focus);
  });

  it('refuses a slice-replacing source that names no slice', async () => {
    const w = wh.warehouse;
    const names = await stageRows(w, '2024-03', 1, [
      { source: 'alibaba', batch: 'b1', day: '2024-03-01', cost: '1' },
    ]);
    const unnamed = demoSource('replace-slice');
    await expect(placeStages(w, unnamed, unitContext(wh, 'alibaba', 1), batch('b1'), names)).rejects.toThrow(
      'the demo source replaces slices but names none',
    );
  });
});

/**
 * The same delivery imported under a second name would count its cost twice: the pipeline refuses it,
 * naming the source that has it, unless told the two really are bills (`allowDuplicate`). A source
 * whose period was forgotten no longer has it.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { forgetPeriod } from '../../src/pipeline/forget.ts';
import { type RunOptions, runSource } from '../../src/pipeline/run-source.ts';
import { silentProgress } from '../../src/progress.ts';
import { LocalStore } from '../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';
import { csvSource } from './csv-source.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

const importAs = (w: TestWarehouse, name: string, folder: string, options: RunOptions = {}) =>
  runSource(
    csvSource,
    { warehouse: w.warehouse, cache: w.cache, progress: silentProgress, logger: silentLogger },
    { name, location: folder, store: new LocalStore(folder) },
    options,
  );

const costBySource = async (w: TestWarehouse) =>
  w.warehouse.all(
    `SELECT x_SourceName AS source, sum(BilledCost)::DECIMAL(38,2)::VARCHAR AS cost
     FROM focus.costs GROUP BY ALL ORDER BY ALL`,
  );

describe('a delivery published under another name', () => {
  it('is refused naming that source, loads with allowDuplicate, and loads once the other forgot it', async () => {
    const folder = await tempDir('duplicate');
    await writeFile(
      path.join(folder, '2024-01.csv'),
      'day,service,cost,currency\n2024-01-03,compute,12.5,USD\n',
    );
    wh = await openTestWarehouse();
    expect((await importAs(wh, 'billing', folder)).map((o) => o.status)).toEqual(['loaded']);

    const twice = await importAs(wh, 'billing-copy', folder);
    expect(twice.map((o) => [o.period, o.status, o.failedStep])).toEqual([['2024-01', 'failed', 'plan']]);
    expect(errorMessage(twice[0]?.error)).toMatch(
      /^this delivery is already published as source "billing" \(2024-01, version .+\); loading it as "billing-copy" too would count its cost twice$/,
    );
    expect((twice[0]?.error as { hint?: string } | undefined)?.hint).toMatch(/--allow-duplicate/);
    expect(await costBySource(wh)).toEqual([{ source: 'billing', cost: '12.50' }]);

    // The same source again is not a duplicate of itself.
    expect((await importAs(wh, 'billing', folder)).map((o) => o.status)).toEqual(['unchanged']);

    const allowed = await importAs(wh, 'billing-copy', folder, { allowDuplicate: true });
    expect(allowed.map((o) => o.status)).toEqual(['loaded']);
    expect(await costBySource(wh)).toEqual([
      { source: 'billing', cost: '12.50' },
      { source: 'billing-copy', cost: '12.50' },
    ]);

    await forgetPeriod(wh.warehouse, csvSource, 'billing', '2024-01', 'a test');
    await forgetPeriod(wh.warehouse, csvSource, 'billing-copy', '2024-01', 'a test');
    expect((await importAs(wh, 'billing-copy', folder)).map((o) => o.status)).toEqual(['loaded']);
  });
});

/**
 * The pipeline, driven through every outcome by the tiny CSV source (csv-source.ts): periods load,
 * unchanged ones are skipped, a unit that cannot be planned fails alone, a bad file fails at its stage
 * and keeps what was published, a process killed mid-load is recovered by the next import, and a
 * source that cannot be planned at all is on record too. Every outcome leaves the ledger row that
 * `finops status` shows, with the step that failed.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { runSource } from '../../src/pipeline/run-source.ts';
import { silentProgress } from '../../src/progress.ts';
import { LocalStore } from '../../src/stores/local-store.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';
import { csvSource } from './csv-source.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

const header = 'day,service,cost,currency';

async function deliver(folder: string, period: string, lines: string[]): Promise<void> {
  await writeFile(path.join(folder, `${period}.csv`), `${[header, ...lines].join('\n')}\n`);
}

const importCsv = (w: TestWarehouse, folder: string) =>
  runSource(
    csvSource,
    { warehouse: w.warehouse, cache: w.cache, progress: silentProgress, logger: silentLogger },
    { name: 'csv', location: folder, store: new LocalStore(folder) },
  );

/** What the warehouse publishes per period, and what the files say, summed by DuckDB as exact decimals. */
const published = (w: Warehouse) =>
  w.all(
    `SELECT strftime(BillingPeriodStart, '%Y-%m') AS period, BillingCurrency AS currency,
            count(*)::INTEGER AS rows, sum(BilledCost)::DECIMAL(38,10)::VARCHAR AS cost
     FROM focus.costs WHERE x_SourceName = 'csv' GROUP BY ALL ORDER BY ALL`,
  );
const delivered = (w: Warehouse, folder: string, periods: string[]) =>
  w.all(
    `SELECT regexp_extract(filename, '(\\d{4}-\\d{2})\\.csv$', 1) AS period, currency,
            count(*)::INTEGER AS rows, sum(cost::DECIMAL(38,10))::DECIMAL(38,10)::VARCHAR AS cost
     FROM read_csv($files, all_varchar = true, filename = true) GROUP BY ALL ORDER BY ALL`,
    { files: periods.map((p) => path.join(folder, `${p}.csv`)) },
  );

const ledger = (w: Warehouse) =>
  w.all(
    `SELECT billing_period AS period, status, failed_step AS step FROM finops_meta.loads ORDER BY load_id`,
  );

describe('one pipeline for every source', () => {
  it('loads, skips what is unchanged, and fails a unit alone at the step it broke in', async () => {
    const folder = await tempDir('csv-source');
    await deliver(folder, '2024-01', ['2024-01-03,compute,12.5000000001,USD', '2024-01-04,storage,0.3,USD']);
    await deliver(folder, '2024-02', ['2024-02-01,compute,7.25,USD']);
    await deliver(folder, '2024-13', ['2024-13-01,compute,1,USD']);
    wh = await openTestWarehouse();

    const first = await importCsv(wh, folder);
    expect(first.map((o) => [o.period, o.status, o.failedStep])).toEqual([
      ['2024-01', 'loaded', undefined],
      ['2024-02', 'loaded', undefined],
      ['2024-13', 'failed', 'plan'],
    ]);
    expect(errorMessage(first[2]?.error)).toBe('2024-13.csv: no such month');
    expect(await published(wh.warehouse)).toEqual(
      await delivered(wh.warehouse, folder, ['2024-01', '2024-02']),
    );
    expect(first[0]?.costTotals).toEqual({ USD: '12.8000000001' });
    expect(first[0]?.validation?.pass).toBeGreaterThan(0);

    const again = await importCsv(wh, folder);
    expect(again.map((o) => o.status)).toEqual(['unchanged', 'unchanged', 'failed']);

    // February is delivered again with a cost that is not a number: it fails at stage, alone.
    const before = await published(wh.warehouse);
    await deliver(folder, '2024-02', ['2024-02-01,compute,7.25,USD', '2024-02-02,compute,seven,USD']);
    const broken = await importCsv(wh, folder);
    expect(broken.map((o) => [o.period, o.status, o.failedStep])).toEqual([
      ['2024-01', 'unchanged', undefined],
      ['2024-02', 'failed', 'stage'],
      ['2024-13', 'failed', 'plan'],
    ]);
    expect(errorMessage(broken[1]?.error)).toMatch(/2024-02\.csv: cannot read the file: .*Line: 3/);
    expect(await published(wh.warehouse)).toEqual(before);
    expect(await ledger(wh.warehouse)).toEqual([
      { period: '2024-01', status: 'succeeded', step: null },
      { period: '2024-02', status: 'succeeded', step: null },
      { period: '2024-13', status: 'failed', step: 'plan' },
      { period: '2024-13', status: 'failed', step: 'plan' },
      { period: '2024-02', status: 'failed', step: 'stage' },
      { period: '2024-13', status: 'failed', step: 'plan' },
    ]);
    const stages = await wh.warehouse.all(
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%__stage_%'`,
    );
    expect(stages).toEqual([]);
  });

  it('recovers a load whose process was killed: the old version stays until the next import replaces it', async () => {
    const folder = await tempDir('csv-killed');
    await deliver(folder, '2024-03', ['2024-03-01,compute,1.5,USD']);
    wh = await openTestWarehouse();
    await importCsv(wh, folder);
    const before = await published(wh.warehouse);
    wh.warehouse.close();

    await deliver(folder, '2024-03', ['2024-03-01,compute,1.5,USD', '2024-03-02,network,2.25,EUR']);
    const stall = path.join(folder, 'never');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'import-child.ts'), wh.dbPath, folder, stall],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/waiting for/.test(stderr)) resolve();
      });
      child.on('exit', () => reject(new Error(`the import ended before staging: ${stderr}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));

    const w = await Warehouse.open({ path: wh.dbPath });
    wh = { ...wh, warehouse: w };
    expect(await published(w)).toEqual(before);
    expect((await ledger(w)).map((r) => r.status)).toEqual(['succeeded', 'running']);
    const next = await importCsv(wh, folder);
    expect(next.map((o) => o.status)).toEqual(['loaded']);
    expect((await ledger(w)).map((r) => r.status)).toEqual(['succeeded', 'interrupted', 'succeeded']);
    expect(await published(w)).toEqual(await delivered(w, folder, ['2024-03']));
    const stages = await w.all(
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%__stage_%'`,
    );
    expect(stages).toEqual([]);
  });

  it('puts a source that cannot be planned at all on record, until a later run of it succeeds', async () => {
    const folder = await tempDir('csv-missing');
    wh = await openTestWarehouse();
    const missing = await importCsv(wh, path.join(folder, 'not-there'));
    expect(missing.map((o) => [o.period, o.status, o.failedStep])).toEqual([['*', 'failed', 'plan']]);
    expect(errorMessage(missing[0]?.error)).toMatch(/not-there/);
    expect(await ledger(wh.warehouse)).toEqual([{ period: '*', status: 'failed', step: 'plan' }]);
  });
});

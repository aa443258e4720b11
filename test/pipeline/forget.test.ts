/**
 * A file set re-delivered without a month it held before used to leave that month published, silently,
 * with no way to remove it. Given native FOCUS files for two months, when one month's file goes away,
 * then the import reports that month as vanished; `--prune` (or `finops forget`) removes exactly its
 * rows and says so in the ledger; and when the month is delivered again, it loads again.
 */
import { copyFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { runSource } from '../../src/pipeline/run-source.ts';
import { silentProgress } from '../../src/progress.ts';
import { focus } from '../../src/sources/focus/index.ts';
import { LocalStore } from '../../src/stores/local-store.ts';
import { runCli } from '../helpers/cli.ts';
import { openTestWarehouse, type TestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

const header =
  'BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,ServiceName,ProviderName';
const month = (m: string, cost: string) =>
  `${header}\n0042,2024-${m}-01T00:00:00Z,2024-${m}-28T00:00:00Z,2024-${m}-03T00:00:00Z,2024-${m}-04T00:00:00Z,${cost},${cost},EUR,Usage,VMs,Contoso Cloud\n`;

const importFolder = (w: TestWarehouse, folder: string, prune = false) =>
  runSource(
    focus,
    { warehouse: w.warehouse, cache: w.cache, progress: silentProgress, logger: silentLogger },
    { name: 'contoso', location: folder, store: new LocalStore(folder), prefix: '' },
    { prune },
  );

const published = (w: TestWarehouse) =>
  w.warehouse.all(
    `SELECT strftime(BillingPeriodStart, '%Y-%m') AS period, sum(BilledCost)::DECIMAL(38,2)::VARCHAR AS cost
     FROM focus.costs GROUP BY ALL ORDER BY 1`,
  );

describe('periods a file set no longer holds', () => {
  it('are reported as vanished, removed with --prune, and load again when delivered again', async () => {
    const folder = await tempDir('vanish');
    await writeFile(path.join(folder, 'jan.csv'), month('01', '10.50'));
    await writeFile(path.join(folder, 'feb.csv'), month('02', '4.25'));
    wh = await openTestWarehouse();
    expect((await importFolder(wh, folder)).map((o) => [o.period, o.status])).toEqual([
      ['2024-01', 'loaded'],
      ['2024-02', 'loaded'],
    ]);

    await rm(path.join(folder, 'jan.csv'));
    const reported = await importFolder(wh, folder);
    expect(reported.map((o) => [o.period, o.status])).toEqual([
      ['2024-02', 'loaded'],
      ['2024-01', 'vanished'],
    ]);
    expect(await published(wh)).toEqual([
      { period: '2024-01', cost: '10.50' },
      { period: '2024-02', cost: '4.25' },
    ]);

    const pruned = await importFolder(wh, folder, true);
    expect(pruned.map((o) => [o.period, o.status, o.rows])).toEqual([
      ['2024-02', 'unchanged', undefined],
      ['2024-01', 'forgotten', 1],
    ]);
    expect(await published(wh)).toEqual([{ period: '2024-02', cost: '4.25' }]);
    expect((await importFolder(wh, folder)).map((o) => o.status)).toEqual(['unchanged']);

    await writeFile(path.join(folder, 'jan.csv'), month('01', '10.50'));
    expect((await importFolder(wh, folder)).map((o) => [o.period, o.status])).toEqual([
      ['2024-01', 'loaded'],
      ['2024-02', 'loaded'],
    ]);
    const ledger = await wh.warehouse.all(
      `SELECT billing_period AS period, status FROM finops_meta.loads WHERE billing_period = '2024-01' ORDER BY load_id`,
    );
    expect(ledger.map((r) => r.status)).toEqual(['succeeded', 'forgotten', 'succeeded']);
  });

  it('finops forget removes a period by name', async () => {
    const folder = await tempDir('forget-cli');
    await writeFile(path.join(folder, 'jan.csv'), month('01', '3.00'));
    await copyFile(path.join(folder, 'jan.csv'), path.join(folder, 'jan-copy.csv'));
    await writeFile(path.join(folder, 'feb.csv'), month('02', '1.00'));
    const cwd = await tempDir('forget-cwd');
    const imported = await runCli(['focus', 'import', '--source', folder, '--name', 'contoso'], cwd);
    expect(imported.code, imported.stderr).toBe(0);
    const forgot = await runCli(
      ['forget', '--name', 'contoso', '--period', '2024-01', '--format', 'json'],
      cwd,
    );
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(JSON.parse(forgot.stdout)).toEqual([
      { source: 'contoso', billing_period: '2024-01', status: 'forgotten', rows: 2 },
    ]);
    const left = await runCli(
      [
        'query',
        "SELECT strftime(BillingPeriodStart, '%Y-%m') AS p, count(*) AS n FROM focus.costs GROUP BY 1",
        '--format',
        'json',
      ],
      cwd,
    );
    expect(JSON.parse(left.stdout)).toEqual([{ p: '2024-02', n: '1' }]);
    const unknown = await runCli(['forget', '--name', 'nobody', '--period', '2024-01'], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/the ledger knows no source named "nobody"/);
  });
});

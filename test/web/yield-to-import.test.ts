/**
 * A dashboard left open and polled every two seconds never goes idle, so it used to keep the warehouse
 * from every import. Given such a dashboard, when an import waits for the warehouse (--wait), then the
 * dashboard steps aside within a few seconds, the import loads, and the dashboard answers again after.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import {
  buildDashboardWarehouse,
  type DashboardWarehouse,
  startTestDashboard,
  type TestDashboard,
} from './fixture.ts';

let fixture: DashboardWarehouse;
let dashboard: TestDashboard;

beforeAll(async () => {
  fixture = await buildDashboardWarehouse();
  // Idle release far beyond the test: only the waiting import can make the dashboard let go.
  dashboard = await startTestDashboard(fixture.dbPath, { idleMs: 120_000 });
});
afterAll(async () => {
  await dashboard?.close();
  await fixture?.remove();
});

describe('a dashboard that is polled while an import waits', () => {
  it('lets the waiting import have the warehouse within a few seconds', async () => {
    let polling = true;
    const answers: number[] = [];
    const poll = (async () => {
      while (polling) {
        answers.push((await dashboard.get('/api/overview?period=2024-01')).status);
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const folder = await tempDir('yield-focus');
    await copyFile(
      path.resolve(import.meta.dirname, '../../../shared/samples/focus-1.0/focus_sample.csv'),
      path.join(folder, 'focus_sample.csv'),
    );
    const started = Date.now();
    const imported = await runCli(
      [
        '--database',
        fixture.dbPath,
        'focus',
        'import',
        '--source',
        folder,
        '--wait',
        '60',
        '--format',
        'json',
      ],
      path.dirname(fixture.dbPath),
    );
    const waited = Date.now() - started;
    polling = false;
    await poll;
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout).map((r: { status: string }) => r.status)).toEqual([
      'loaded',
      'loaded',
    ]);
    expect(waited).toBeLessThan(15_000);
    expect((await dashboard.get('/api/overview?period=2024-01')).status).toBe(200);
    expect(answers.filter((s) => s === 200).length).toBeGreaterThan(0);
  });
});

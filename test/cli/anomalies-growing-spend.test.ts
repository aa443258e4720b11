/**
 * Issue 19, as a new user tries it: 24 daily series shaped like a growing company's spend (weekends at
 * 65%, growth of 0.2% a day, 8% day-to-day noise) from January to March 2024, with 16 spikes of 2.5x to
 * 6x in February and March, built by this test (growing-spend.ts), not by the backtest's generator.
 * `finops anomalies` finds at least 9 in 10 of the spikes, and at least 85% of what it reports are
 * spikes; the detectors of before, on the same data, report twice as much as there is.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import { growingSpend } from '../detect/growing-spend.ts';
import { createFocusCosts } from '../detect/helpers.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

interface Row {
  day: string;
  service: string;
  kind: string;
}

async function findings(cwd: string, detectors: string): Promise<Row[]> {
  const run = await runCli(
    ['anomalies', '--start', '2024-02-01', '--detectors', detectors, '--format', 'json'],
    cwd,
  );
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trim() === '' ? [] : (JSON.parse(run.stdout) as Row[]);
}

describe('finops anomalies on growing spend', () => {
  for (const seed of [1, 2]) {
    it(`finds the spikes and little else (seed ${seed})`, async () => {
      const cwd = await tempDir('anomalies-growing');
      const data = growingSpend(seed);
      const w = await Warehouse.open({ path: path.join(cwd, 'finops.duckdb') });
      await createFocusCosts(w, data.rows);
      w.close();
      const spikes = new Set(data.spikes.map((s) => `${s.service} ${s.day}`));
      const score = (rows: Row[]) => {
        const reported = new Set(rows.map((r) => `${r.service} ${r.day}`));
        const right = [...reported].filter((k) => spikes.has(k)).length;
        return { precision: right / reported.size, recall: right / spikes.size };
      };

      const found = await findings(cwd, 'forecast');
      expect(found.every((f) => f.kind === 'spike')).toBe(true);
      const now = score(found);
      expect(now.recall).toBeGreaterThanOrEqual(0.9);
      expect(now.precision).toBeGreaterThanOrEqual(0.85);

      const before = score(await findings(cwd, 'seasonal,robust'));
      expect(before.precision).toBeLessThan(0.7);
    });
  }
});

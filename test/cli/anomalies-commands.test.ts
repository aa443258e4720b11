/** `finops anomalies` and `finops anomalies backtest` as a user runs them, through the real binary. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import { createFocusCosts, day, steadyRows } from '../detect/helpers.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { startWebhookReceiver } from '../notify/receivers.ts';

interface Finding {
  day: string;
  provider: string;
  kind: string;
  expected: string;
  score: number;
  status: string;
}

async function warehouseWithSpike(cwd: string): Promise<void> {
  const w = await Warehouse.open({ path: path.join(cwd, 'finops.duckdb') });
  await createFocusCosts(w, [
    ...steadyRows(91),
    {
      day: day(90),
      service: 'Amazon EC2',
      resource: 'i-0bbb',
      usageType: 'BoxUsage:p4d.24xlarge',
      cost: '600',
    },
  ]);
  w.close();
}

describe('finops anomalies', () => {
  it('finds the spike, stores it, and alerts it once', async () => {
    const cwd = await tempDir('anomalies-cli');
    await warehouseWithSpike(cwd);
    const hook = await startWebhookReceiver();
    writeFileSync(
      path.join(cwd, 'config.toml'),
      '[[notify.sinks]]\ntype = "webhook"\nname = "incidents"\nurl_env = "FINOPS_TEST_HOOK"\n',
    );
    const env = { FINOPS_TEST_HOOK: `${hook.url}/finops?token=s3cr3t` };

    const found = await runCli(['anomalies', '--start', '2024-03-25', '--format', 'json'], cwd, env);
    expect(found.code, found.stderr).toBe(0);
    expect(found.stderr).toMatch(/2 series, 1 finding\(s\) from 2024-03-25 to 2024-03-31/);
    expect(JSON.parse(found.stdout)).toEqual([
      expect.objectContaining({
        day: '2024-03-31',
        service: 'Amazon EC2',
        kind: 'spike',
        detector: 'forecast',
        actual: '839.000000000000000000',
        status: 'new',
      }),
    ]);
    expect(hook.requests).toHaveLength(0);

    for (let run = 0; run < 2; run++) {
      const notified = await runCli(
        ['anomalies', '--start', '2024-03-25', '--notify', '--format', 'json'],
        cwd,
        env,
      );
      expect(notified.code, notified.stderr).toBe(0);
      expect(notified.stderr).toContain(`${run === 0 ? 1 : 0} alert(s) sent`);
      expect(notified.stderr).not.toContain('s3cr3t');
    }
    expect(hook.requests).toHaveLength(1);
    expect((hook.requests[0]?.body as { title?: string } | undefined)?.title).toBe(
      'Cost spike: Amazon EC2 in AWS account 111122223333 (prod) on 2024-03-31',
    );

    const byTeam = await runCli(
      ['anomalies', '--start', '2024-03-25', '--tag', 'team', '--format', 'csv'],
      cwd,
    );
    expect(byTeam.stdout.split('\n')[0]).toBe(
      'day,provider,sub_account,service,tag_team,currency,kind,detector,actual,expected,expected_low,expected_high,impact,change_pct,score,status',
    );
    expect(byTeam.stdout).toMatch(/^2024-03-31,AWS,111122223333,Amazon EC2,platform,USD,spike,forecast,/m);
  });

  it('explains what is wrong with the command line', async () => {
    const cwd = await tempDir('anomalies-cli');
    await warehouseWithSpike(cwd);
    const noSink = await runCli(['anomalies', '--notify'], cwd);
    expect(noSink.code).toBe(2);
    expect(noSink.stderr).toContain('error: --notify: no sink takes anomaly alerts');
    const badDate = await runCli(['anomalies', '--start', 'March'], cwd);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--start must be YYYY-MM-DD or YYYY-MM, not "March"');
  });

  it('backtests the detectors and prints precision and recall per kind and noise level', async () => {
    const cwd = await tempDir('anomalies-cli');
    const result = await runCli(['anomalies', 'backtest', '--series', '40', '--format', 'json'], cwd);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as {
      slice: string;
      precision: number | null;
      recall: number | null;
    }[];
    expect(rows.map((r) => r.slice)).toEqual([
      'all',
      'spike',
      'level_shift',
      'new',
      'stopped',
      'gap',
      'noise 3%',
      'noise 5%',
      'noise 8%',
      'noise 12%',
      'noise 20%',
    ]);
    expect(rows[0]).toMatchObject({ precision: expect.any(Number), recall: expect.any(Number) });
    expect(result.stderr).toMatch(
      /40 series x 90 scored days, seed 42: \d+ spikes \(1\.5-6x\), \d+ level shifts/,
    );
  });

  it('on the demo, a day a provider did not deliver is not a day of zero spend', async () => {
    // The demo's Alibaba, Azure and GCP data cover the first days of each month only.
    const cwd = await tempDir('anomalies-demo');
    const demo = await runCli(['demo', '--months', '3', '--rows', '2000'], cwd);
    expect(demo.code, demo.stderr).toBe(0);
    // The default detectors, then the classic ones, which see the same series.
    const found: Finding[] = [];
    for (const detectors of [[], ['--detectors', 'seasonal,robust,zscore']]) {
      const run = await runCli(['anomalies', '--start', '2024-01-15', ...detectors, '--format', 'json'], cwd);
      expect(run.code, run.stderr).toBe(0);
      found.push(...(JSON.parse(run.stdout) as Finding[]));
    }
    expect(found.length).toBeGreaterThan(0);
    // Only new spend is expected to be 0 (nothing was there); every other expectation comes from days
    // with data, so it is the provider's usual spend, not the zeros of days it never delivered.
    expect(found.filter((f) => f.kind !== 'new' && Number(f.expected) === 0)).toEqual([]);
    // Findings are on days the provider delivered.
    const days = await runCli(
      [
        'query',
        '--format',
        'json',
        'SELECT DISTINCT ProviderName AS provider, CAST(CAST(ChargePeriodStart AS DATE) AS VARCHAR) AS day FROM focus.costs',
      ],
      cwd,
    );
    const delivered = new Set(
      (JSON.parse(days.stdout) as { provider: string; day: string }[]).map((d) => `${d.provider} ${d.day}`),
    );
    expect(found.filter((f) => !delivered.has(`${f.provider} ${f.day}`))).toEqual([]);
    // Scores are capped at 100 and rounded to a tenth; the status is one word.
    for (const f of found) {
      expect(Math.abs(f.score)).toBeLessThanOrEqual(100);
      expect(Math.round(f.score * 10) / 10).toBe(f.score);
      expect(['new', 'alerted', 'grouped', 'resolved']).toContain(f.status);
    }
  }, 120_000);
});

/** `finops anomalies` and `finops anomalies backtest` as a user runs them, through the real binary. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import { createFocusCosts, day, steadyRows } from '../detect/helpers.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { startWebhookReceiver } from '../notify/receivers.ts';

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

    const found = await runCli(['anomalies', '--since', '2024-03-25', '--format', 'json'], cwd, env);
    expect(found.code, found.stderr).toBe(0);
    expect(found.stderr).toMatch(/2 series, 2 finding\(s\) from 2024-03-25 to 2024-03-31/);
    expect(JSON.parse(found.stdout)).toEqual([
      expect.objectContaining({
        day: '2024-03-31',
        service: 'Amazon EC2',
        detector: 'seasonal',
        status: 'new',
      }),
      expect.objectContaining({
        day: '2024-03-31',
        service: 'Amazon EC2',
        detector: 'robust',
        status: 'new',
      }),
    ]);
    expect(hook.requests).toHaveLength(0);

    for (let run = 0; run < 2; run++) {
      const notified = await runCli(
        ['anomalies', '--since', '2024-03-25', '--notify', '--format', 'json'],
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
      ['anomalies', '--since', '2024-03-25', '--tag', 'team', '--format', 'csv'],
      cwd,
    );
    expect(byTeam.stdout.split('\n')[0]).toBe(
      'day,provider,sub_account,service,tag_team,currency,detector,actual,expected,impact,change_pct,score,status,resolved',
    );
    expect(byTeam.stdout).toMatch(/^2024-03-31,AWS,111122223333,Amazon EC2,platform,USD,seasonal,/m);
  });

  it('explains what is wrong with the command line', async () => {
    const cwd = await tempDir('anomalies-cli');
    await warehouseWithSpike(cwd);
    const noSink = await runCli(['anomalies', '--notify'], cwd);
    expect(noSink.code).toBe(2);
    expect(noSink.stderr).toContain('error: --notify: no sink takes anomaly alerts');
    const badDate = await runCli(['anomalies', '--since', 'March'], cwd);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--since must be a date YYYY-MM-DD, not "March"');
  });

  it('backtests the detectors and prints precision and recall', async () => {
    const cwd = await tempDir('anomalies-cli');
    const result = await runCli(['anomalies', 'backtest', '--series', '40', '--format', 'json'], cwd);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as { detector: string; precision: number; spike_recall: number }[];
    expect(rows.map((r) => r.detector)).toEqual(['zscore', 'robust', 'seasonal', 'seasonal+robust']);
    expect(rows[2]).toMatchObject({ precision: expect.any(Number), spike_recall: expect.any(Number) });
    expect(result.stderr).toMatch(/40 series x 90 scored days, seed 42: \d+ spikes/);
  });
});

/**
 * The warehouse survives a `kill -9` in the middle of a load, and two imports at once do not corrupt
 * it: the second one refuses clearly, or waits for the first with --wait.
 */
import { describe, expect, it } from 'vitest';
import { generateCurSample } from '../../src/sample/aws-cur/generate.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const importArgs = ['aws', 'import-cur', '--source', 'bucket', '--prefix', 'cur', '--name', 'finops-demo'];

async function totals(cwd: string) {
  const result = await runCli(
    [
      'query',
      'SELECT count(*) AS rows, sum(line_item_unblended_cost)::VARCHAR AS cost FROM aws_billing.billing',
      '--format',
      'json',
    ],
    cwd,
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout)[0];
}

describe('an import killed with SIGKILL in the middle of a load', () => {
  it('leaves the previous version published, and the next run completes', async () => {
    const cwd = await tempDir('crash');
    const first = await generateCurSample({
      out: `${cwd}/bucket`,
      months: 1,
      rows: 500,
      versions: 1,
      seed: 31,
    });
    expect((await runCli(importArgs, cwd)).code).toBe(0);
    const second = await generateCurSample({
      out: `${cwd}/bucket`,
      months: 1,
      // Enough to be mid-read when the kill lands (it is sent the moment the read starts).
      rows: 60_000,
      files: 3,
      versions: 1,
      seed: 32,
    });

    const running = startCli(importArgs, cwd);
    await running.waitFor(/stage 2024-01: reading/);
    running.child.kill('SIGKILL');
    expect((await running.done).signal).toBe('SIGKILL');

    expect(await totals(cwd)).toEqual({
      rows: String(first.periods[0]?.current.rows),
      cost: first.periods[0]?.current.unblendedCost,
    });

    const afterKill = await runCli(['status', '--format', 'json'], cwd);
    expect(JSON.parse(afterKill.stdout)).toMatchObject([
      { billing_period: '2024-01', status: 'interrupted', message: expect.stringMatching(/died mid-load/) },
    ]);

    const rerun = await runCli(importArgs, cwd);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/an earlier load was interrupted/);
    expect(await totals(cwd)).toEqual({
      rows: String(second.periods[0]?.current.rows),
      cost: second.periods[0]?.current.unblendedCost,
    });
    const ledger = await runCli(['status', '--all', '--format', 'json'], cwd);
    expect(JSON.parse(ledger.stdout).map((r: { status: string }) => r.status)).toEqual([
      'succeeded',
      'interrupted',
      'succeeded',
    ]);
    const stages = await runCli(
      [
        'query',
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_name LIKE '%__stage_%'",
        '--format',
        'json',
      ],
      cwd,
    );
    expect(JSON.parse(stages.stdout)).toEqual([{ n: '0' }]);
  }, 120_000);
});

describe('two imports at once', () => {
  it('the second refuses clearly while the first holds the warehouse, or waits with --wait', async () => {
    const cwd = await tempDir('twice');
    const sample = await generateCurSample({
      out: `${cwd}/bucket`,
      months: 1,
      rows: 150_000,
      files: 3,
      versions: 1,
      seed: 33,
    });

    const first = startCli(importArgs, cwd);
    await first.waitFor(/stage 2024-01: reading/);
    const refused = await runCli(importArgs, cwd);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(
      /error: the warehouse finops\.duckdb is in use by another process \(PID \d+\)/,
    );
    expect(refused.stderr).toMatch(/--wait SECONDS/);

    const waiting = startCli([...importArgs, '--wait', '120'], cwd);
    expect((await first.done).code).toBe(0);
    const waited = await waiting.done;
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stdout).toMatch(/unchanged/);
    expect(await totals(cwd)).toEqual({
      rows: String(sample.periods[0]?.current.rows),
      cost: sample.periods[0]?.current.unblendedCost,
    });
  }, 120_000);
});

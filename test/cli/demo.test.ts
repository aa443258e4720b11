import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('finops demo', () => {
  it('generates, imports and shows what landed, then says how to query it', async () => {
    const cwd = await tempDir('demo');
    const result = await runCli(['demo', '--months', '2', '--rows', '400'], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /Loaded billing periods[\s\S]*2024-01\s+\d+\s+[\d.]+\s+[\d.]+\s+USD\s+passed[\s\S]*2024-02/,
    );
    expect(result.stdout).toMatch(/Billed cost per service and month[\s\S]*Amazon Elastic Compute Cloud/);
    expect(result.stdout).toMatch(/npx finops status/);
    const status = await runCli(['status', '--format', 'csv'], cwd);
    expect(status.stdout.trim().split('\n')).toHaveLength(3);
    // Running it again starts over from the same data and ends in the same state.
    const again = await runCli(['demo', '--months', '2', '--rows', '400'], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.split('Billed cost per service')[0]).toBe(
      result.stdout.split('Billed cost per service')[0],
    );
  });
});

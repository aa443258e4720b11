import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('finops demo', () => {
  it('generates, imports and shows what landed, then says how to query it', async () => {
    const cwd = await tempDir('demo');
    const result = await runCli(['demo', '--months', '2', '--rows', '400'], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /Loaded billing periods[\s\S]*AWS\s+2024-01\s+\d+\s+[\d.]+\s+[\d.]+\s+USD\s+passed[\s\S]*Alibaba Cloud\s+2024-02/,
    );
    expect(result.stdout).toMatch(/Billed cost per service category and month:[\s\S]*Compute\s+USD/);
    expect(result.stdout).toMatch(/npx finops status/);
    const status = await runCli(['status', '--format', 'csv'], cwd);
    // AWS CUR per period, Alibaba per period (all its batches), GCP per invoice month, Azure per month:
    // a header and eight rows.
    expect(status.stdout.trim().split('\n')).toHaveLength(9);
    expect(result.stdout).toMatch(/Microsoft\s+2024-02\s+\d+\s+[\d.]+\s+[\d.]+\s+EUR\s+passed/);
    expect(result.stdout).toMatch(/Google Cloud\s+2024-02\s+\d+\s+[\d.]+\s+[\d.]+\s+USD\s+passed/);
    // Running it again starts over from the same data and ends in the same state.
    const again = await runCli(['demo', '--months', '2', '--rows', '400'], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.split('Billed cost per service')[0]).toBe(
      result.stdout.split('Billed cost per service')[0],
    );
  });
});

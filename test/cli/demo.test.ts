import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('finops demo', () => {
  // One first run serves both stories (a demo takes 8-10 s quiet, twice that beside other tests); the
  // second story's rerun comes last, as it is the only step that changes the folder.
  let cwd: string;
  let first: CliResult;

  beforeAll(async () => {
    cwd = await tempDir('demo');
    first = await runCli(['demo', '--months', '2', '--rows', '400'], cwd);
  }, 120_000);

  it('shows every capability on the first run: a tag policy and an allocation rule, then what to try', async () => {
    expect(first.code, first.stderr).toBe(0);
    // The demo's policy, named by a config.toml it wrote because there was none.
    expect(await readFile(path.join(cwd, 'config.toml'), 'utf8')).toContain(
      'policy_file = ".finops/demo-governance.toml"',
    );
    expect(first.stdout).toMatch(/Try next:\n(\s+npx finops [a-z]+.*\n)+/);
    for (const next of ['status', 'serve', 'tags report', 'showback --by cost_center', 'anomalies'])
      expect(first.stdout).toContain(`npx finops ${next}`);

    // Tag compliance under the policy: messy spellings normalized, some rows compliant, some not.
    const tags = await runCli(['tags', 'report', '--format', 'json'], cwd);
    expect(tags.code, tags.stderr).toBe(0);
    const compliance = (JSON.parse(tags.stdout) as { compliance: { compliance: string }[] }).compliance.map(
      (r) => r.compliance,
    );
    expect(compliance).toContain('compliant');
    expect(compliance).toContain('missing');

    // Showback: the shared AWS support cost is split across the cost centers.
    const showback = await runCli(['showback', '--by', 'cost_center', '--format', 'csv'], cwd);
    expect(showback.code, showback.stderr).toBe(0);
    const owners = showback.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    expect(owners.map((r) => r[1])).toEqual(expect.arrayContaining(['CC-1001', 'CC-2040', 'CC-3300']));
    expect(owners.some((r) => Number(r[4]) > 0)).toBe(true);
  });

  it('generates, imports and shows what landed, then says how to query it; run again, ends the same', async () => {
    const result = first;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /Loaded billing periods[\s\S]*AWS\s+2024-01\s+[\d,]+\s+[\d,.]+ USD\s+[\d,.]+ USD\s+USD\s+passed[\s\S]*Alibaba Cloud\s+2024-02/,
    );
    expect(result.stdout).toMatch(/Billed cost per service category and month:[\s\S]*Compute\s+USD/);
    expect(result.stdout).toMatch(/npx finops status/);
    const status = await runCli(['status', '--format', 'csv'], cwd);
    // AWS CUR per period, Alibaba per period (all its batches), GCP per invoice month, Azure per month:
    // a header and eight rows.
    expect(status.stdout.trim().split('\n')).toHaveLength(9);
    expect(result.stdout).toMatch(/Microsoft\s+2024-02\s+[\d,]+\s+[\d,.]+ EUR\s+[\d,.]+ EUR\s+EUR\s+passed/);
    expect(result.stdout).toMatch(
      /Google Cloud\s+2024-02\s+[\d,]+\s+[\d,.]+ USD\s+[\d,.]+ USD\s+USD\s+passed/,
    );
    // Running it again starts over from the same data and ends in the same state; the config.toml the
    // first run wrote is now the user's, and is left alone.
    const again = await runCli(['demo', '--months', '2', '--rows', '400'], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/applied: the tag policy of .*config\.toml/);
    expect(again.stdout.split('Billed cost per service')[0]).toBe(
      result.stdout.split('Billed cost per service')[0],
    );
  }, 120_000);
});

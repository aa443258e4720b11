/**
 * `finops sample azure`, `finops azure list-exports`, `finops azure import` and `finops status` as a user
 * runs them, in a child process, with the exports configured by name in config.toml.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const noAzureEnv = {
  AZURE_STORAGE_CONNECTION_STRING: '',
  AZURE_STORAGE_SAS_URL: '',
  AZURE_STORAGE_ACCOUNT: '',
  FINOPS_AZURE_SOURCE: '',
};
const finops = (args: string[], cwd: string): Promise<CliResult> => runCli(args, cwd, noAzureEnv);

describe('finops azure', () => {
  it('lists and imports configured exports, and status shows the months', async () => {
    const cwd = await tempDir('azure-cli');
    const sample = await finops(
      ['sample', 'azure', '--out', 'container', '--months', '2', '--days', '3', '--rows-per-day', '6'],
      cwd,
    );
    expect(sample.code, sample.stderr).toBe(0);
    expect(sample.stderr).toMatch(/import them with: finops azure import --source container/);
    const billed = /2024-02: (\d+) FOCUS rows, billed ([\d.]+) EUR/.exec(sample.stderr);
    await writeFile(
      path.join(cwd, 'config.toml'),
      '[azure.exports.contoso]\nsource = "./container"\nstart_date = "2024-02"\n',
    );

    const listed = await finops(['azure', 'list-exports', '--format', 'json'], cwd);
    expect(listed.code, listed.stderr).toBe(0);
    expect(
      JSON.parse(listed.stdout).map((r: Record<string, string>) => [
        r.source,
        r.billing_period,
        r.dataset,
        r.state,
      ]),
    ).toEqual([
      ['contoso', '2024-02', 'ActualCost', 'new'],
      ['contoso', '2024-02', 'AmortizedCost', 'new'],
      ['contoso', '2024-02', 'FocusCost', 'new'],
    ]);

    const imported = await finops(['azure', 'import', '--format', 'json'], cwd);
    expect(imported.code, imported.stderr).toBe(0);
    const [month] = JSON.parse(imported.stdout);
    expect(month).toMatchObject({
      source: 'contoso',
      billing_period: '2024-02',
      status: 'loaded',
      focus: 'passed',
    });
    expect(month.billed_cost).toBe(`${(billed?.[2] ?? '?').replace(/\.?0+$/, '')} EUR`);
    expect(month.rows).toBeGreaterThan(Number(billed?.[1]));

    const status = await finops(['status', '--format', 'json'], cwd);
    const azure = JSON.parse(status.stdout).filter((r: Record<string, string>) => r.source_type === 'azure');
    expect(azure.map((r: Record<string, string>) => [r.source_name, r.billing_period, r.status])).toEqual([
      ['contoso', '2024-02', 'succeeded'],
    ]);

    const dryRun = await finops(
      ['azure', 'import', '--source', 'container', '--name', 'adhoc', '--dry-run', '--format', 'json'],
      cwd,
    );
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(JSON.parse(dryRun.stdout).map((r: Record<string, string>) => r.status)).toEqual([
      'would load',
      'would load',
    ]);
  });

  it('says how to give a storage account when az:// has none', async () => {
    const cwd = await tempDir('azure-cli');
    const result = await finops(['azure', 'import', '--source', 'az://cost-exports/finops'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no Azure storage account for az:\/\/ locations/);
    expect(result.stderr).toMatch(/AZURE_STORAGE_CONNECTION_STRING/);
  });
});

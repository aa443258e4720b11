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

    const listed = await finops(['azure', 'list', '--format', 'json'], cwd);
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
    // One row per export scope: the billing account's ActualCost + AmortizedCost, the FocusCost subscription.
    const scopes = JSON.parse(imported.stdout);
    expect(scopes.map((r: Record<string, string>) => [r.billing_period, r.part, r.status, r.focus])).toEqual([
      ['2024-02', 'billingaccounts/08121965', 'loaded', 'passed'],
      ['2024-02', 'subscriptions/2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e', 'loaded', 'passed'],
    ]);
    const scaled = (cost: string) => {
      const [whole, fraction = ''] = cost.replace(/ EUR$/, '').split('.');
      return BigInt(`${whole}${fraction.padEnd(18, '0')}`);
    };
    const totalOf = (costs: string[]) => costs.map(scaled).reduce((a, b) => a + b, 0n);
    expect(totalOf(scopes.map((r: { billed_cost: { EUR: string } }) => r.billed_cost.EUR))).toBe(
      totalOf([billed?.[2] ?? '?']),
    );
    expect(scopes.reduce((n: number, r: { rows: number }) => n + r.rows, 0)).toBeGreaterThan(
      Number(billed?.[1]),
    );

    const status = await finops(['status', '--format', 'json'], cwd);
    const azure = JSON.parse(status.stdout).filter((r: Record<string, string>) => r.source_type === 'azure');
    expect(azure.map((r: Record<string, string>) => [r.source_name, r.billing_period, r.status])).toEqual([
      ['contoso', '2024-02', 'succeeded'],
    ]);

    // The same container under another name is the same bill: refused unless asked for.
    const adhoc = [
      'azure',
      'import',
      '--source',
      'container',
      '--name',
      'adhoc',
      '--dry-run',
      '--format',
      'json',
    ];
    const twice = await finops(adhoc, cwd);
    expect(twice.code).toBe(3);
    expect(twice.stderr).toMatch(/already published as source "contoso"/);
    const dryRun = await finops([...adhoc, '--allow-duplicate'], cwd);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(JSON.parse(dryRun.stdout).map((r: Record<string, string>) => r.status)).toEqual(
      Array(4).fill('would load'),
    );
  });

  it('says how to give a storage account when az:// has none', async () => {
    const cwd = await tempDir('azure-cli');
    const result = await finops(['azure', 'import', '--source', 'az://cost-exports/finops'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no Azure storage account for az:\/\/ locations/);
    expect(result.stderr).toMatch(/AZURE_STORAGE_CONNECTION_STRING/);
  });
});

/**
 * `finops sample gcp` and `finops gcp import` as a user runs them, in a child process: exported files
 * from a folder, a configured export (`[gcp.exports.<name>]`) in Cloud Storage (a local stand-in of the
 * GCS JSON API), `--dry-run`, an unchanged month, and the usage errors of a BigQuery import.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.ts';
import { type GcsStandIn, startGcsStandIn } from '../helpers/gcs-standin.ts';
import { tempDir } from '../helpers/tmp.ts';

const finops = (args: string[], cwd: string): Promise<CliResult> => runCli(args, cwd);
const json = (r: CliResult) => JSON.parse(r.stdout) as Record<string, unknown>[];

let gcs: GcsStandIn;
beforeAll(async () => {
  gcs = await startGcsStandIn();
});
afterAll(() => gcs.stop());

describe('finops gcp', () => {
  it('imports a generated export from a folder, then only what changed', async () => {
    const cwd = await tempDir('gcp-cli');
    const sample = await finops(['sample', 'gcp', '--out', 'bucket', '--months', '2', '--days', '3'], cwd);
    expect(sample.code, sample.stderr).toBe(0);
    const invoiced = [...sample.stderr.matchAll(/(\d{4}-\d{2}): \d+ rows, .* invoiced ([\d.]+) USD/g)].map(
      (m) => [m[1], m[2]],
    );
    expect(invoiced.length).toBe(2);
    expect(sample.stderr).toMatch(/import it with: finops gcp import --source bucket\/gcp-billing/);

    const dry = await finops(
      ['gcp', 'import', '--source', 'bucket/gcp-billing', '--dry-run', '--format', 'json'],
      cwd,
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(json(dry).map((r) => [r.billing_period, r.status])).toEqual([
      ['2024-01', 'would load'],
      ['2024-02', 'would load'],
    ]);

    const imported = await finops(
      ['gcp', 'import', '--source', 'bucket/gcp-billing', '--format', 'json'],
      cwd,
    );
    expect(imported.code, imported.stderr).toBe(0);
    const usd = (r: Record<string, unknown>) => (r.billed_cost as { USD: string }).USD.replace(/0+$/, '');
    expect(json(imported).map((r) => [r.billing_period, r.status, usd(r), r.focus])).toEqual(
      invoiced.map(([month, cost]) => [month, 'loaded', cost?.replace(/0+$/, ''), 'passed']),
    );
    const again = await finops(
      ['gcp', 'import', '--source', 'bucket/gcp-billing', '--period', '2024-02', '--format', 'json'],
      cwd,
    );
    expect(json(again).map((r) => [r.billing_period, r.status])).toEqual([['2024-02', 'unchanged']]);
  });

  it('imports a configured export from Cloud Storage by name', async () => {
    const cwd = await tempDir('gcp-cli-gcs');
    const sample = await finops(['sample', 'gcp', '--out', 'bucket', '--months', '1', '--days', '2'], cwd);
    expect(sample.code, sample.stderr).toBe(0);
    await gcs.uploadFolder('acme-exports', path.join(cwd, 'bucket'));
    await writeFile(
      path.join(cwd, 'config.toml'),
      `[gcp.exports.billing]\nsource = "gs://acme-exports/gcp-billing"\nstorage_endpoint = "${gcs.endpoint}"\nproject_id = "acme-billing"\n`,
    );
    const imported = await finops(['gcp', 'import', '--name', 'billing', '--format', 'json'], cwd);
    expect(imported.code, imported.stderr).toBe(0);
    expect(json(imported).map((r) => [r.source, r.billing_period, r.status])).toEqual([
      ['billing', '2024-01', 'loaded'],
    ]);
  });

  it('says what is missing for a BigQuery import, before touching anything', async () => {
    const cwd = await tempDir('gcp-cli-usage');
    const table = 'acme-billing.billing.gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9';
    const noMonth = await finops(['gcp', 'import', '--table', table], cwd);
    expect(noMonth.code).toBe(2);
    expect(noMonth.stderr).toMatch(/which invoice month\?.*\n.*--period YYYY-MM/);
  });
});

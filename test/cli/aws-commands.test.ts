/**
 * The AWS commands as a user runs them: the real `finops` binary against a real S3 API (s3rver), with
 * credentials from the environment and the endpoint from a flag, then status and query on the result.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trimDecimal } from '../../src/format.ts';
import { generateCurSample } from '../../src/sample/aws-cur/generate.ts';
import { runCli } from '../helpers/cli.ts';
import { type LocalS3, startLocalS3 } from '../helpers/local-s3.ts';
import { tempDir } from '../helpers/tmp.ts';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
  await s3.createBucket('acme-billing');
});
afterAll(() => s3.stop());

const env = () => ({ FINOPS_S3_CHECKSUMS_WHEN_REQUIRED: 'true', FINOPS_S3_ENDPOINT: s3.endpoint });

describe('finops aws commands against an S3 bucket', () => {
  it('lists manifests, imports, skips unchanged periods, and shows the ledger', async () => {
    const cwd = await tempDir('cli');
    const local = await tempDir('gen');
    const sample = await generateCurSample({ out: local, months: 2, rows: 300, seed: 41 });
    await s3.uploadFolder('acme-billing', local);
    const source = ['--bucket', 'acme-billing', '--prefix', 'cur', '--name', 'finops-demo'];

    const listed = await runCli(['aws', 'list-manifests', ...source, '--format', 'json'], cwd, env());
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual(
      sample.periods.map((p) => ({
        source: 'finops-demo',
        billing_period: p.period,
        cur_version: 'v1',
        version_id: p.current.versionId,
        manifest: p.current.manifestKey,
        files: 2,
        bytes: p.current.files.reduce((s, f) => s + f.size, 0),
        loaded: 'no',
      })),
    );

    const dry = await runCli(['aws', 'import-cur', ...source, '--dry-run', '--format', 'csv'], cwd, env());
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.split('\n').filter((l) => l.includes('would load'))).toHaveLength(2);

    const imported = await runCli(['aws', 'import-cur', ...source, '--format', 'json'], cwd, env());
    expect(imported.code, imported.stderr).toBe(0);
    expect(
      JSON.parse(imported.stdout).map((r: { status: string; billed_cost: Record<string, string> }) => [
        r.status,
        Object.keys(r.billed_cost),
        trimDecimal(r.billed_cost.USD ?? ''),
      ]),
    ).toEqual(sample.periods.map((p) => ['loaded', ['USD'], trimDecimal(p.current.unblendedCost)]));

    const again = await runCli(['aws', 'import-cur', ...source, '--format', 'json'], cwd, env());
    expect(JSON.parse(again.stdout).map((r: { status: string }) => r.status)).toEqual([
      'unchanged',
      'unchanged',
    ]);
    expect(again.stderr).toMatch(/2024-01: version .* is already loaded; nothing to do/);

    const listedAfter = await runCli(['aws', 'list-manifests', ...source, '--format', 'json'], cwd, env());
    expect(JSON.parse(listedAfter.stdout).map((r: { loaded: string }) => r.loaded)).toEqual(['yes', 'yes']);

    const status = await runCli(['status', '--format', 'json'], cwd);
    expect(
      JSON.parse(status.stdout).map((r: { billing_period: string; status: string; rows: number }) => [
        r.billing_period,
        r.status,
        r.rows,
      ]),
    ).toEqual(sample.periods.map((p) => [p.period, 'succeeded', p.current.rows]));
  });

  it('imports every export named in config.toml', async () => {
    const cwd = await tempDir('cli');
    const local = await tempDir('gen');
    await generateCurSample({
      out: local,
      months: 1,
      rows: 200,
      seed: 42,
      exportName: 'second',
      prefix: 'team-b',
    });
    await s3.uploadFolder('acme-billing', local);
    await writeFile(
      path.join(cwd, 'config.toml'),
      `[aws.exports.main]\nsource = "s3://acme-billing/cur"\nexport_name = "finops-demo"\n\n[aws.exports.team-b]\nbucket = "acme-billing"\nprefix = "team-b"\nexport_name = "second"\n`,
    );
    const imported = await runCli(['aws', 'import-cur', '--format', 'json'], cwd, env());
    expect(imported.code, imported.stderr).toBe(0);
    expect(
      JSON.parse(imported.stdout).map((r: { source: string; status: string }) => [r.source, r.status]),
    ).toEqual([
      ['main', 'loaded'],
      ['main', 'loaded'],
      ['team-b', 'loaded'],
    ]);
    const query = await runCli(
      [
        'query',
        'SELECT finops_source_name AS s, count(*) AS n FROM aws_billing.billing GROUP BY ALL ORDER BY 1',
        '--format',
        'csv',
      ],
      cwd,
    );
    expect(query.stdout).toMatch(/^s,n\nmain,\d+\nteam-b,\d+\n$/);
  });

  it('explains usage mistakes with exit code 2', async () => {
    const cwd = await tempDir('cli');
    const none = await runCli(['aws', 'import-cur'], cwd);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/error: no AWS export given\nhint: pass --source/);
    const badVersion = await runCli(
      ['aws', 'list-manifests', '--source', '.', '--name', 'x', '--cur-version', 'v3'],
      cwd,
    );
    expect(badVersion.code).toBe(2);
    expect(badVersion.stderr).toMatch(/cur_version/);
    const unknown = await runCli(['aws', 'import-cur', '--bogus'], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--bogus'/);
    const noDb = await runCli(['status'], cwd);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/no warehouse at finops\.duckdb/);
    const help = await runCli(['aws', 'import-cur', '--help'], cwd);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:\n {2}finops aws import --source s3:\/\/my-billing\/cur/);
  });

  it('names the file and line of a bad row and exits with code 3', async () => {
    const cwd = await tempDir('cli');
    await generateCurSample({
      out: path.join(cwd, 'bucket'),
      months: 1,
      rows: 100,
      versions: 1,
      seed: 43,
      compression: 'zip',
    });
    const { readdir } = await import('node:fs/promises');
    const folder = path.join(cwd, 'bucket/cur/finops-demo/20240101-20240201');
    const [assembly] = (await readdir(folder)).filter((f) => !f.endsWith('.json'));
    await writeFile(path.join(folder, assembly as string, 'finops-demo-00002.csv.zip'), 'not a zip');
    const result = await runCli(
      ['aws', 'import-cur', '--source', 'bucket', '--prefix', 'cur', '--name', 'finops-demo'],
      cwd,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/finops-demo-00002\.csv\.zip: not a readable zip file/);
  });
});

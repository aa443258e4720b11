import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAwsExports } from '../../src/config/aws.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { FinopsError } from '../../src/errors.ts';
import { tempDir } from '../helpers/tmp.ts';

const toml = `
[warehouse]
path = "from-file.duckdb"
memory_limit = "2GB"

[aws.exports.payer-a]
source = "s3://billing-a/cur"
export_name = "monthly-cur"
cur_version = "v1"

[aws.exports.payer-b]
bucket = "billing-b"
prefix = "exports"
cur_version = "v2"
region = "eu-west-1"
`;

describe('configuration precedence: flags > FINOPS_* > config.toml > defaults', () => {
  it('takes each key from the strongest place that sets it', async () => {
    const cwd = await tempDir('cfg');
    await writeFile(path.join(cwd, 'config.toml'), toml);
    const fileOnly = loadConfig({ cwd, env: {} }).config;
    expect(fileOnly.warehouse).toMatchObject({ path: 'from-file.duckdb', memory_limit: '2GB' });
    expect(fileOnly.cache.dir).toBe('.finops/cache');

    const withEnv = loadConfig({
      cwd,
      env: { FINOPS_DATABASE: 'from-env.duckdb', FINOPS_CACHE_CONCURRENCY: '8' },
    }).config;
    expect(withEnv.warehouse.path).toBe('from-env.duckdb');
    expect(withEnv.warehouse.memory_limit).toBe('2GB');
    expect(withEnv.cache.concurrency).toBe(8);

    const withFlags = loadConfig({
      cwd,
      env: { FINOPS_DATABASE: 'from-env.duckdb' },
      overrides: { warehouse: { path: 'flag.duckdb' } },
    });
    expect(withFlags.config.warehouse.path).toBe('flag.duckdb');
    expect(withFlags.file).toBe(path.join(cwd, 'config.toml'));
  });

  it('reports a wrong key or value with its path, and a TOML error with its line', async () => {
    const cwd = await tempDir('cfg');
    await writeFile(path.join(cwd, 'config.toml'), '[warehouse]\nmemory_limt = "1GB"\n');
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/warehouse: unknown key "memory_limt"/);
    await writeFile(path.join(cwd, 'config.toml'), '[aws.exports.x]\ncur_version = "v3"\n');
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/aws\.exports\.x\.cur_version/);
    await writeFile(path.join(cwd, 'config.toml'), '[warehouse]\npath = \n');
    try {
      loadConfig({ cwd, env: {} });
      expect.unreachable();
    } catch (error) {
      expect((error as FinopsError).line).toBe(2);
      expect((error as FinopsError).describe()).toMatch(/config\.toml:2: invalid TOML/);
    }
    await writeFile(path.join(cwd, 'config.toml'), '');
    expect(() => loadConfig({ cwd, env: { FINOPS_CACHE_CONCURRENCY: 'many' } })).toThrow(
      /FINOPS_CACHE_CONCURRENCY="many" is not a valid number/,
    );
    expect(() => loadConfig({ configPath: path.join(cwd, 'nope.toml'), env: {} })).toThrow(
      /configuration file not found/,
    );
  });
});

describe('AWS exports by name', () => {
  it('uses every configured export when the command names none', async () => {
    const cwd = await tempDir('cfg');
    await writeFile(path.join(cwd, 'config.toml'), toml);
    const { config } = loadConfig({ cwd, env: {} });
    const targets = resolveAwsExports(config, {}, {});
    expect(targets.map((t) => [t.name, t.location, t.exportName, t.curVersion, t.s3.region])).toEqual([
      ['payer-a', 's3://billing-a/cur', 'monthly-cur', 'v1', undefined],
      ['payer-b', 's3://billing-b/exports', 'payer-b', 'v2', 'eu-west-1'],
    ]);
  });

  it('picks one configured export by its name or export name, with flags and FINOPS_AWS_* on top', async () => {
    const cwd = await tempDir('cfg');
    await writeFile(path.join(cwd, 'config.toml'), toml);
    const { config } = loadConfig({ cwd, env: {} });
    const [byExportName] = resolveAwsExports(
      config,
      { export_name: 'monthly-cur', start_date: '2024-02' },
      { FINOPS_AWS_END_DATE: '2024-05' },
    );
    expect(byExportName).toMatchObject({
      name: 'payer-a',
      location: 's3://billing-a/cur',
      startDate: '2024-02',
      endDate: '2024-05',
    });
    const [adHoc] = resolveAwsExports(config, { source: './local', export_name: 'other' }, {});
    expect(adHoc).toMatchObject({ name: 'other', location: './local', exportName: 'other' });
    expect(() => resolveAwsExports(config, { export_name: 'x', cur_version: 'v9' as 'v1' }, {})).toThrow(
      /cur_version/,
    );
  });

  it('says what to do when nothing is configured', () => {
    const { config } = loadConfig({ cwd: '/nonexistent', env: {} });
    expect(() => resolveAwsExports(config, {}, {})).toThrow(/no AWS export given/);
  });
});

describe('[anomalies]: sensitivity and gates, per group of series', () => {
  it('reads the groups of config.toml.example, in order, and names a wrong key with its path', async () => {
    const cwd = await tempDir('cfg');
    const example = await readFile(path.resolve(import.meta.dirname, '../../config.toml.example'), 'utf8');
    // The example's groups are commented out; a user uncomments them.
    const groups = example.replace(
      /^# (\[\[anomalies\.groups\]\]|name = "gpus"|match = .*|min_impact = 50|sensitivity = "high")$/gm,
      '$1',
    );
    await writeFile(path.join(cwd, 'config.toml'), groups);
    const { anomalies } = loadConfig({ cwd, env: {} }).config;
    expect(anomalies).toMatchObject({ detectors: ['forecast'], sensitivity: 'medium', min_impact: 10 });
    expect(anomalies.groups).toEqual([
      { name: 'gpus', match: { provider: 'AWS', service: 'Amazon EC2*' }, min_impact: 50 },
      { match: { sub_account: 'data-*' }, sensitivity: 'high' },
    ]);
    await writeFile(
      path.join(cwd, 'config.toml'),
      '[[anomalies.groups]]\nmatch = { servce = "EC2" }\nsensitivity = "extreme"\n',
    );
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/anomalies\.groups\.0/);
  });
});

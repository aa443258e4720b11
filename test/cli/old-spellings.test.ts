/**
 * A script written before the one command language (README, "Command language") still runs: every old
 * spelling of a command or flag does what the new one does, and says once on stderr what to write now.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const officialSample = path.resolve(
  import.meta.dirname,
  '../../../shared/samples/focus-1.0/focus_sample.csv',
);

let cwd: string;
beforeAll(async () => {
  // One folder for the whole file (tempDir's folders go after each test): the samples are made once.
  cwd = await mkdtemp(path.join(os.tmpdir(), 'old-spellings-'));
  for (const args of [
    ['sample', 'aws-cur', '--out', 'cur', '--months', '2', '--rows', '20', '--versions', '1'],
    ['sample', 'azure', '--out', 'container', '--months', '1', '--days', '2'],
    ['sample', 'alibaba', '--out', 'oss', '--months', '2', '--days', '1', '--rows-per-day', '5'],
    ['sample', 'gcp', '--out', 'bucket', '--months', '2', '--days', '1'],
  ]) {
    const made = await runCli(args, cwd);
    expect(made.code, made.stderr).toBe(0);
  }
  const loaded = await runCli(['focus', 'import', '--source', officialSample, '--name', 'official'], cwd);
  expect(loaded.code, loaded.stderr).toBe(0);
});

afterAll(() => rm(cwd, { recursive: true, force: true }));

/** [what a script wrote, what it writes now, the notes the old line prints] */
const spellings: [string[], string[], string[]][] = [
  [
    [
      'aws',
      'list-manifests',
      '--source',
      'cur',
      '--prefix',
      'cur',
      '--export-name',
      'finops-demo',
      '--start-date',
      '2024-02',
      '--end-date',
      '2024-02',
    ],
    ['aws', 'list', '--source', 'cur', '--prefix', 'cur', '--name', 'finops-demo', '--period', '2024-02'],
    [
      '--export-name is deprecated, use --name',
      '--start-date is deprecated, use --start',
      '--end-date is deprecated, use --end',
    ],
  ],
  [
    ['azure', 'list-exports', '--source', 'container', '--export', 'focus-daily'],
    ['azure', 'list', '--source', 'container', '--only', 'focus-daily'],
    ['finops azure list-exports is deprecated, use finops azure list', '--export is deprecated, use --only'],
  ],
  [
    ['alibaba', 'list', '--source', 'oss', '--prefix', 'billing/focus', '--start-date', '2024-02'],
    ['alibaba', 'list', '--source', 'oss', '--prefix', 'billing/focus', '--start', '2024-02'],
    ['--start-date is deprecated, use --start'],
  ],
  [
    ['gcp', 'import', '--source', 'bucket/gcp-billing', '--month', '2024-02', '--dry-run'],
    ['gcp', 'import', '--source', 'bucket/gcp-billing', '--period', '2024-02', '--dry-run'],
    ['--month is deprecated, use --period'],
  ],
  [
    ['focus', 'import', officialSample, '--name', 'official', '--dry-run'],
    ['focus', 'import', '--source', officialSample, '--name', 'official', '--dry-run'],
    ['finops focus import LOCATION is deprecated, use finops focus import --source LOCATION'],
  ],
  [
    ['status', '--source', 'official'],
    ['status', '--name', 'official'],
    ['--source is deprecated, use --name'],
  ],
];

describe('old spellings', () => {
  it.each(spellings)('%j still works and names the new spelling', async (old, now, notes) => {
    const before = await runCli([...old, '--format', 'json'], cwd);
    const after = await runCli([...now, '--format', 'json'], cwd);
    expect(before.code, before.stderr).toBe(0);
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(before.stdout)).toEqual(JSON.parse(after.stdout));
    expect(JSON.parse(before.stdout).length).toBeGreaterThan(0);
    for (const note of notes) expect(before.stderr).toContain(`note: ${note}`);
    expect(after.stderr).not.toContain('deprecated');
  });

  it('the Open FinOps Stack words (aws list-manifests, aws import-cur) are aliases, not deprecated', async () => {
    const imported = await runCli(
      ['aws', 'import-cur', '--source', 'cur', '--prefix', 'cur', '--name', 'finops-demo', '--dry-run'],
      cwd,
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).not.toContain('deprecated');
  });

  it('values given the old way reach the new option: sample files, anomaly days, forget', async () => {
    const sample = await runCli(
      [
        'sample',
        'aws-cur',
        '--out',
        'parquet',
        '--months',
        '1',
        '--rows',
        '5',
        '--versions',
        '1',
        '--cur-version',
        'v2',
        '--format',
        'parquet',
        '--export-name',
        'old',
      ],
      cwd,
    );
    expect(sample.code, sample.stderr).toBe(0);
    expect(sample.stderr).toContain('note: --format is deprecated, use --file-format');
    expect(sample.stderr).toContain('note: --export-name is deprecated, use --name');
    const files = readdirSync(path.join(cwd, 'parquet/cur/old'), { recursive: true }).map(String);
    expect(files.some((f) => f.endsWith('.parquet'))).toBe(true);

    const anomalies = await runCli(['anomalies', '--since', 'March'], cwd);
    expect(anomalies.stderr).toContain('note: --since is deprecated, use --start');
    expect(anomalies.stderr).toContain('--start must be YYYY-MM-DD or YYYY-MM, not "March"');

    const forget = await runCli(['forget', '--source', 'nobody', '--period', '2024-01'], cwd);
    expect(forget.stderr).toContain('note: --source is deprecated, use --name');
    expect(forget.stderr).toContain('the ledger knows no source named "nobody"');
  });
});

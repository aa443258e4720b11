/**
 * A user loads the demo's files a second time under the default name: every provider refuses, naming
 * the source that already has them (exit 3), and `--allow-duplicate` loads them anyway.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const providers = [
  {
    provider: 'gcp',
    sample: ['sample', 'gcp', '--out', 'files', '--months', '1', '--days', '2'],
    importAs: (name: string) => ['gcp', 'import', '--source', 'files', '--name', name],
  },
  {
    provider: 'azure',
    sample: ['sample', 'azure', '--out', 'files', '--months', '1', '--days', '2', '--rows-per-day', '4'],
    importAs: (name: string) => ['azure', 'import', '--source', 'files', '--name', name],
  },
  {
    provider: 'alibaba',
    sample: ['sample', 'alibaba', '--out', 'files', '--months', '1', '--days', '2', '--rows-per-day', '4'],
    importAs: (name: string) => [
      'alibaba',
      'import',
      '--source',
      './files',
      '--prefix',
      'billing/focus',
      '--name',
      name,
    ],
  },
];

describe.each(providers)('the same $provider files under a second name', ({ sample, importAs }) => {
  it('are refused naming the source that has them, and load with --allow-duplicate', async () => {
    const cwd = await tempDir('duplicate-cli');
    expect((await runCli(sample, cwd)).code).toBe(0);
    const first = await runCli([...importAs('prod'), '--format', 'json'], cwd);
    expect(first.code, first.stderr).toBe(0);

    const again = await runCli([...importAs('copy'), '--format', 'json'], cwd);
    expect(again.code, again.stderr).toBe(3);
    const rows = JSON.parse(again.stdout) as { status: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'failed')).toBe(true);
    expect(again.stderr).toMatch(/already published as source "prod"/);
    expect(again.stderr).toMatch(/--allow-duplicate/);

    const allowed = await runCli([...importAs('copy'), '--allow-duplicate', '--format', 'json'], cwd);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect((JSON.parse(allowed.stdout) as { status: string }[]).every((r) => r.status === 'loaded')).toBe(
      true,
    );
  });
});

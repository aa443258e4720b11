/**
 * `finops export cbf` as a user runs it: the demo's warehouse published to a folder laid out like a
 * CloudZero AnyCost bucket, listed, reverted, a month emptied, and the mistakes refused with exit code 2.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('finops export cbf', () => {
  it('says in its help how to export a warehouse in several currencies', async () => {
    const help = await runCli(['export', 'cbf', '--help'], await tempDir('cbf-help'));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--currency <code>\s+only this BillingCurrency/);
    expect(help.stdout).toMatch(/finops export cbf --to \S+ --currency USD/);
  });

  it('publishes, lists, reverts and empties drops, and refuses what CloudZero cannot read', async () => {
    const cwd = await tempDir('cbf-cli');
    expect((await runCli(['demo', '--months', '2', '--rows', '300'], cwd)).code).toBe(0);

    // The demo bills Azure in EUR and the rest in USD; a CloudZero connection takes one currency.
    const mixed = await runCli(['export', 'cbf', '--to', './cz'], cwd);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/costs in EUR, USD; a CloudZero drop holds one currency[\s\S]*--currency/);

    const exported = await runCli(
      ['export', 'cbf', '--to', './cz', '--currency', 'USD', '--format', 'json'],
      cwd,
    );
    expect(exported.code, exported.stderr).toBe(0);
    const months = JSON.parse(exported.stdout) as {
      billing_period: string;
      status: string;
      drop_id: string;
    }[];
    expect(months.map((m) => `${m.billing_period}:${m.status}`)).toEqual([
      '2024-01:published',
      '2024-02:published',
    ]);
    const first = months[0]?.drop_id as string;
    const manifest = path.join(cwd, 'cz', '20240101-20240201', 'manifest.json');
    expect(JSON.parse(await readFile(manifest, 'utf8'))).toEqual({
      version: '1.0.0',
      current_drop_id: first,
    });

    const forced = await runCli(
      [
        'export',
        'cbf',
        '--to',
        './cz',
        '--currency',
        'USD',
        '--period',
        '2024-01',
        '--force',
        '--format',
        'json',
      ],
      cwd,
    );
    const second = JSON.parse(forced.stdout)[0].drop_id as string;
    expect(second > first).toBe(true);

    const drops = await runCli(
      ['export', 'cbf', 'drops', '--to', './cz', '--period', '2024-01', '--format', 'json'],
      cwd,
    );
    expect(drops.code, drops.stderr).toBe(0);
    expect(
      JSON.parse(drops.stdout).map((d: { drop_id: string; current: string }) => [d.drop_id, d.current]),
    ).toEqual([
      [first, 'no'],
      [second, 'yes'],
    ]);

    const reverted = await runCli(
      ['export', 'cbf', '--to', './cz', '--period', '2024-01', '--revert', first],
      cwd,
    );
    expect(reverted.code, reverted.stderr).toBe(0);
    expect(JSON.parse(await readFile(manifest, 'utf8')).current_drop_id).toBe(first);

    const emptied = await runCli(
      ['export', 'cbf', '--to', './cz', '--period', '2024-02', '--empty', '--format', 'json'],
      cwd,
    );
    expect(JSON.parse(emptied.stdout)[0]).toMatchObject({ status: 'published', rows: 0 });

    const bucketRoot = await runCli(['export', 'cbf', '--to', 's3://acme-cloudzero'], cwd);
    expect(bucketRoot.code).toBe(2);
    expect(bucketRoot.stderr).toMatch(/bucket's root/);
    const noMonths = await runCli(['export', 'cbf', '--to', './cz', '--empty'], cwd);
    expect(noMonths.code).toBe(2);
    expect(noMonths.stderr).toMatch(/--empty needs the months/);
  });
});

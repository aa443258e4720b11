/**
 * What a person reads and what a program parses, from the same command: on a terminal amounts are
 * rounded to the currency's minor unit with thousands separators and the code, numbers right-aligned and
 * `status` fits 120 columns (everything with --wide); JSON keeps the exact amount as text beside its
 * currency, counts as numbers and times in ISO 8601; --format works on every command that prints rows.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const officialSample = path.resolve(
  import.meta.dirname,
  '../../../shared/samples/focus-1.0/focus_sample.csv',
);

async function loaded(): Promise<string> {
  const dir = await tempDir('output');
  const imported = await runCli(['focus', 'import', '--source', officialSample, '--name', 'official'], dir);
  expect(imported.code, imported.stderr).toBe(0);
  return dir;
}

describe('output', () => {
  it('status on a terminal: rounded money with its currency, right-aligned, 120 columns', async () => {
    const dir = await loaded();
    const table = await runCli(['status', '--format', 'table'], dir);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(120);
    const header = lines[0] as string;
    const row = lines.find((l) => l.startsWith('official') && l.includes('2024-09')) as string;
    expect(row).toContain('20.28 USD');
    // Right-aligned: the amount ends where the column's header ends.
    expect(row.indexOf('20.28 USD') + '20.28 USD'.length).toBe(header.indexOf('cost') + 'cost'.length);
    expect(header).not.toContain('version_id');

    const wide = await runCli(['status', '--format', 'table', '--wide'], dir);
    expect(wide.stdout.split('\n')[0]).toContain('version_id');
    expect(wide.stdout).toMatch(/sha256:[0-9a-f]{32}/);
  });

  it('status for a program: exact amounts as text, the currency apart, counts as numbers, ISO times', async () => {
    const dir = await loaded();
    const json = await runCli(['status', '--format', 'json'], dir);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    const september = rows.find((r) => r.billing_period === '2024-09') as Record<string, unknown>;
    expect(september.cost).toEqual({ USD: expect.stringMatching(/^20\.280226728990*$/) });
    expect(september.rows).toBe(999);
    expect(september.files).toBe(1);
    expect(september.started_utc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    const csv = await runCli(['status', '--format', 'csv'], dir);
    expect(csv.stdout).toMatch(/,999,20\.28022672899\d* USD,/);
  });

  it('--format table, csv, json and ndjson work on every command that prints rows', async () => {
    const dir = await loaded();
    for (const args of [
      ['focus', 'validate'],
      ['focus', 'list', '--source', officialSample],
      ['status', '--periods'],
      ['query', 'SELECT 1 AS one'],
    ]) {
      for (const format of ['table', 'csv', 'json', 'ndjson']) {
        const result = await runCli([...args, '--format', format], dir);
        expect(result.code, `${args.join(' ')} --format ${format}: ${result.stderr}`).toBe(0);
        expect(result.stdout.length).toBeGreaterThan(0);
        if (format === 'json') expect(() => JSON.parse(result.stdout)).not.toThrow();
      }
    }
    const rules = await runCli(['focus', 'validate', '--format', 'csv'], dir);
    expect(rules.stdout.split('\n')[0]).toBe(
      'rule_id,reference,level,keyword,status,failing_rows,checked_rows,reason,defect',
    );
  });
});

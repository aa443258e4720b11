/** `finops focus import` and `finops focus validate` as a user runs them, through the real binary. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

// Official FOCUS 1.0 sample, CC BY 4.0 (../shared/samples/PROVENANCE.md).
const officialSample = path.resolve(
  import.meta.dirname,
  '../../../shared/samples/focus-1.0/focus_sample.csv',
);

describe('finops focus', () => {
  it('imports a native FOCUS file and reports how conformant it is', async () => {
    const cwd = await tempDir('focus-cli');
    const imported = await runCli(['focus', 'import', '--source', officialSample, '--format', 'json'], cwd);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/column Id is not a FOCUS column; kept as x_Id/);
    expect(imported.stderr).toMatch(/FOCUS 1\.0 detected/);
    const rows = JSON.parse(imported.stdout);
    expect(rows.map((r: { billing_period: string; rows: number }) => [r.billing_period, r.rows])).toEqual([
      ['2024-09', 999],
      ['2024-10', 1],
    ]);

    // FOCUS 1.0 data lacks columns 1.2 made mandatory: --strict turns that into exit code 3.
    const junit = await runCli(
      ['focus', 'validate', '--period', '2024-09', '--format', 'junit', '--strict'],
      cwd,
    );
    expect(junit.code).toBe(3);
    expect(junit.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(junit.stdout).toMatch(/name="ServiceSubcategory-C-002-M :: CheckNotValue">\n\s*<failure/);

    const again = await runCli(['focus', 'import', '--source', officialSample], cwd);
    expect(again.stdout).toMatch(/unchanged/);
  });

  it('passes strict validation on the demo data', async () => {
    const cwd = await tempDir('focus-cli');
    expect((await runCli(['demo', '--months', '1', '--rows', '500'], cwd)).code).toBe(0);
    const validated = await runCli(
      ['focus', 'validate', '--provider', 'AWS', '--strict', '--format', 'json'],
      cwd,
    );
    expect(validated.code, validated.stderr).toBe(0);
    const report = JSON.parse(validated.stdout);
    expect(report.summary).toMatchObject({ fail: 0, mandatoryFailures: 0 });

    // A provider typed in lower case is the same provider: the same rows are checked.
    const lower = await runCli(
      ['focus', 'validate', '--provider', 'aws', '--strict', '--format', 'json'],
      cwd,
    );
    expect(lower.code, lower.stderr).toBe(0);
    expect(JSON.parse(lower.stdout).rows).toBe(report.rows);
    expect(report.rows).toBeGreaterThan(0);

    // A filter that matches nothing is not a pass, with or without --strict: it says what there is.
    for (const strict of [[], ['--strict']]) {
      const none = await runCli(['focus', 'validate', '--provider', 'oracle', ...strict], cwd);
      expect(none.code).toBe(3);
      expect(none.stdout).toBe('');
      expect(none.stderr).toMatch(/no rows match --provider oracle: there is nothing to validate/);
      expect(none.stderr).toMatch(/providers AWS, Alibaba Cloud, Google Cloud, Microsoft/);
    }
    const noPeriod = await runCli(['focus', 'validate', '--period', '2019-01'], cwd);
    expect(noPeriod.code).toBe(3);
    expect(noPeriod.stderr).toMatch(/no rows match --period 2019-01/);

    // One line per rule for a spreadsheet, like every other command's --format csv.
    const csv = await runCli(['focus', 'validate', '--provider', 'AWS', '--format', 'csv'], cwd);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('rule_id,reference,level,keyword,status,failing_rows,checked_rows,reason,defect');
    expect(lines.length - 1).toBe(report.results.length);
    expect(lines.some((l) => /^BilledCost-C-\d+-M,BilledCost,Mandatory,MUST,pass,/.test(l))).toBe(true);
  });
});

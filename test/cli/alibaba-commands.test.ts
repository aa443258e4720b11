/**
 * `finops sample alibaba`, `finops alibaba list` and `finops alibaba import` as a user runs them, in a
 * child process, followed by `finops focus validate`, which must report the gaps of Alibaba's FOCUS
 * preview as failures (the columns stay null, nothing is made up).
 */
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const finops = (args: string[], cwd: string): Promise<CliResult> => runCli(args, cwd);

describe('finops alibaba', () => {
  it("lists and imports a generated export, and focus validate reports the preview's gaps", async () => {
    const cwd = await tempDir('alibaba-cli');
    const codes = [
      '--code',
      '1011=Alibaba Cloud (Singapore) Private Limited',
      '--code',
      '5372810=Nimbus Software Ltd.',
    ];
    const where = ['--source', './oss', '--prefix', 'billing/focus'];

    const sample = await finops(
      ['sample', 'alibaba', '--out', 'oss', '--months', '2', '--days', '2', '--rows-per-day', '8'],
      cwd,
    );
    expect(sample.code, sample.stderr).toBe(0);
    expect(sample.stderr).toMatch(
      /4 batches written; import them with: finops alibaba import --source oss --prefix billing\/focus/,
    );

    const listed = await finops(['alibaba', 'list', ...where, '--format', 'json'], cwd);
    expect(listed.code, listed.stderr).toBe(0);
    expect(
      JSON.parse(listed.stdout).map((r: { billing_period: string; state: string }) => [
        r.billing_period,
        r.state,
      ]),
    ).toEqual([
      ['2024-01', 'new'],
      ['2024-01', 'new'],
      ['2024-02', 'new'],
      ['2024-02', 'new'],
    ]);

    const imported = await finops(['alibaba', 'import', ...where, ...codes, '--format', 'json'], cwd);
    expect(imported.code, imported.stderr).toBe(0);
    const rows = JSON.parse(imported.stdout);
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['loaded', 'loaded', 'loaded', 'loaded']);
    expect(rows[0].focus).toMatch(/^failed \(\d+ mandatory rules\)$/);
    expect(imported.stderr).toMatch(
      /columns null in every row: ChargeDescription, ConsumedQuantity, ConsumedUnit, ContractedCost, ContractedUnitPrice/,
    );

    const again = await finops(['alibaba', 'import', ...where, ...codes], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.match(/unchanged/g)).toHaveLength(4);

    const validated = await runCli(
      ['focus', 'validate', '--provider', 'Alibaba Cloud', '--format', 'json', '--strict'],
      cwd,
    );
    expect(validated.code).toBe(3);
    const failed = JSON.parse(validated.stdout).results.filter(
      (r: { status: string }) => r.status === 'fail',
    );
    expect(failed.map((r: { ruleId: string }) => r.ruleId)).toEqual(
      expect.arrayContaining([
        'ContractedCost-C-003-M',
        'ConsumedQuantity-C-006-C',
        'ListUnitPrice-C-005-C',
        'PricingUnit-C-006-C',
      ]),
    );
    const nulls = await runCli(
      [
        'query',
        'SELECT count(ContractedCost) AS contracted, count(ConsumedQuantity) AS consumed, count(*) AS n FROM focus.costs',
        '--format',
        'json',
      ],
      cwd,
    );
    expect(JSON.parse(nulls.stdout)[0]).toMatchObject({ contracted: '0', consumed: '0' });

    const status = await runCli(['status', '--name', 'alibaba', '--all', '--format', 'json'], cwd);
    expect(
      JSON.parse(status.stdout).map((r: { source_type: string; status: string }) => [
        r.source_type,
        r.status,
      ]),
    ).toEqual(Array(4).fill(['alibaba', 'succeeded']));
  });

  it('says where the export is missing and exits 2', async () => {
    const cwd = await tempDir('alibaba-cli');
    const result = await finops(['alibaba', 'import'], cwd);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/no location for the Alibaba Cloud export/);
  });
});

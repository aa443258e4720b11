/**
 * `finops focus validate` as a user runs it after an import: against the warehouse file's focus.costs
 * view, filtered by provider and period, printed for a terminal, as JSON or as JUnit, and with --strict
 * failing a CI job when a Mandatory MUST rule fails. The command runs in-process through commander, with
 * the same global flags the finops program has.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerFocusValidate } from '../../../src/cli/focus-validate.ts';
import type { ValidationReport } from '../../../src/focus/validate/index.ts';
import { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { conformantRows, createFocusTable, type FocusRow } from './fixture.ts';
import { parseXml } from './xml.ts';

let dir: string;
let database: string;

beforeEach(async () => {
  dir = await tempDir('focus-validate');
  database = path.join(dir, 'finops.duckdb');
  await writeFile(path.join(dir, 'config.toml'), '');
});

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

/** A warehouse whose focus.costs is a view over one period table, as the FOCUS import leaves it. */
async function warehouseWith(rows: FocusRow[]): Promise<void> {
  const w = await Warehouse.open({ path: database });
  try {
    // A second call in one test replaces what the first wrote.
    if (await w.one("SELECT 1 FROM duckdb_views() WHERE schema_name = 'focus' AND view_name = 'costs'")) {
      await w.run('DROP VIEW focus.costs; DROP TABLE focus.native_2024_03');
    }
    await createFocusTable(w, 'focus.native_2024_03', rows);
    await w.run('CREATE VIEW focus.costs AS SELECT * FROM focus.native_2024_03');
  } finally {
    w.close();
  }
}

async function finops(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const program = new Command('finops')
    .option('--config <path>')
    .option('--database <path>')
    .option('--log-level <level>')
    .option('-v, --verbose')
    .option('-q, --quiet')
    .exitOverride();
  registerFocusValidate(program.command('focus'));
  process.exitCode = undefined;
  await program.parseAsync(['--config', path.join(dir, 'config.toml'), '--database', database, ...args], {
    from: 'user',
  });
  vi.restoreAllMocks();
  return { code: Number(process.exitCode ?? 0), stdout, stderr };
}

describe('finops focus validate', () => {
  it('prints a summary, then the failing rules with counts and examples, then skipped reasons', async () => {
    const rows = conformantRows.map((row) => ({ ...row }));
    rows[1] = { ...rows[1], BilledCost: null };
    await warehouseWith(rows);
    const { code, stdout } = await finops('focus', 'validate', '--applicability', 'all');
    expect(code).toBe(0); // not --strict
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(
      /^FOCUS 1\.2 CostAndUsage: 7 rows, 539 rules: \d+ passed, \d+ failed, \d+ skipped; \d+ mandatory failures/,
    );
    expect(stdout).toContain(
      '  BilledCost-C-003-M  MUST NOT  Mandatory  1 row\n      BilledCost MUST NOT be null.\n',
    );
    expect(stdout).toMatch(/e\.g\. \{"BilledCost":null,/);
    expect(stdout).toMatch(/Skipped rules, by reason:\n\s+133 {2}Dynamic rule/);
    expect(stdout).toContain('not evaluated: BilledCost-C-005-C, EffectiveCost-C-005-C');
  });

  it('exits with code 3 under --strict when a Mandatory MUST rule fails, and 0 when none does', async () => {
    const rows = conformantRows.map((row) => ({ ...row }));
    rows[0] = { ...rows[0], ChargeCategory: 'Refund' };
    await warehouseWith(rows);
    const failing = await finops('focus', 'validate', '--strict', '--format', 'json');
    expect(failing.code).toBe(3);
    expect(failing.stderr).toMatch(/strict: \d+ Mandatory MUST \/ MUST NOT rules failed/);

    const conformant = await warehouseWith(conformantRows).then(() =>
      finops('focus', 'validate', '--strict', '--format', 'json'),
    );
    expect(conformant.code, conformant.stderr).toBe(0);
    expect((JSON.parse(conformant.stdout) as ValidationReport).summary.mandatoryFailures).toBe(0);

    // No rows to check is never a pass, --strict or not.
    const filtered = await finops('focus', 'validate', '--strict', '--format', 'json', '--period', '2024-04');
    expect(filtered.code).toBe(3);
    expect(filtered.stderr).toContain('no rows match --period 2024-04');
  });

  it('filters by provider and period with bound parameters, and prints the report as JSON', async () => {
    const rows = [
      ...conformantRows,
      { ...conformantRows[0], ServiceProviderName: "O'Cloud", ChargeCategory: 'Bogus' },
    ];
    await warehouseWith(rows);
    const aws = await finops(
      'focus',
      'validate',
      '--provider',
      'AWS',
      '--period',
      '2024-03',
      '--format',
      'json',
    );
    const report = JSON.parse(aws.stdout) as ValidationReport;
    expect(report).toMatchObject({ modelVersion: '1.2', dataset: 'CostAndUsage', rows: 7 });
    expect(report.summary.fail).toBe(0);
    const other = JSON.parse(
      (await finops('focus', 'validate', '--provider', "O'Cloud", '--format', 'json')).stdout,
    );
    expect((other as ValidationReport).rows).toBe(1);
    expect((other as ValidationReport).summary.fail).toBeGreaterThan(0);
  });

  it('prints JUnit XML for CI', async () => {
    await warehouseWith(conformantRows);
    const { stdout } = await finops(
      'focus',
      'validate',
      '--format',
      'junit',
      '--applicability',
      'tagging_supported',
    );
    const root = parseXml(stdout);
    expect(root.name).toBe('testsuites');
    expect(root.attributes.failures).toBe('0');
  });

  it('says to import data first when there is no focus.costs', async () => {
    const w = await Warehouse.open({ path: database });
    w.close();
    const { code, stderr, stdout } = await finops('focus', 'validate');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('error: the warehouse has no focus.costs yet');
    expect(stderr).toContain('hint: import FOCUS data first');
  });

  it('refuses bad flags with usage errors', async () => {
    await warehouseWith(conformantRows);
    expect((await finops('focus', 'validate', '--format', 'xml')).stderr).toContain('unknown format "xml"');
    expect((await finops('focus', 'validate', '--period', '2024-3')).stderr).toContain(
      '--period must be YYYY-MM',
    );
    const unknown = await finops('focus', 'validate', '--applicability', 'CLOUD_SUPPORTED');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown applicability criteria: CLOUD_SUPPORTED');
  });
});

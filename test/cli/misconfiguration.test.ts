/**
 * Misconfiguration is loud. A user who names something that is not there, a range that selects nothing,
 * or writes the Open FinOps Stack's flat `[aws]` section gets either what they meant or a clear message
 * and a non-zero exit, from the real `finops` binary.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCurSample } from '../../src/sample/aws-cur/generate.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('misconfiguration', () => {
  it('a folder that is not there is an error, not an empty listing', async () => {
    const cwd = await tempDir('miss');
    const listed = await runCli(
      ['aws', 'list-manifests', '--source', './does-not-exist', '--name', 'cur'],
      cwd,
    );
    expect(listed.code).toBe(3);
    expect(listed.stderr).toMatch(/found nothing to load at \.\/does-not-exist/);
    expect(listed.stderr).toMatch(/hint: looked for <prefix>\/<export-name>/);
  });

  it('the wrong --cur-version finds nothing and says what it looked for', async () => {
    const cwd = await tempDir('wrong-version');
    await generateCurSample({ out: path.join(cwd, 'bucket'), months: 1, rows: 20 });
    const imported = await runCli(
      [
        'aws',
        'import-cur',
        '--source',
        './bucket',
        '--prefix',
        'cur',
        '--name',
        'finops-demo',
        '--cur-version',
        'v2',
      ],
      cwd,
    );
    expect(imported.code).toBe(3);
    expect(imported.stderr).toMatch(/found nothing to load .*\n.*hint: .*--cur-version/);
  });

  it('a start date after the end date is refused', async () => {
    const cwd = await tempDir('range');
    const result = await runCli(
      ['aws', 'import-cur', '--source', '.', '--name', 'x', '--start', '2024-05', '--end', '2024-02'],
      cwd,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--start 2024-05 is after --end 2024-02/);
  });

  it('a period folder whose manifest is missing fails alone, and the other periods load', async () => {
    const cwd = await tempDir('no-manifest');
    await generateCurSample({ out: path.join(cwd, 'bucket'), months: 2, rows: 20, versions: 1 });
    const { rm } = await import('node:fs/promises');
    await rm(path.join(cwd, 'bucket/cur/finops-demo/20240201-20240301/finops-demo-Manifest.json'));
    const imported = await runCli(
      [
        'aws',
        'import-cur',
        '--source',
        './bucket',
        '--prefix',
        'cur',
        '--name',
        'finops-demo',
        '--format',
        'json',
      ],
      cwd,
    );
    expect(imported.code).toBe(3);
    expect(
      JSON.parse(imported.stdout).map((r: { billing_period: string; status: string }) => [
        r.billing_period,
        r.status,
      ]),
    ).toEqual([
      ['2024-01', 'loaded'],
      ['2024-02', 'failed'],
    ]);
    expect(imported.stderr).toMatch(
      /20240201-20240301\/: the period folder has no manifest \(finops-demo-Manifest\.json\)/,
    );
  });

  it("reads the Open FinOps Stack's flat [aws] section, with a source relative to the config file", async () => {
    const project = await tempDir('ofs');
    await generateCurSample({ out: path.join(project, 'bucket'), months: 1, rows: 20 });
    await mkdir(path.join(project, 'conf'));
    await writeFile(
      path.join(project, 'conf', 'config.toml'),
      '[aws]\nsource = "../bucket"\nprefix = "cur"\nexport_name = "finops-demo"\ncur_version = "v1"\n',
    );
    const elsewhere = await tempDir('elsewhere');
    const imported = await runCli(
      ['--config', path.join(project, 'conf', 'config.toml'), 'aws', 'import-cur', '--format', 'json'],
      elsewhere,
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(
      JSON.parse(imported.stdout).map((r: { source: string; status: string }) => [r.source, r.status]),
    ).toEqual([['finops-demo', 'loaded']]);
  });
});

/**
 * A warehouse on a disk that fills up. An import that cannot have the room it needs stops before it
 * writes, with exit 1 and "disk full: N MB free at PATH, need about M"; the next import on the still
 * full disk says the same (DuckDB on a full disk used to abort the next process with an internal
 * error); what was published stays readable; and once space is freed, the import loads.
 *
 * It needs a small file system of its own: a tmpfs mounted for the test (as root, as CI runs). Where
 * mounting is not allowed the test is skipped, saying so.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCurSample } from '../../src/sample/aws-cur/generate.ts';
import { freeBytes } from '../../src/warehouse/disk-space.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const disk = mkdtempSync(path.join(os.tmpdir(), 'finops-small-disk-'));
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=120m', 'tmpfs', disk], { stdio: 'ignore' });
    return true;
  } catch {
    process.stderr.write('disk-full test skipped: cannot mount a tmpfs here (needs root)\n');
    return false;
  }
})();

afterAll(() => {
  if (mounted) execFileSync('umount', [disk]);
  rmSync(disk, { recursive: true, force: true });
});

describe.skipIf(!mounted)('an import on a full disk', () => {
  let bucket: string;
  beforeAll(async () => {
    bucket = await tempDir('full-disk-cur');
    await generateCurSample({ out: bucket, months: 2, rows: 4000, versions: 1 });
  });

  const database = path.join(disk, 'w.duckdb');
  const importCur = (...extra: string[]) =>
    runCli(
      [
        '--database',
        database,
        'aws',
        'import-cur',
        '--source',
        bucket,
        '--prefix',
        'cur',
        '--name',
        'finops-demo',
        '--format',
        'json',
        ...extra,
      ],
      disk,
    );

  it('stops before writing, says what to free, and loads once there is room', async () => {
    const first = await importCur();
    expect(first.code, first.stderr).toBe(0);
    const published = await runCli(
      ['--database', database, 'query', 'SELECT count(*) AS n FROM focus.costs', '--format', 'csv'],
      disk,
    );

    // Leave 30 MB: less than an import needs.
    const filler = path.join(disk, 'filler');
    writeFileSync(filler, Buffer.alloc(Math.max(0, (freeBytes(disk) ?? 0) - 30 * 1024 * 1024)));
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await importCur('--force');
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.signal).toBeNull();
      expect(refused.stderr).toMatch(/disk full: \d+ MB free at .*finops-small-disk-\S+, need about \d+ MB/);
    }
    const after = await runCli(
      ['--database', database, 'query', 'SELECT count(*) AS n FROM focus.costs', '--format', 'csv'],
      disk,
    );
    expect(after.stdout).toBe(published.stdout);

    rmSync(filler);
    const loaded = await importCur('--force');
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(JSON.parse(loaded.stdout).map((r: { status: string }) => r.status)).toEqual(['loaded', 'loaded']);
  });
});

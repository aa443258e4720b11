/**
 * `finops query` is read-only and stays inside the warehouse: a curious colleague's COPY ... TO writes no
 * file, read_csv('/etc/passwd') reads nothing, ATTACH ... (READ_WRITE) cannot reach the warehouse through
 * another name, INSTALL fetches nothing, and two statements in one call are refused, while a plain
 * SELECT answers as before.
 */
import { existsSync } from 'node:fs';
import { link } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { generateCurSample } from '../../src/sample/aws-cur/generate.ts';
import { LocalStore } from '../../src/stores/local-store.ts';
import { runCli } from '../helpers/cli.ts';
import { openTestWarehouse } from '../helpers/pipeline.ts';
import { tempDir } from '../helpers/tmp.ts';

let database: string;
let cwd: string;

beforeEach(async () => {
  const bucket = await tempDir('query-cur');
  await generateCurSample({ out: bucket, months: 1, rows: 200, seed: 3 });
  const wh = await openTestWarehouse();
  await wh.importExport({ store: new LocalStore(bucket), prefix: 'cur', exportName: 'finops-demo' });
  wh.warehouse.close();
  database = wh.dbPath;
  cwd = path.dirname(database);
});

const query = (sql: string) => runCli(['--database', database, 'query', sql, '--format', 'csv'], cwd);

describe('finops query', () => {
  it('answers a SELECT', async () => {
    const result = await query('SELECT count(*) AS n FROM focus.costs');
    expect(result.code, result.stderr).toBe(0);
    expect(Number(result.stdout.split('\n')[1])).toBeGreaterThan(200);
  });

  it('writes no file and reads none outside the warehouse', async () => {
    const target = path.join(cwd, 'stolen.csv');
    const copy = await query(`COPY (SELECT * FROM focus.costs) TO '${target}'`);
    expect(copy.code).toBe(2);
    expect(copy.stderr).toMatch(/file system operations are disabled/);
    expect(existsSync(target)).toBe(false);
    const read = await query("SELECT * FROM read_csv('/etc/passwd')");
    expect(read.code).toBe(2);
    expect(read.stdout).toBe('');
  });

  it('cannot attach the warehouse through another name to change it, nor install anything', async () => {
    const alias = path.join(cwd, 'alias.duckdb');
    await link(database, alias);
    const attach = await query(`ATTACH '${alias}' AS w2 (READ_WRITE)`);
    expect(attach.code).toBe(2);
    const after = await query('SELECT count(*) AS n FROM focus.costs');
    expect(after.code, after.stderr).toBe(0);
    const install = await query('INSTALL httpfs');
    expect(install.code).toBe(2);
    const unlock = await query('SET enable_external_access = true');
    expect(unlock.code).toBe(2);
  });

  it('runs exactly one statement', async () => {
    const two = await query('SELECT 1; DROP TABLE focus.costs');
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/exactly one statement; this SQL holds 2/);
  });
});

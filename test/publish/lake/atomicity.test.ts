/**
 * One version of a partition at a time, whatever happens to the export (issue 17): killed with
 * SIGKILL while S3 has just taken the new file, killed while it writes on a local disk, or failing an
 * upload half-way. Readers of the Hive partitions then find exactly one version of each partition and
 * no temporary file where they look, and the next export removes what the killed one left in the
 * temp directories and completes the lake.
 */
import { watch } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateCurSample } from '../../../src/sample/aws-cur/generate.ts';
import { openStore } from '../../../src/stores/open-store.ts';
import { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { runCli, startCli } from '../../helpers/cli.ts';
import { type FaultProxy, startFaultProxy } from '../../helpers/fault-proxy.ts';
import { type LocalS3, startLocalS3 } from '../../helpers/local-s3.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { lakeTable, totalsSql, warehousePeriod, warehouseSlug } from './helpers.ts';

let s3: LocalS3;
let proxy: FaultProxy | undefined;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3.stop());
afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});

const importArgs = ['aws', 'import-cur', '--source', 'bucket', '--prefix', 'cur', '--name', 'finops-demo'];

interface Site {
  cwd: string;
  /** The system temp directory the exports see (TMPDIR). */
  tmp: string;
  env: NodeJS.ProcessEnv;
}

/** Two months of CUR imported through the CLI, with quick retries and s3rver's checksum setting. */
async function site(env: NodeJS.ProcessEnv = {}): Promise<Site> {
  const cwd = await tempDir('lake-atomic');
  const tmp = path.join(cwd, 'tmp');
  await mkdir(tmp);
  await writeFile(
    path.join(cwd, 'config.toml'),
    '[retry]\nattempts = 2\nbase_delay_ms = 1\nmax_delay_ms = 5\n\n[s3]\nchecksums_when_required = true\n',
  );
  await generateCurSample({ out: path.join(cwd, 'bucket'), months: 2, rows: 600, seed: 71 });
  await cli(['--quiet', ...importArgs], cwd);
  return { cwd, tmp, env: { TMPDIR: tmp, ...env } };
}

async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await runCli(args, cwd, env);
  expect(result.code, `finops ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.stderr;
}

/** A new version of January: the next export has to replace that partition. */
async function reloadJanuary(s: Site): Promise<void> {
  await generateCurSample({ out: path.join(s.cwd, 'bucket'), months: 1, rows: 900, seed: 72 });
  await cli(['--quiet', ...importArgs], s.cwd);
}

async function warehouseTotals(cwd: string): Promise<unknown[]> {
  const w = await Warehouse.open({ path: path.join(cwd, 'finops.duckdb'), readOnly: true });
  try {
    return await w.all(totalsSql('focus.costs', warehouseSlug, warehousePeriod));
  } finally {
    w.close();
  }
}

/** What DuckDB reads from the lake's focus_costs (a local copy for an S3 lake). */
async function lakeTotals(root: string): Promise<unknown[]> {
  const w = await Warehouse.open({ path: ':memory:' });
  try {
    return await w.all(totalsSql(lakeTable(root, 'focus_costs'), 'provider', 'billing_period'));
  } finally {
    w.close();
  }
}

/** Copies `<prefix>/focus_costs/` of a bucket to a local folder, key by key. */
async function download(bucket: string, prefix: string): Promise<{ root: string; keys: string[] }> {
  const { store } = openStore(`s3://${bucket}`, { s3: s3.settings() });
  const root = await tempDir('lake-copy');
  const keys: string[] = [];
  for await (const o of store.list(`${prefix}/focus_costs/`)) {
    keys.push(o.key.slice(prefix.length + 1));
    const file = path.join(root, o.key.slice(prefix.length + 1));
    await mkdir(path.dirname(file), { recursive: true });
    const chunks: Buffer[] = [];
    for await (const chunk of await store.get(o.key)) chunks.push(chunk as Buffer);
    await writeFile(file, Buffer.concat(chunks));
  }
  return { root, keys };
}

const leftovers = async (dir: string) => (await readdir(dir)).filter((f) => f.startsWith('finops-lake'));

describe('a lake export that is killed or fails', () => {
  it('killed right after S3 took the new file of a partition: one version visible, the next run cleans up', async () => {
    proxy = await startFaultProxy(s3.endpoint);
    const s = await site({ FINOPS_S3_ENDPOINT: proxy.endpoint });
    await s3.createBucket('lake-killed');
    const to = ['lake', 'export', '--to', 's3://lake-killed/finops'];
    await cli(to, s.cwd, s.env);
    await reloadJanuary(s);

    let held!: () => void;
    const heldNow = new Promise<void>((resolve) => {
      held = resolve;
    });
    // Any Parquet object of January's AWS partition, whatever the export calls it.
    const januaryParquet = (url: string) =>
      /provider=aws\/billing_period=2024-01\/[^/?]*\.parquet(\?|$)/.test(decodeURIComponent(url));
    proxy.inject(
      (req) => req.method === 'PUT' && januaryParquet(req.url ?? ''),
      { kind: 'hold-response', held },
      1,
    );
    const running = startCli(to, s.cwd, s.env);
    await heldNow;
    running.child.kill('SIGKILL');
    expect((await running.done).signal).toBe('SIGKILL');

    const { root, keys } = await download('lake-killed', 'finops');
    expect(keys.filter((k) => k.includes('billing_period=2024-01/'))).toEqual([
      'focus_costs/provider=aws/billing_period=2024-01/_finops_partition.json',
      'focus_costs/provider=aws/billing_period=2024-01/data.parquet',
    ]);
    const expected = await warehouseTotals(s.cwd);
    expect(await lakeTotals(root)).toEqual(expected);
    expect(await leftovers(s.tmp)).toEqual([expect.stringMatching(`^finops-lake-${running.child.pid}-`)]);

    const rerun = await runCli([...to, '--format', 'csv'], s.cwd, s.env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain('focus_costs,provider=aws/billing_period=2024-01,written,');
    expect(await leftovers(s.tmp)).toEqual([]);
    expect(await lakeTotals((await download('lake-killed', 'finops')).root)).toEqual(expected);
  });

  it('killed while it writes a local lake: partition folders hold one version and no temporary file', async () => {
    const s = await site();
    const lake = path.join(s.cwd, 'lake');
    await cli(['lake', 'export', '--to', 'lake'], s.cwd, s.env);
    const before = await lakeTotals(lake);
    await reloadJanuary(s);
    const after = await warehouseTotals(s.cwd);

    // Killed at the first file the export creates in the lake, wherever that is.
    const running = startCli(['lake', 'export', '--to', 'lake'], s.cwd, s.env);
    const watcher = watch(lake, { recursive: true }, (_event, name) => {
      if (name && !String(name).startsWith('catalog')) running.child.kill('SIGKILL');
    });
    const done = await running.done;
    watcher.close();
    expect(done.signal).toBe('SIGKILL');

    for (const provider of await readdir(path.join(lake, 'focus_costs'))) {
      for (const period of await readdir(path.join(lake, 'focus_costs', provider))) {
        const files = (await readdir(path.join(lake, 'focus_costs', provider, period))).sort();
        expect(files, `${provider}/${period}`).toEqual(['_finops_partition.json', 'data.parquet']);
      }
    }
    // January is the old version or the new one, never both; the other months are as they were.
    const read = await lakeTotals(lake);
    expect([JSON.stringify(before), JSON.stringify(after)]).toContain(JSON.stringify(read));
    const staged = path.join(lake, '.finops-tmp');
    expect(await leftovers(staged)).toEqual([expect.stringMatching(`^finops-lake-${running.child.pid}-`)]);

    await cli(['lake', 'export', '--to', 'lake'], s.cwd, s.env);
    expect(await leftovers(staged)).toEqual([]);
    expect(await lakeTotals(lake)).toEqual(after);
  });

  it('fails an upload half-way: the previous version stays, no partial object, the message names it', async () => {
    proxy = await startFaultProxy(s3.endpoint);
    const s = await site({ FINOPS_S3_ENDPOINT: proxy.endpoint });
    await s3.createBucket('lake-cut');
    const to = ['lake', 'export', '--to', 's3://lake-cut/finops'];
    await cli(to, s.cwd, s.env);
    const before = await lakeTotals((await download('lake-cut', 'finops')).root);
    await reloadJanuary(s);

    proxy.inject(
      (req) =>
        req.method === 'PUT' &&
        /billing_period=2024-01\/data\.parquet/.test(decodeURIComponent(req.url ?? '')),
      { kind: 'cut-request' },
      Number.POSITIVE_INFINITY,
    );
    const failed = await runCli(to, s.cwd, s.env);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain(
      's3://lake-cut/finops/focus_costs/provider=aws/billing_period=2024-01/data.parquet: could not store the partition',
    );
    expect(proxy.faulted()).toBe(2);

    const { root, keys } = await download('lake-cut', 'finops');
    expect(keys.filter((k) => !/\/(data\.parquet|_finops_partition\.json)$/.test(k))).toEqual([]);
    expect(await lakeTotals(root)).toEqual(before);
    expect(await leftovers(s.tmp)).toEqual([]);
    const marker = JSON.parse(
      await readFile(
        path.join(root, 'focus_costs/provider=aws/billing_period=2024-01/_finops_partition.json'),
        'utf8',
      ),
    );
    expect(marker.rows).toBeLessThan(900);
  });
});

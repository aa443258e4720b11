/**
 * One measured run in its own process, so its peak RSS is its own: either the floor (a bare DuckDB
 * CREATE TABLE AS SELECT * FROM read_csv over the files) or the full `finops` import of the delivery.
 * Prints one JSON line: { ms, maxRssMb, rows, steps } (steps: the import's ledger timings).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger } from '../src/log.ts';
import { runSource } from '../src/pipeline/run-source.ts';
import { silentProgress } from '../src/progress.ts';
import { awsCur } from '../src/sources/aws-cur/index.ts';
import { DownloadCache } from '../src/stores/cache.ts';
import { LocalStore } from '../src/stores/local-store.ts';
import { Warehouse } from '../src/warehouse/warehouse.ts';

const [mode, workDir, bucket, memoryLimit, ...files] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  ...string[],
];
const database = path.join(workDir, `${mode}.duckdb`);
await rm(database, { force: true });
await rm(`${database}.wal`, { force: true });
await rm(path.join(workDir, 'cache'), { recursive: true, force: true });

const w = await Warehouse.open({ path: database, memoryLimit, tempDirectory: path.join(workDir, 'tmp') });
const started = performance.now();
let rows = 0;
let steps: Record<string, unknown> | undefined;
if (mode === 'floor') {
  await w.run('CREATE TABLE floor AS SELECT * FROM read_csv($files, union_by_name = true)', { files });
  rows = (await w.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM floor'))?.n ?? 0;
} else {
  const outcomes = await runSource(
    awsCur,
    {
      warehouse: w,
      cache: new DownloadCache({ root: path.join(workDir, 'cache') }),
      progress: silentProgress,
      logger: silentLogger,
    },
    {
      name: 'bench',
      location: bucket,
      exp: { store: new LocalStore(bucket), prefix: 'cur', exportName: 'bench' },
    },
  );
  if (outcomes[0]?.status !== 'loaded') throw new Error(`import did not load: ${String(outcomes[0]?.error)}`);
  rows = outcomes[0].rows ?? 0;
  steps = await w.one(
    `SELECT fetch_ms AS fetch, stage_ms AS stage, normalize_ms AS normalize, publish_ms AS publish, validate_ms AS validate
     FROM finops_meta.loads ORDER BY load_id DESC LIMIT 1`,
  );
}
const ms = performance.now() - started;
w.close();
process.stdout.write(
  `${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, rows, steps })}\n`,
);

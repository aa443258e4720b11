/**
 * One measured run in its own process, so its peak RSS is its own: either the bare load (DuckDB's
 * CREATE TABLE AS SELECT * FROM read_csv of the files, with the types the import declares) or the full
 * `finops` import of the delivery. The warehouse lives in `dbDir`, with its spill folder where the CLI
 * puts it (.finops/tmp beside the warehouse, not made beforehand), so a warehouse outside the working
 * directory is what is measured. Prints one JSON line: { ms, cpuMs, maxRssMb, rows, steps } (cpuMs: the
 * process's CPU time, DuckDB's threads included, which other work on the machine disturbs far less).
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger } from '../src/log.ts';
import { runSource } from '../src/pipeline/run-source.ts';
import { silentProgress } from '../src/progress.ts';
import { awsCur } from '../src/sources/aws-cur/index.ts';
import { DownloadCache } from '../src/stores/cache.ts';
import { LocalStore } from '../src/stores/local-store.ts';
import { quoteLiteral } from '../src/warehouse/sql.ts';
import { Warehouse } from '../src/warehouse/warehouse.ts';
import { declaredTypes } from './declared-types.ts';

const [mode, dbDir, bucket, memoryLimit, ...files] = process.argv.slice(2) as [
  'floor' | 'import',
  string,
  string,
  string,
  ...string[],
];
await rm(dbDir, { recursive: true, force: true });
const w = await Warehouse.open({
  path: path.join(dbDir, `${mode}.duckdb`),
  memoryLimit,
  tempDirectory: path.join(dbDir, '.finops/tmp'),
});
const started = performance.now();
const cpu = process.cpuUsage();
const result = mode === 'floor' ? await floor() : await fullImport();
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
w.close();
await rm(dbDir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, ...result })}\n`,
);

async function floor() {
  const manifest = JSON.parse(
    await readFile(path.join(bucket, 'cur/bench/20240101-20240201/bench-Manifest.json'), 'utf8'),
  ) as { columns: { category: string; name: string; type: string }[] };
  const columns = declaredTypes(manifest.columns)
    .map((c) => `${quoteLiteral(c.header)}: ${quoteLiteral(c.type)}`)
    .join(', ');
  await w.run(
    `CREATE TABLE floor AS SELECT * FROM read_csv($files, header = true, auto_detect = false, columns = {${columns}})`,
    { files },
  );
  const rows = (await w.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM floor'))?.n ?? 0;
  return { rows };
}

async function fullImport() {
  const outcomes = await runSource(
    awsCur,
    {
      warehouse: w,
      cache: new DownloadCache({ root: path.join(dbDir, 'cache') }),
      progress: silentProgress,
      logger: silentLogger,
    },
    {
      name: 'bench',
      location: bucket,
      exp: { store: new LocalStore(bucket), prefix: 'cur', exportName: 'bench' },
    },
  );
  const outcome = outcomes[0];
  if (outcome?.status !== 'loaded') throw new Error(`import did not load: ${String(outcome?.error)}`);
  const steps = await w.one(
    `SELECT fetch_ms AS fetch, stage_ms AS stage, normalize_ms AS normalize, publish_ms AS publish,
            validate_ms AS validate
     FROM finops_meta.loads ORDER BY load_id DESC LIMIT 1`,
  );
  return { rows: outcome.rows ?? 0, steps };
}

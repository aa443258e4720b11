/**
 * `npm run bench:dashboard -- --rows 10000000`: how fast the dashboard answers on a big warehouse.
 * Generates N FOCUS rows (DuckDB's range(), not JavaScript loops) over six billing periods and three
 * providers into focus.costs, with the ledger entries a load would leave; times building the daily
 * aggregates (all at once, and one slice as a load refreshes it); starts the dashboard server and
 * times every endpoint over HTTP: p50/p95 of repeated calls with the warehouse open, and the first
 * request after the server released the warehouse (opening it again included).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatCount, formatDuration } from '../src/format.ts';
import { createLogger } from '../src/log.ts';
import { Warehouse } from '../src/warehouse/warehouse.ts';
import { WarehouseAccess } from '../src/web/access.ts';
import { rebuildDailyAggregates, refreshDailyAggregates } from '../src/web/aggregates/refresh.ts';
import { startDashboard } from '../src/web/server.ts';
import { generateWarehouse, periodsFrom } from './dashboard/generate.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    months: { type: 'string', default: '6' },
    calls: { type: 'string', default: '30' },
    'memory-limit': { type: 'string', default: '1GB' },
    dir: { type: 'string', default: 'bench-out/dashboard' },
  },
});
const rows = Number(values.rows);
const calls = Number(values.calls);
const memoryLimit = values['memory-limit'] as string;
const periods = periodsFrom('2024-01', Number(values.months));
const dir = path.resolve(values.dir as string);
const dbPath = path.join(dir, 'finops.duckdb');
const marker = path.join(dir, 'generated.json');
const params = JSON.stringify({ rows, periods, version: 2 });
const logger = createLogger({ level: 'warn' });
const say = (text: string) => process.stdout.write(`${text}\n`);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function prepare(): Promise<void> {
  const w = await Warehouse.open({ path: dbPath, memoryLimit });
  try {
    if (!existsSync(marker) || (await readFile(marker, 'utf8')) !== params) {
      process.stderr.write(`generating ${formatCount(rows)} FOCUS rows over ${periods.length} periods ...\n`);
      const [, ms] = await timed(() => generateWarehouse(w, periods, rows));
      say(`generated ${formatCount(rows)} rows in ${formatDuration(ms)}`);
    }
    const [, full] = await timed(() => rebuildDailyAggregates(w));
    const slice = {
      sourceType: 'aws-cur',
      sourceName: 'aws-main',
      period: periods[periods.length - 1] as string,
    };
    const [, one] = await timed(() => refreshDailyAggregates(w, slice));
    const sizes = await w.one<Record<string, number>>(
      `SELECT (SELECT count(*) FROM focus.costs)::BIGINT::DOUBLE AS focus,
              (SELECT count(*) FROM finops_meta.daily_costs)::DOUBLE AS daily,
              (SELECT count(*) FROM finops_meta.daily_tag_costs)::DOUBLE AS tags,
              (SELECT count(*) FROM finops_meta.daily_commitments)::DOUBLE AS commitments`,
    );
    say(
      `aggregates: ${formatCount(sizes?.daily ?? 0)} daily rows, ${formatCount(sizes?.tags ?? 0)} tag rows, ` +
        `${formatCount(sizes?.commitments ?? 0)} commitment rows from ${formatCount(sizes?.focus ?? 0)} FOCUS rows`,
    );
    say(`build all aggregates      ${formatDuration(full)}`);
    say(
      `refresh one slice          ${formatDuration(one)}  (${slice.sourceName} ${slice.period}, as a load does)`,
    );
  } finally {
    w.close();
  }
  await writeFile(marker, params);
}

const last = periods[periods.length - 1] as string;
const first = periods[0] as string;
const endpoints = [
  '/api/meta',
  `/api/overview?period=${last}`,
  `/api/overview?period=${last}&currency=EUR`,
  '/api/costs/daily',
  '/api/costs/daily?groupBy=service',
  `/api/costs/daily?groupBy=account&from=${first}-01&to=${last}-28`,
  '/api/costs/daily?groupBy=tag:team',
  '/api/costs/daily?groupBy=region&provider=AWS&service=AWS%20Compute&metric=billed',
  '/api/movers?groupBy=service',
  '/api/movers?groupBy=account&limit=50',
  '/api/movers?groupBy=tag:app',
  '/api/commitments',
  '/api/freshness',
  '/api/anomalies',
  '/api/tags',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function call(origin: string, url: string): Promise<number> {
  const [response, ms] = await timed(async () => {
    const r = await fetch(`${origin}${url}`);
    await r.arrayBuffer();
    return r;
  });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return ms;
}

async function measure(): Promise<void> {
  const idleMs = 250;
  const access = new WarehouseAccess({ path: dbPath, memoryLimit, lockWaitMs: 10_000, idleMs, logger });
  const [dashboard, startMs] = await timed(() =>
    startDashboard({ access, host: '127.0.0.1', port: 0, logger }),
  );
  const origin = `http://127.0.0.1:${dashboard.port}`;
  say(`server start (open, check)  ${formatDuration(startMs)}`);
  say(
    `\n${'endpoint'.padEnd(74)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}  (${calls} calls, warehouse open)`,
  );
  let worst = 0;
  for (const url of endpoints) {
    await call(origin, url);
    const times: number[] = [];
    for (let i = 0; i < calls; i++) times.push(await call(origin, url));
    times.sort((a, b) => a - b);
    worst = Math.max(worst, percentile(times, 95));
    say(
      `${url.padEnd(74)} ${formatDuration(percentile(times, 50)).padStart(8)} ${formatDuration(percentile(times, 95)).padStart(8)}`,
    );
  }
  say('\nfirst request after the warehouse was released (reopening it included), 5 times each:');
  // The commitments page reads its period from focus.costs on a session's first request for it.
  const coldUrls = ['/api/meta', `/api/overview?period=${last}`, '/api/costs/daily?groupBy=service'];
  for (const url of [...coldUrls, `/api/commitments?period=${last}`]) {
    const cold: number[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, idleMs * 2));
      cold.push(await call(origin, url));
    }
    cold.sort((a, b) => a - b);
    say(
      `${url.padEnd(74)} ${formatDuration(percentile(cold, 50)).padStart(8)} ${formatDuration(cold[4] ?? 0).padStart(8)} (p50, max)`,
    );
  }
  say(`slowest p95 with the warehouse open: ${formatDuration(worst)} (target < 200 ms)`);
  await dashboard.close();
}

if (!existsSync(marker) || (await readFile(marker, 'utf8')) !== params)
  await rm(dir, { recursive: true, force: true });
await mkdir(dir, { recursive: true });
say(
  `dashboard benchmark: ${formatCount(rows)} FOCUS rows, ${periods.length} periods, memory_limit ${memoryLimit}`,
);
await prepare();
await measure();

/**
 * `npm run bench -- --rows 500000,2000000`: for each size, one legacy CUR billing period of N rows
 * (4 .csv.gz files, 79 columns, generated once into bench-out/ and reused) is loaded twice, each in a
 * fresh child process so that its peak RSS is its own, alternately and in the same run (the machine's
 * load changes minute to minute; a ratio is only fair within one run):
 *   bare    CREATE TABLE AS SELECT * FROM read_csv(files) with the types the import declares
 *   import  the full `finops` import (checks, typed read, FOCUS mapping, tag policy, swap,
 *           reconciliation, ledger, FOCUS validation)
 * It prints time, rows/s, CPU time and peak RSS of both (CPU time, DuckDB's threads included, is the
 * steadier figure on a machine doing other work), the import's steps, and a markdown table for the README.
 * The warehouse goes to a fresh folder outside the working directory (--warehouse-dir), as a user's
 * `--database /data/w.duckdb` would.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatBytes, formatCount } from '../src/format.ts';
import { type BenchData, benchData } from './cur-data.ts';
import { type Measured, markdownTable, ratios, type SizeResult, stepsLine } from './report.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '2000000' },
    files: { type: 'string', default: '4' },
    runs: { type: 'string', default: '1' },
    'memory-limit': { type: 'string', default: '512MB' },
    dir: { type: 'string', default: 'bench-out' },
    'warehouse-dir': { type: 'string', default: path.join(os.tmpdir(), `finops-bench-${process.pid}`) },
  },
});
const sizes = (values.rows as string).split(',').map(parseCount);
const runs = Number(values.runs);
const memoryLimit = values['memory-limit'] as string;

/** `500000`, `500k`, `2M`, `0.5M`. */
function parseCount(text: string): number {
  const m = /^\s*([\d.]+)\s*([kKmM]?)\s*$/.exec(text);
  if (!m) throw new Error(`--rows: not a row count: ${text}`);
  const scale = { '': 1, k: 1e3, m: 1e6 }[(m[2] as string).toLowerCase()] as number;
  return Math.round(Number(m[1]) * scale);
}

function measure(mode: 'floor' | 'import', data: BenchData): Measured {
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'child.ts'),
      mode,
      path.join(values['warehouse-dir'] as string, mode),
      data.bucket,
      memoryLimit,
      ...data.files,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').at(-1) as string) as Measured;
}

const fastest = (all: Measured[]) => all.reduce((a, b) => (b.ms < a.ms ? b : a));
const line = (label: string, r: Measured) =>
  `  ${label.padEnd(7)} ${(r.ms / 1000).toFixed(1).padStart(7)} s  ` +
  `${formatCount(Math.round(r.rows / (r.ms / 1000))).padStart(9)} rows/s  CPU ${(r.cpuMs / 1000).toFixed(1).padStart(6)} s  ` +
  `peak RSS ${Math.round(r.maxRssMb)} MB`;

const results: SizeResult[] = [];
for (const rows of sizes) {
  const data = await benchData(path.resolve(values.dir as string), rows, Number(values.files));
  const all: Record<'floor' | 'import', Measured[]> = { floor: [], import: [] };
  for (let i = 0; i < runs; i++) {
    for (const mode of ['floor', 'import'] as const) all[mode].push(measure(mode, data));
  }
  const result = { data, floor: fastest(all.floor), full: fastest(all.import) };
  if (result.full.rows !== result.floor.rows)
    throw new Error(`the import published ${result.full.rows} rows, the bare load read ${result.floor.rows}`);
  results.push(result);
  process.stdout.write(
    `${formatCount(result.floor.rows)} rows x ${data.columns.length} columns in ${data.files.length} .csv.gz files ` +
      `(${formatBytes(data.bytes)}), best of ${runs}\n${line('bare', result.floor)}\n${line('import', result.full)}\n` +
      `  ${stepsLine(result.full)}\n  import / bare = ${ratios(result.floor, result.full)} (time, CPU)\n\n`,
  );
}
const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
process.stdout.write(
  `Machine: ${os.cpus().length} cores (${cpu}), ${formatBytes(os.totalmem())} RAM, Node ${process.version}; ` +
    `DuckDB memory_limit ${memoryLimit}\n\n${markdownTable(results)}\n`,
);

/**
 * `npm run bench -- --rows 2000000`: generates one legacy CUR billing period of N rows (several .csv.gz
 * files, 80 columns) in AWS's delivery layout, then measures, each in a fresh process on the same files:
 *   floor   a bare DuckDB CREATE TABLE AS SELECT * FROM read_csv(files, union_by_name = true): types sniffed,
 *           union_by_name because the sniffer types a column differently in different files
 *   import  the full `finops` import (checks, typed read, tags to maps, swap, reconciliation, ledger)
 * and prints rows/s, MB/s, peak RSS and the import/floor ratio. Generated data is kept in bench-out/ and
 * reused while the parameters are the same.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatBytes, formatCount } from '../src/format.ts';
import { generateCurSample } from '../src/sample/aws-cur/generate.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '2000000' },
    files: { type: 'string', default: '8' },
    runs: { type: 'string', default: '2' },
    'memory-limit': { type: 'string', default: '1GB' },
    dir: { type: 'string', default: 'bench-out' },
  },
});
const rows = Number(values.rows);
const fileCount = Number(values.files);
const runs = Number(values.runs);
const workDir = path.resolve(values.dir as string);
const bucket = path.join(workDir, 'bucket');
const marker = path.join(workDir, 'generated.json');
const params = JSON.stringify({ rows, fileCount, seed: 7 });

if (!existsSync(marker) || (await readFile(marker, 'utf8')) !== params) {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  process.stderr.write(`generating ${formatCount(rows)} CUR rows in ${fileCount} files ...\n`);
  await generateCurSample({
    out: bucket,
    exportName: 'bench',
    months: 1,
    rows,
    files: fileCount,
    versions: 1,
    seed: 7,
  });
  await writeFile(marker, params);
}
const sample = JSON.parse(
  await readFile(path.join(bucket, 'cur/bench/20240101-20240201/bench-Manifest.json'), 'utf8'),
) as { reportKeys: string[]; columns: unknown[] };
const files = sample.reportKeys.map((k) => path.join(bucket, ...k.split('/')));
let bytes = 0;
for (const f of files) bytes += (await stat(f)).size;
const rawBytes = Number(
  execFileSync('sh', ['-c', `cat ${files.map((f) => `'${f}'`).join(' ')} | gzip -dc | wc -c`]).toString(),
);

interface Run {
  ms: number;
  maxRssMb: number;
  rows: number;
  steps?: { fetch: string; stage: string; normalize: string; publish: string; validate: string };
}

function measure(mode: 'floor' | 'import'): Run {
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'child.ts'),
      mode,
      workDir,
      bucket,
      values['memory-limit'] as string,
      ...files,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').at(-1) as string) as Run;
}

const results: Record<'floor' | 'import', Run[]> = { floor: [], import: [] };
for (let i = 0; i < runs; i++) {
  for (const mode of ['floor', 'import'] as const) results[mode].push(measure(mode));
}
const best = (mode: 'floor' | 'import') => results[mode].reduce((a, b) => (b.ms < a.ms ? b : a));
const floor = best('floor');
const full = best('import');
const line = (label: string, r: Run) =>
  `${label.padEnd(8)} ${(r.ms / 1000).toFixed(2).padStart(7)} s  ${formatCount(Math.round(r.rows / (r.ms / 1000))).padStart(11)} rows/s  ` +
  `${(bytes / 1048576 / (r.ms / 1000)).toFixed(1).padStart(6)} MB/s gz  ${(rawBytes / 1048576 / (r.ms / 1000)).toFixed(1).padStart(6)} MB/s csv  ` +
  `peak RSS ${Math.round(r.maxRssMb)} MB`;

const steps = full.steps;
const seconds = (ms: unknown) => `${(Number(ms) / 1000).toFixed(1)} s`;
// The CUR pipeline proper (fetch and checks, typed read, swap, reconciliation, ledger) and the FOCUS
// layer on top of it (mapping to FOCUS, validation), measured inside the same import.
const focusMs = Number(steps?.normalize ?? 0) + Number(steps?.validate ?? 0);
const rawMs = full.ms - focusMs;
const lines = [
  `CUR v1, 1 period: ${formatCount(full.rows)} rows x ${sample.columns.length} columns in ${files.length} .csv.gz files ` +
    `(${formatBytes(bytes)} compressed, ${formatBytes(rawBytes)} CSV); best of ${runs}; memory_limit ${values['memory-limit']}`,
  line('floor', floor),
  line('import', full),
  `  of which: fetch and gzip check ${seconds(steps?.fetch)}, typed read ${seconds(steps?.stage)}, ` +
    `FOCUS mapping ${seconds(steps?.normalize)}, publish ${seconds(steps?.publish)}, FOCUS validation ${seconds(steps?.validate)}`,
  `CUR import without the FOCUS layer / floor = ${(rawMs / floor.ms).toFixed(2)}x (target <= 1.25x)`,
  `full import with FOCUS mapping and validation / floor = ${(full.ms / floor.ms).toFixed(2)}x`,
  `import peak RSS ${Math.round(full.maxRssMb)} MB (target < 1536 MB)`,
];
process.stdout.write(`${lines.join('\n')}\n`);

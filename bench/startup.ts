/**
 * Start-up benchmark: whole-process wall time of `finops --version`, `finops --help` and `finops status`
 * (on a demo warehouse), the median of N runs each, against `node -e 0` on the same machine. It runs
 * the built CLI (bin/finops.js -> dist/), as a user's shell does.
 *
 *   npm run bench:startup -- --runs 10
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    dir: { type: 'string', default: path.join(os.tmpdir(), 'finops-bench-startup') },
  },
});
const runs = Number(values.runs);
const dir = values.dir as string;
const bin = path.resolve(import.meta.dirname, '../bin/finops.js');

if (!existsSync(path.join(dir, 'finops.duckdb'))) {
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`building the demo warehouse in ${dir} (once)\n`);
  execFileSync(process.execPath, [bin, '--quiet', 'demo'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function median(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: dir, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  return times.length % 2
    ? (times[mid] as number)
    : ((times[mid - 1] as number) + (times[mid] as number)) / 2;
}

const cases: [string, string[], number | undefined][] = [
  ['node -e 0', ['-e', '0'], undefined],
  ['finops --version', [bin, '--version'], 300],
  ['finops --help', [bin, '--help'], 300],
  ['finops status', [bin, 'status'], 600],
];
console.log(`${os.cpus().length} cores, Node ${process.version}, median of ${runs} runs`);
for (const [label, args, target] of cases) {
  const ms = median(args);
  const verdict =
    target === undefined
      ? ''
      : ms <= target
        ? `  (target < ${target} ms: met)`
        : `  (target < ${target} ms: MISSED)`;
  console.log(`${label.padEnd(18)} ${ms.toFixed(0).padStart(5)} ms${verdict}`);
}

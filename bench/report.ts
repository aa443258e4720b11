/** The bench's figures as text: the import's steps, and the markdown table the README carries. */
import { formatBytes, formatCount } from '../src/format.ts';
import type { BenchData } from './cur-data.ts';

export interface Measured {
  ms: number;
  /** CPU time of the whole process (user + system), DuckDB's threads included. */
  cpuMs: number;
  maxRssMb: number;
  rows: number;
  /** The import's ledger timings, ms. */
  steps?: Record<'fetch' | 'stage' | 'normalize' | 'publish' | 'validate', number | string>;
}

export interface SizeResult {
  data: BenchData;
  floor: Measured;
  full: Measured;
}

const seconds = (ms: unknown) => `${(Number(ms) / 1000).toFixed(1)} s`;

export function stepsLine(r: Measured): string {
  const s = r.steps;
  if (!s) return '';
  return (
    `import steps: fetch and checks ${seconds(s.fetch)}, typed read ${seconds(s.stage)}, ` +
    `FOCUS mapping ${seconds(s.normalize)}, publish ${seconds(s.publish)}, FOCUS validation ${seconds(s.validate)}`
  );
}

const rate = (r: Measured) => formatCount(Math.round(r.rows / (r.ms / 1000)));
const time = (r: Measured) => `${(r.ms / 1000).toFixed(1)} s`;
const cpu = (r: Measured) => `${(r.cpuMs / 1000).toFixed(1)} s`;
export const ratios = (floor: Measured, full: Measured) =>
  `${(full.ms / floor.ms).toFixed(2)}x, ${(full.cpuMs / floor.cpuMs).toFixed(2)}x`;
const rss = (r: Measured) => `${formatCount(Math.round(r.maxRssMb))} MB`;

export function markdownTable(results: SizeResult[]): string {
  const head = [
    '| Rows | .csv.gz | Bare load | rows/s | CPU | Peak RSS | Import | rows/s | CPU | Peak RSS | Import / bare (time, CPU) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const body = results.map(
    ({ data, floor, full }) =>
      `| ${formatCount(floor.rows)} | ${formatBytes(data.bytes)} | ${time(floor)} | ${rate(floor)} | ${cpu(floor)} | ${rss(floor)} | ` +
      `${time(full)} | ${rate(full)} | ${cpu(full)} | ${rss(full)} | ${ratios(floor, full)} |`,
  );
  return [...head, ...body].join('\n');
}

/** The bench's figures as text: the import's steps, and the markdown table the README carries. */
import { formatBytes, formatCount } from '../src/format.ts';
import type { BenchData } from './cur-data.ts';

export interface Measured {
  ms: number;
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
const rss = (r: Measured) => `${formatCount(Math.round(r.maxRssMb))} MB`;

export function markdownTable(results: SizeResult[]): string {
  const head = [
    '| Rows | .csv.gz | Bare load | rows/s | Peak RSS | Import | rows/s | Peak RSS | Import / bare |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const body = results.map(
    ({ data, floor, full }) =>
      `| ${formatCount(floor.rows)} | ${formatBytes(data.bytes)} | ${time(floor)} | ${rate(floor)} | ${rss(floor)} | ` +
      `${time(full)} | ${rate(full)} | ${rss(full)} | ${(full.ms / floor.ms).toFixed(2)}x |`,
  );
  return [...head, ...body].join('\n');
}

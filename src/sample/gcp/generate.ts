/**
 * `finops sample gcp`: a sample GCP billing export (the detailed table's fields) as the files an export
 * of the BigQuery table gives: newline-delimited JSON, nested as BigQuery writes it, one folder per
 * invoice month (`<prefix>/<YYYY-MM>/billing-export-NNNNNNNNNNNN.json[.gz]`). The same rows, per month,
 * are returned for a BigQuery stand-in to serve, with exact totals for tests and the demo.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { periodFromLabel, periodOfDate } from '../../billing-period.ts';
import { joinKey } from '../../stores/store.ts';
import { Random } from '../random.ts';
import { type ExportRow, monthRows } from './rows.ts';

export interface GcpSampleOptions {
  out: string;
  prefix?: string;
  /** First invoice month, YYYY-MM. */
  start?: string;
  months?: number;
  /** Usage days per month (default: the whole month). */
  days?: number;
  rowsPerDay?: number;
  filesPerMonth?: number;
  gzip?: boolean;
  seed?: number;
}

export interface GcpSampleMonth {
  period: string;
  keys: string[];
  rows: number;
  /** Rows that become FOCUS Credit rows (promotional credits). */
  creditRows: number;
  /** Exact sums, nine fractional digits (BigQuery NUMERIC). */
  cost: string;
  credits: string;
  /** cost + credits: what Google invoices for the month. */
  billed: string;
  tableRows: ExportRow[];
}

export interface GcpSample {
  prefix: string;
  months: GcpSampleMonth[];
}

export async function generateGcpSample(options: GcpSampleOptions): Promise<GcpSample> {
  const random = new Random(options.seed ?? 42);
  const prefix = options.prefix ?? 'gcp-billing';
  const months: GcpSampleMonth[] = [];
  let period = periodFromLabel(options.start ?? '2024-01');
  for (let m = 0; m < (options.months ?? 3); m++, period = periodOfDate(period.end)) {
    const inMonth = Math.round((Date.parse(period.end) - Date.parse(period.start)) / 86_400_000);
    const month = monthRows(
      period,
      Math.min(options.days ?? inMonth, inMonth),
      options.rowsPerDay ?? 40,
      random,
    );
    const files = Math.max(1, options.filesPerMonth ?? 1);
    const keys: string[] = [];
    for (let f = 0; f < files; f++) {
      const name = `billing-export-${String(f).padStart(12, '0')}.json${options.gzip ? '.gz' : ''}`;
      const key = joinKey(prefix, period.label, name);
      const part = month.rows.filter((_, i) => i % files === f);
      await writeLines(path.join(options.out, ...key.split('/')), part, !!options.gzip);
      keys.push(key);
    }
    months.push({
      period: period.label,
      keys,
      rows: month.rows.length,
      creditRows: month.creditRows,
      cost: nine(month.cost),
      credits: nine(month.credits),
      billed: nine(month.cost + month.credits),
      tableRows: month.rows,
    });
  }
  return { prefix, months };
}

async function writeLines(file: string, rows: ExportRow[], gzip: boolean): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const text = rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
  const out = createWriteStream(file);
  if (gzip) {
    const zip = createGzip();
    zip.end(text);
    await pipeline(zip, out);
  } else {
    await new Promise<void>((resolve, reject) =>
      out.end(text, (error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}

/** Micro-dollars as NUMERIC text with nine fractional digits. */
function nine(microDollars: bigint): string {
  const negative = microDollars < 0n;
  const digits = (negative ? -microDollars : microDollars).toString().padStart(7, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}000`;
}

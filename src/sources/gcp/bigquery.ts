/**
 * The billing export in BigQuery, through @google-cloud/bigquery: a small probe query says what a month
 * holds now (its version), and the month query (month.sql) runs as a job whose result pages are written,
 * as they arrive, to newline-delimited JSON files in the cache for DuckDB to read. Both queries filter on
 * the partition pseudo-column, so a month scans only its own export days. Transient HTTP faults (429,
 * 5xx, resets) are retried by the client library itself; anything else fails the month.
 *
 * Credentials: Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's user login,
 * or the attached service account), unless `authClient` gives a google-auth-library client.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BigQuery, BigQueryOptions, Job } from '@google-cloud/bigquery';
import { periodFromLabel } from '../../billing-period.ts';
import { FinopsError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { encodeSegment } from '../../stores/cache.ts';
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import { quotedTable, type TableRef, tableText } from './table-name.ts';

export interface BigQuerySettings {
  /** The project the query jobs run (and are billed) in; default: the table's project. */
  projectId?: string;
  /** The dataset's location (`US`, `EU`, `europe-west1`), where the jobs run. */
  location?: string;
  /** Another endpoint than https://bigquery.googleapis.com (a proxy, or a local stand-in in tests). */
  apiEndpoint?: string;
  /** A google-auth-library client instead of Application Default Credentials. */
  authClient?: BigQueryOptions['authClient'];
  /** Rows per result page (each page is one file). */
  pageRows?: number;
  /** Export days after the month's end still searched for its rows (late exports and corrections). */
  lateDays?: number;
}

export interface MonthProbe {
  rows: number;
  /** NUMERIC sum of cost, as text; null for an empty month. */
  cost: string | null;
  lastExport: string | null;
}

export class BillingTable {
  readonly ref: TableRef;
  private readonly settings: BigQuerySettings;
  private clientPromise?: Promise<BigQuery>;

  constructor(ref: TableRef, settings: BigQuerySettings = {}) {
    this.ref = ref;
    this.settings = settings;
  }

  /** The client library loads on first use, so other commands do not pay for it. */
  private client(): Promise<BigQuery> {
    this.clientPromise ??= import('@google-cloud/bigquery').then(
      (m) =>
        new m.BigQuery({
          projectId: this.settings.projectId ?? this.ref.project.replace(/^.*:/, ''),
          location: this.settings.location,
          apiEndpoint: this.settings.apiEndpoint,
          authClient: this.settings.authClient,
        }),
    );
    return this.clientPromise;
  }

  get url(): string {
    return `bigquery://${tableText(this.ref)}`;
  }

  /** The month's row count, cost and newest export time. */
  async probe(period: string): Promise<MonthProbe> {
    const job = await this.start('probe.sql', period);
    const [rows] = await this.call('probe', () => job.getQueryResults({ location: this.settings.location }));
    const r = (rows[0] ?? {}) as {
      row_count?: number | string;
      cost?: string | null;
      last_export?: string | null;
    };
    return { rows: Number(r.row_count ?? 0), cost: r.cost ?? null, lastExport: r.last_export ?? null };
  }

  /**
   * Runs the month query and writes each result page to `<dir>/page-NNNNN.ndjson` (the folder is
   * emptied first). Returns the files and the job's id.
   */
  async fetchMonth(
    period: string,
    dir: string,
    logger: Logger,
  ): Promise<{ files: LocalDataFile[]; jobId: string }> {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const job = await this.start('month.sql', period);
    const jobId = job.id as string;
    const files: LocalDataFile[] = [];
    let query: Record<string, unknown> | null = {
      autoPaginate: false,
      maxResults: this.settings.pageRows ?? 50_000,
      location: this.settings.location,
    };
    while (query) {
      const options: Record<string, unknown> = query;
      const [rows, next] = await this.call(`page ${files.length + 1}`, () => job.getQueryResults(options));
      const texts = (rows as { row?: unknown }[]).map((r) => r.row);
      if (texts.length > 0) files.push(await this.writePage(dir, jobId, files.length + 1, texts));
      query = (next as Record<string, unknown> | null) ?? null;
    }
    logger.debug(`${tableText(this.ref)} ${period}: job ${jobId}, ${files.length} page(s)`);
    return { files, jobId };
  }

  private async start(sqlFile: string, period: string): Promise<Job> {
    const p = periodFromLabel(period);
    const from = new Date(`${p.start}T00:00:00Z`);
    from.setUTCDate(from.getUTCDate() - 1);
    const to = new Date(`${p.end}T00:00:00Z`);
    to.setUTCDate(to.getUTCDate() + (this.settings.lateDays ?? 15));
    const query = fillTemplate(readSql(import.meta.url, sqlFile), { table: quotedTable(this.ref) });
    const client = await this.client();
    const [job] = await this.call('query', () =>
      client.createQueryJob({
        query,
        location: this.settings.location,
        params: {
          partition_from: from.toISOString(),
          partition_to: to.toISOString(),
          invoice_month: period.replace('-', ''),
        },
      }),
    );
    return job;
  }

  /** One page as JSON lines: the month query returns one column, `row`, each row's JSON text. */
  private async writePage(dir: string, jobId: string, n: number, texts: unknown[]): Promise<LocalDataFile> {
    const name = `page-${String(n).padStart(5, '0')}.ndjson`;
    const file = path.join(dir, name);
    const out = createWriteStream(file);
    for (const text of texts) {
      if (typeof text !== 'string') throw new Error(`page ${n} has a row that is not JSON text`);
      if (!out.write(`${text}\n`)) await new Promise((resolve) => out.once('drain', resolve));
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    const key = `${encodeSegment(jobId)}/${name}`;
    return { key, path: file, url: `${this.url}/${key}`, size: (await stat(file)).size };
  }

  /** Library errors carry Google's reason; this says which table and step, and how to fix access. */
  private async call<T>(step: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const e = error as { code?: number; message?: string; errors?: { reason?: string }[] };
      const denied = e.code === 403 || e.code === 401;
      throw new FinopsError(`BigQuery ${step} failed: ${e.message ?? String(error)}`, {
        kind: e.code === 400 || e.code === 404 ? 'input' : 'runtime',
        file: `${this.url}`,
        cause: error,
        hint: denied
          ? 'the credentials need roles/bigquery.jobUser on the project that runs the query and roles/bigquery.dataViewer on the dataset'
          : e.code === 404
            ? 'check the table name (project.dataset.table) and the dataset location (--location)'
            : undefined,
      });
    }
  }
}

/** Where a month's pages are kept: inside the cache, one folder per table and month. */
export function pagesDir(cacheRoot: string, ref: TableRef, period: string): string {
  const dir = path.resolve(cacheRoot, 'bigquery', encodeSegment(tableText(ref)), encodeSegment(period));
  if (!dir.startsWith(path.resolve(cacheRoot) + path.sep)) throw new Error('pages folder outside the cache');
  return dir;
}

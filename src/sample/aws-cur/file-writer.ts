/**
 * Writes generated line items as AWS writes CUR files: legacy CUR CSV (`category/Name` headers, tags as
 * columns, gzip or zip), CUR 2.0 CSV (snake_case, maps as JSON text, gzip), or Parquet (legacy CUR for
 * Athena with snake_case columns, or CUR 2.0 with real maps), with numbers as DOUBLE as AWS does.
 */
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { joinKey } from '../../stores/store.ts';
import { quoteIdent, quoteLiteral } from '../../warehouse/sql.ts';
import { Warehouse } from '../../warehouse/warehouse.ts';
import { CsvWriter } from '../csv-writer.ts';
import { zipSingleFile } from '../zip-writer.ts';
import { accounts } from './catalog.ts';
import {
  v1TagColumns,
  v2MapColumns,
  v2MapEntry,
  v2NameOf,
  v2NumbersAsStrings,
  v2OnlyColumns,
} from './columns.ts';
import type { LineItem } from './line-items.ts';

export interface WrittenFile {
  key: string;
  size: number;
  rows: number;
}

export interface FileWriterOptions {
  root: string;
  dir: string;
  exportName: string;
  curVersion: 'v1' | 'v2';
  format: 'csv' | 'parquet';
  compression: 'gzip' | 'zip';
  monthIndex: number;
  baseColumns: readonly string[];
}

type Kind = 'number' | 'timestamp' | 'text' | 'map';

const accountNames = new Map(accounts.map((a) => [a.id, a.name]));

/** What AWS declares a legacy column as. */
export function kindOfV1(header: string): Kind {
  const name = header.slice(header.indexOf('/') + 1);
  if (/^(BillingPeriodStartDate|BillingPeriodEndDate|UsageStartDate|UsageEndDate)$/.test(name))
    return 'timestamp';
  if (/RateCode|RateId/.test(name)) return 'text';
  if (
    /(Cost|Rate|Amount|Fee|Value|Units|Quantity|Factor|Commitment|CommitmentToDate|NumberOfReservations|ForBillingPeriod|ForUsage)$/.test(
      name,
    )
  ) {
    return 'number';
  }
  return 'text';
}

interface OutColumn {
  name: string;
  kind: Kind;
  value: (item: LineItem) => string | undefined;
}

export class CurFileWriter {
  private readonly out: OutColumn[];
  private readonly written: WrittenFile[] = [];
  private writer?: CsvWriter;
  private current?: { key: string; path: string; rows: number };

  constructor(private readonly o: FileWriterOptions) {
    this.out =
      o.curVersion === 'v2'
        ? v2Columns(o.baseColumns)
        : v1Columns(o, [...o.baseColumns, ...v1TagColumns(o.monthIndex)]);
  }

  columns(): { name: string; type: string }[] {
    return this.out.map((c) => ({ name: c.name, type: c.kind }));
  }

  async startFile(index: number): Promise<void> {
    const n = String(index).padStart(5, '0');
    const ext =
      this.o.format === 'parquet' ? '.snappy.parquet' : this.o.compression === 'zip' ? '.csv.zip' : '.csv.gz';
    const key = joinKey(this.o.dir, `${this.o.exportName}-${n}${ext}`);
    const file = path.join(this.o.root, ...key.split('/'));
    const csv = this.o.format === 'csv' && this.o.compression === 'gzip' ? file : `${file}.tmp.csv`;
    this.current = { key, path: file, rows: 0 };
    this.writer = await CsvWriter.open(
      csv,
      this.out.map((c) => c.name),
      csv === file,
    );
  }

  async write(item: LineItem): Promise<void> {
    if (!this.writer || !this.current) throw new Error('no file started');
    await this.writer.write(this.out.map((c) => c.value(item)));
    this.current.rows++;
  }

  async endFile(): Promise<void> {
    if (!this.writer || !this.current) return;
    await this.writer.close();
    const { key, path: file, rows } = this.current;
    if (this.o.format === 'parquet') await this.toParquet(`${file}.tmp.csv`, file);
    else if (this.o.compression === 'zip')
      await zipSingleFile(
        `${file}.tmp.csv`,
        `${this.o.exportName}-${key.split('-').at(-1)?.replace('.zip', '')}`,
        file,
      );
    await rm(`${file}.tmp.csv`, { force: true });
    this.written.push({ key, size: (await stat(file)).size, rows });
    this.writer = undefined;
  }

  files(): WrittenFile[] {
    return this.written;
  }

  private async toParquet(csv: string, target: string): Promise<void> {
    const w = await Warehouse.open({ path: ':memory:' });
    try {
      const struct = this.out.map((c) => `${quoteLiteral(c.name)}: 'VARCHAR'`).join(', ');
      const select = this.out.map((c) => `${parquetValue(c)} AS ${quoteIdent(c.name)}`).join(', ');
      await w.run(
        `COPY (SELECT ${select} FROM read_csv($csv, header = true, auto_detect = false, columns = {${struct}}))
         TO ${quoteLiteral(`${target}.part`)} (FORMAT parquet, COMPRESSION snappy)`,
        { csv },
      );
    } finally {
      w.close();
    }
    await rename(`${target}.part`, target);
  }
}

function parquetValue(c: OutColumn): string {
  const v = quoteIdent(c.name);
  if (c.kind === 'number') return `CAST(${v} AS DOUBLE)`;
  if (c.kind === 'timestamp') return `CAST(CAST(${v} AS TIMESTAMPTZ) AS TIMESTAMP)`;
  if (c.kind === 'map') return `CAST(json(${v}) AS MAP(VARCHAR, VARCHAR))`;
  return v;
}

/** Legacy CUR: headers as AWS prints them, or Athena's snake_case names in Parquet. */
function v1Columns(o: FileWriterOptions, headers: string[]): OutColumn[] {
  return headers.map((h) => ({
    name: o.format === 'parquet' ? athenaName(h) : h,
    kind: kindOfV1(h),
    value: (item) => item[h],
  }));
}

function athenaName(header: string): string {
  const fixed = v2NameOf[header];
  if (fixed) return fixed;
  const entry = v2MapEntry(header);
  if (!entry) throw new Error(`no Athena name for ${header}`);
  return entry.map === 'product' ? `product_${entry.key}` : `${entry.map}_${entry.key}`;
}

/** CUR 2.0: the fixed snake_case columns, two account names, and the map columns as JSON. */
function v2Columns(base: readonly string[]): OutColumn[] {
  const columns: OutColumn[] = base
    .filter((h) => v2NameOf[h])
    .map((h) => {
      const name = v2NameOf[h] as string;
      const kind: Kind = v2NumbersAsStrings.has(name) ? 'text' : kindOfV1(h);
      return { name, kind, value: (item: LineItem) => item[h] };
    });
  const [payerName, accountName] = v2OnlyColumns;
  columns.push(
    { name: payerName, kind: 'text', value: (item) => accountNames.get(item['bill/PayerAccountId'] ?? '') },
    {
      name: accountName,
      kind: 'text',
      value: (item) => accountNames.get(item['lineItem/UsageAccountId'] ?? ''),
    },
  );
  for (const map of v2MapColumns) {
    columns.push({ name: map, kind: 'map', value: (item) => mapJson(item, map) });
  }
  return columns;
}

function mapJson(item: LineItem, map: string): string {
  const entries: Record<string, string> = {};
  for (const [header, value] of Object.entries(item)) {
    const entry = v2MapEntry(header);
    if (entry?.map === map && value !== '') entries[entry.key] = value;
  }
  return JSON.stringify(entries);
}

/**
 * Writes one month's drop into a local folder: the CBF rows built by DuckDB (rows.sql), cut into gzipped
 * CSV files of at most `rowsPerFile` rows, each written by DuckDB's COPY, so money goes from DECIMAL to
 * text without ever being a JavaScript number. Then the files are read back and reconciled with the
 * warehouse (reconcile.ts) before anything is uploaded.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { periodFromLabel } from '../../billing-period.ts';
import { FinopsError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { quoteIdent, quoteLiteral } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { baseColumns, type CbfScope, cbfSql, scopeParams } from './columns.ts';
import { digestFiles } from './digest.ts';
import { dataFileName } from './layout.ts';
import { checkDropTotals, warehouseTotals } from './reconcile.ts';
import type { CostTotals, DropFile } from './record.ts';
import { planTagColumns, tagColumnSql, tagKeys } from './tags.ts';

export interface RenderedDrop {
  /** The files in order, with their local paths. */
  files: (DropFile & { path: string })[];
  rows: number;
  fingerprint: string;
  empty: boolean;
  currency: string | null;
  totals: CostTotals;
  tagColumns: number;
  movedRows: number;
  untaggedRows: number;
}

const noTotals: CostTotals = { 'cost/cost': null, 'cost/amortized_cost': null, 'cost/on_demand_cost': null };

/** Renders the rows of one month (`scope.period`) into `dir`. */
export async function renderMonth(
  w: Warehouse,
  scope: CbfScope & { period: string },
  options: { rowsPerFile: number; dir: string },
  logger: Logger,
): Promise<RenderedDrop> {
  const expected = await warehouseTotals(w, scope);
  const tags = planTagColumns(await tagKeys(w, scope), logger);
  const month = periodFromLabel(scope.period);
  const order = ['time/usage_start', ...baseColumns.filter((c) => c !== 'time/usage_start')]
    .concat(tags.map((t) => t.column))
    .map(quoteIdent)
    .join(', ');
  const tagSql = tags.map((t) => `${tagColumnSql(t)},\n`).join('');
  await w.run(cbfSql('rows.sql', { tag_columns: tagSql, order }), {
    ...scopeParams(scope),
    month_start: month.start,
    month_end: month.end,
  });
  try {
    const counts = await w.one<{ rows: number; moved: number; untagged: number }>(
      `SELECT count(*)::INTEGER AS rows, count(*) FILTER (cbf_moved)::INTEGER AS moved,
              count(*) FILTER (cbf_untagged)::INTEGER AS untagged FROM cbf_rows`,
    );
    const rows = counts?.rows ?? 0;
    const files = await writeFiles(w, rows, options);
    const digest = await digestFiles(files.map((f) => f.path));
    await checkDropTotals(w, files, expected, scope.period);
    return {
      files: files.map((f, i) => ({
        ...f,
        md5: digest.files[i]?.md5 ?? '',
        bytes: digest.files[i]?.bytes ?? 0,
      })),
      rows,
      fingerprint: digest.fingerprint,
      empty: false,
      currency: expected.currency,
      totals: expected.totals,
      tagColumns: tags.length,
      movedRows: counts?.moved ?? 0,
      untaggedRows: counts?.untagged ?? 0,
    };
  } finally {
    await w.run('DROP TABLE IF EXISTS cbf_rows');
  }
}

/**
 * An empty drop: one file with the header and no rows, which is how CloudZero removes a month ("An
 * empty drop is one containing a manifest.json file that points to a CSV file with headers and no
 * rows", docs.cloudzero.com/docs/anycost-cbf-drop-specs). The header is plain column names, so Node
 * writes it; no warehouse is needed.
 */
export async function renderEmpty(dir: string): Promise<RenderedDrop> {
  const file = path.join(dir, dataFileName(1));
  await writeFile(file, gzipSync(`${baseColumns.join(',')}\n`));
  const digest = await digestFiles([file]);
  const first = digest.files[0] ?? { md5: '', bytes: 0 };
  return {
    files: [{ name: dataFileName(1), path: file, rows: 0, ...first }],
    rows: 0,
    fingerprint: digest.fingerprint,
    empty: true,
    currency: null,
    totals: noTotals,
    tagColumns: 0,
    movedRows: 0,
    untaggedRows: 0,
  };
}

/** COPYs cbf_rows into files of at most `rowsPerFile` rows (one header-only file for no rows). */
async function writeFiles(
  w: Warehouse,
  rows: number,
  options: { rowsPerFile: number; dir: string },
): Promise<{ name: string; path: string; rows: number }[]> {
  if (!Number.isInteger(options.rowsPerFile) || options.rowsPerFile < 1) {
    throw new FinopsError(`rows per file must be a positive whole number, not ${options.rowsPerFile}`, {
      kind: 'usage',
    });
  }
  const count = Math.max(1, Math.ceil(rows / options.rowsPerFile));
  const files: { name: string; path: string; rows: number }[] = [];
  for (let i = 0; i < count; i++) {
    const name = dataFileName(i + 1);
    const file = path.join(options.dir, name);
    const after = i * options.rowsPerFile;
    const last = Math.min(rows, after + options.rowsPerFile);
    await w.run(cbfSql('copy-file.sql', { path: quoteLiteral(file) }), { after, last });
    files.push({ name, path: file, rows: last - after });
  }
  return files;
}

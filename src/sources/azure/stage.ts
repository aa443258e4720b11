/**
 * Stage the cost details (ActualCost, AmortizedCost) of a month's selected runs: files read by DuckDB
 * as text with RFC 4180 quoting, then converted to the declared types (columns.ts): decimals exactly
 * (scientific notation included), dates in the US (`09/01/2023`) and ISO forms. A value that does not
 * convert is reported with its file, line and column, and nothing is staged.
 */
import { inputError } from '../../errors.ts';
import { fillTemplate, quoteIdent, quoteLiteral, readSql } from '../../warehouse/sql.ts';
import { FOCUS_DECIMAL } from '../../warehouse/types.ts';
import type { Params, Warehouse } from '../../warehouse/warehouse.ts';
import { everyValue, parseCsvError } from '../csv-errors.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import { fileKeys, locatedRows } from '../located-rows.ts';
import { type AzureColumnType, absentMeans, costDetailsColumns, type PlannedAzureColumn } from './columns.ts';
import type { AzureDataset } from './manifest.ts';

export interface DetailsGroup {
  columns: PlannedAzureColumn[];
  files: LocalDataFile[];
  parquet: boolean;
  dataset: AzureDataset;
  runId: string;
  scope: string;
  exportName: string;
}

export interface DetailsStageRequest {
  /** Quoted table to create. */
  table: string;
  groups: DetailsGroup[];
  sourceName: string;
  loadId: number;
}

export async function stageCostDetails(w: Warehouse, req: DetailsStageRequest): Promise<void> {
  const files = req.groups.flatMap((g) => g.files);
  const params: Params = {
    ...fileKeys(files),
    sourceName: req.sourceName,
    loadId: req.loadId,
  };
  const reads = req.groups.map((g, i) => {
    params[`files${i}`] = g.files.map((f) => f.path);
    return groupRead(g, `$files${i}`);
  });
  const sql = fillTemplate(readSql(import.meta.url, 'stage.sql'), {
    table: req.table,
    located: locatedRows(reads),
  });
  try {
    await w.run(sql, params);
  } catch (error) {
    throw await explain(w, req.groups, error);
  }
}

/**
 * One group's rows: text read, then converted, with the run's lineage. Known columns the files lack are
 * typed NULLs, so every month's table has the whole canonical column set whatever the export delivered.
 */
function groupRead(g: DetailsGroup, filesParam: string): string {
  const list = g.columns.map((c, i) => `${convert(c, `c${i}`)} AS ${quoteIdent(c.name)}`);
  const delivered = new Set(g.columns.filter((c) => c.known).map((c) => c.name));
  for (const [name, spec] of Object.entries(costDetailsColumns)) {
    if (delivered.has(name)) continue;
    const value = absentMeans[name] === undefined ? 'NULL' : quoteLiteral(absentMeans[name]);
    list.push(`CAST(${value} AS ${sqlTypeOf(spec.type)}) AS ${quoteIdent(name)}`);
  }
  const lineage = [
    `${quoteLiteral(g.dataset)} AS finops_dataset`,
    `${quoteLiteral(g.runId)} AS finops_run_id`,
    `${quoteLiteral(g.scope)} AS finops_scope`,
    `${quoteLiteral(g.exportName)} AS finops_export`,
    'filename AS finops_path',
  ];
  return `SELECT ${[...list, ...lineage].join(', ')} FROM ${source(g, filesParam)}`;
}

/** The files as text columns c0, c1, ... (headers may repeat a name in another case). */
function source(g: DetailsGroup, filesParam: string): string {
  if (g.parquet) {
    const cols = g.columns.map((c, i) => `CAST(${quoteIdent(c.header)} AS VARCHAR) AS c${i}`);
    return `(SELECT ${cols.join(', ')}, filename FROM read_parquet(${filesParam}, union_by_name = true, filename = true))`;
  }
  const types = g.columns.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  return `read_csv(${filesParam}, header = true, auto_detect = false, strict_mode = true, filename = true,
            delim = ',', quote = '"', escape = '"', nullstr = '', columns = {${types}})`;
}

export function sqlTypeOf(type: AzureColumnType): string {
  return type === 'decimal' ? FOCUS_DECIMAL : type === 'date' ? 'DATE' : 'VARCHAR';
}

export function convert(c: PlannedAzureColumn, column: string): string {
  const v = `nullif(trim(${column}), '')`;
  if (c.type === 'decimal') return `CAST(${v} AS ${FOCUS_DECIMAL})`;
  if (c.type === 'date') {
    // Cost details carry days: ISO (2024-03-01, 2024-03-01T00:00:00Z) or US style (03/01/2024, 3/1/2024).
    return `CASE WHEN ${v} IS NULL THEN NULL
                 WHEN ${v} LIKE '____-__-__%' THEN CAST(left(${v}, 10) AS DATE)
                 ELSE CAST(strptime(${v}, '%m/%d/%Y') AS DATE) END`;
  }
  return column;
}

/** Names the file, line and column of a value that did not convert. */
async function explain(w: Warehouse, groups: DetailsGroup[], error: unknown) {
  const first = parseCsvError((error as Error).message);
  for (const g of groups) {
    for (const file of g.files) {
      const failure = await firstFault(w, g, file).catch((e: Error) => ({
        line: parseCsvError(e.message).line,
        reason: parseCsvError(e.message).reason,
      }));
      if (failure) return inputError(failure.reason, { file: file.url, line: failure.line, cause: error });
    }
  }
  return inputError(first.reason, { cause: error });
}

/** The first value that does not convert, or else the read's own fault (a short row, bytes not UTF-8). */
async function firstFault(w: Warehouse, g: DetailsGroup, file: LocalDataFile) {
  const bad = await firstBadValue(w, g, file);
  if (bad) return bad;
  // Only a read of every value meets a fault outside the typed columns.
  await w.all(everyValue(`SELECT * FROM ${source(g, '$files')}`), { files: [file.path] });
  return undefined;
}

async function firstBadValue(
  w: Warehouse,
  g: DetailsGroup,
  file: LocalDataFile,
): Promise<{ line?: number; reason: string } | undefined> {
  const typed = g.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.type !== 'text');
  if (typed.length === 0) return undefined;
  const checks = typed.map(
    ({ c, i }) =>
      `CASE WHEN nullif(trim(c${i}), '') IS NOT NULL AND ${convert(c, `c${i}`)
        .replace(/\bCAST\(/g, 'TRY_CAST(')
        .replace(/strptime\(/g, 'try_strptime(')} IS NULL THEN ${quoteLiteral(c.header)} END`,
  );
  await w.run('SET preserve_insertion_order = true');
  try {
    const values = typed.map(({ c, i }) => `CASE WHEN col = ${quoteLiteral(c.header)} THEN c${i} END`);
    const row = await w.one<{ n: number; col: string; value: string }>(
      `SELECT n::INTEGER AS n, col, coalesce(${values.join(', ')}) AS value FROM (
         SELECT row_number() OVER () AS n, coalesce(${checks.join(', ')}) AS col, * FROM ${source(g, '$files')}
       ) WHERE col IS NOT NULL ORDER BY n LIMIT 1`,
      { files: [file.path] },
    );
    if (!row) return undefined;
    const type = typed.find(({ c }) => c.header === row.col)?.c.type === 'date' ? 'date' : 'decimal number';
    return {
      line: row.n + 1,
      reason: `column ${JSON.stringify(row.col)}: ${JSON.stringify(row.value)} is not a valid ${type}`,
    };
  } finally {
    await w.run('SET preserve_insertion_order = false');
  }
}

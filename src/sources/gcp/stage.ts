/**
 * Stage: the export's files (delivered copies, or the month query's saved pages) read by DuckDB into a
 * flattened, typed raw table of one invoice month (stage.sql). Before that, `invoiceMonths` says which
 * months the files hold and refuses rows without one. A value that does not parse is reported with its
 * file (and line, when DuckDB knows it); nothing is staged from a month with one.
 */
import { inputError } from '../../errors.ts';
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { parseCsvError } from '../csv-errors.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import { fileKeys, locatedRows } from '../located-rows.ts';
import { fileReads } from './reads.ts';

export interface MonthStageRequest {
  /** Quoted table to create. */
  table: string;
  files: LocalDataFile[];
  /** Invoice month as the export writes it: `YYYYMM`. */
  invoiceMonth: string;
  sourceName: string;
  loadId: number;
}

/** Repeated key-value fields as one JSON object; the first value of a repeated key wins. */
function keyValueJson(list: string): string {
  const unique = `list_filter(${list}, lambda e, i: list_position(list_transform(${list}, lambda x: x.key), e.key) = i)`;
  return `CASE WHEN len(${list}) > 0 THEN to_json(map_from_entries(${unique})) END`;
}

export async function stageMonth(w: Warehouse, req: MonthStageRequest): Promise<void> {
  const reads = await fileReads(req.files);
  const sql = fillTemplate(readSql(import.meta.url, 'stage.sql'), {
    table: req.table,
    located: locatedRows(reads.selects),
    labels: keyValueJson('d.labels'),
    system_labels: keyValueJson('d.system_labels'),
    project_labels: keyValueJson('d.project.labels'),
  });
  await explained(w, req.files, () =>
    w.run(sql, {
      ...reads.params,
      ...fileKeys(req.files),
      month: req.invoiceMonth,
      sourceName: req.sourceName,
      loadId: req.loadId,
    }),
  );
  await checkRequired(w, req);
}

export interface MonthCount {
  /** `YYYYMM` */
  month: string;
  rows: number;
}

/** The invoice months in `files`, oldest first; a row without cost, currency or month is refused. */
export async function invoiceMonths(w: Warehouse, files: LocalDataFile[]): Promise<MonthCount[]> {
  const reads = await fileReads(files);
  if (reads.selects.length === 0) return [];
  const rows = await explained(w, files, () =>
    w.all<{ month: string | null; path: string; rows: number; incomplete: number }>(
      `SELECT invoice.month AS month, finops_path AS path, count(*)::INTEGER AS rows,
              count(*) FILTER (WHERE cost IS NULL OR currency IS NULL)::INTEGER AS incomplete
       FROM (${reads.selects.join('\nUNION ALL BY NAME\n')}) GROUP BY ALL ORDER BY ALL`,
      reads.params,
    ),
  );
  const urlOf = (p: string) => files.find((f) => f.path === p)?.url ?? p;
  const bad = rows.find((r) => r.month === null || !/^\d{6}$/.test(r.month) || r.incomplete > 0);
  if (bad) {
    throw inputError(
      bad.month === null || !/^\d{6}$/.test(bad.month)
        ? `${bad.rows} row(s) have no invoice.month in YYYYMM form (${JSON.stringify(bad.month)})`
        : `${bad.incomplete} row(s) of invoice month ${bad.month} have no cost or currency`,
      { file: urlOf(bad.path), hint: 'every row of the billing export has invoice.month, cost and currency' },
    );
  }
  const months = new Map<string, number>();
  for (const r of rows) months.set(r.month as string, (months.get(r.month as string) ?? 0) + r.rows);
  return [...months].map(([month, n]) => ({ month, rows: n }));
}

async function checkRequired(w: Warehouse, req: MonthStageRequest): Promise<void> {
  const bad = await w.one<{ file: string; n: number; what: string }>(
    `SELECT finops_source_file AS file, count(*)::INTEGER AS n,
            CASE WHEN any_value(cost IS NULL) THEN 'cost' WHEN any_value(currency IS NULL) THEN 'currency'
                 ELSE 'usage_start_time' END AS what
     FROM ${req.table}
     WHERE cost IS NULL OR currency IS NULL OR usage_start_time IS NULL
     GROUP BY ALL ORDER BY n DESC LIMIT 1`,
  );
  if (!bad) return;
  const file = req.files.find((f) => f.key === bad.file)?.url ?? bad.file;
  throw inputError(`${bad.n} row(s) have no ${bad.what}`, {
    file,
    hint: 'every row of the billing export has cost, currency and usage_start_time',
  });
}

/** Runs `work`; a failure is reported against the file (and line) it came from. */
async function explained<T>(w: Warehouse, files: LocalDataFile[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const explainedError = explain(files, error);
    if ((explainedError as { file?: string }).file || files.length < 2) throw explainedError;
    throw (await culprit(w, files)) ?? explainedError;
  }
}

/**
 * When DuckDB does not say which file a failure came from (a timestamp that does not parse), each file
 * is read alone, every value converted, until one fails.
 */
async function culprit(w: Warehouse, files: LocalDataFile[]): Promise<unknown> {
  for (const file of files) {
    const reads = await fileReads([file]);
    const times = ['usage_start_time', 'usage_end_time', 'export_time']
      .map((c) => `CAST(${c} AS TIMESTAMPTZ) AS finops_${c}`)
      .join(', ');
    try {
      await w.all(
        `SELECT count(*) FROM (SELECT *, ${times} FROM (${reads.selects.join(' UNION ALL BY NAME ')})) AS t
         WHERE t::VARCHAR IS NOT NULL`,
        reads.params,
      );
    } catch (fileError) {
      return explain([file], fileError);
    }
  }
  return undefined;
}

function explain(files: LocalDataFile[], error: unknown): unknown {
  if (!(error instanceof Error) || error.name === 'FinopsError') return error;
  const message = error.message;
  const json =
    /(Malformed JSON|JSON transform error) in file "([^"]+)",(?: at byte \d+)? in line (\d+): ([^\n]*)/.exec(
      message,
    );
  if (json) {
    const file = files.find((f) => f.path === json[2]);
    // DuckDB 1.5 numbers the line after a malformed one; a transform error names its own line.
    const line = Number(json[3]) - (json[1] === 'Malformed JSON' ? 1 : 0);
    return inputError(
      `${json[1] === 'Malformed JSON' ? 'malformed JSON' : 'a value does not fit'}: ${json[4]?.trim()}`,
      {
        file: file?.url ?? json[2],
        line,
        cause: error,
      },
    );
  }
  const csv = parseCsvError(message);
  const file = csv.path ? files.find((f) => f.path === csv.path) : undefined;
  if (csv.line !== undefined || file) {
    return inputError(csv.reason, { file: file?.url ?? csv.path, line: csv.line, cause: error });
  }
  const only = files.length === 1 ? files[0]?.url : undefined;
  return inputError(csv.reason, {
    file: only,
    cause: error,
    hint: only ? undefined : `one of ${files.length} files; load them one at a time to find it`,
  });
}

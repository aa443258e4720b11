/**
 * Stage: one batch's files read by DuckDB into a typed raw table, with RFC 4180 quoting (commas, quotes
 * and line breaks inside fields), declared types, timestamps converted to UTC, Tags checked to be JSON
 * objects, and every row checked to belong to the batch's billing period. A value that does not parse
 * is reported with its file and line; nothing is staged from a batch with one.
 */
import { inputError } from '../../errors.ts';
import { getOrCreate } from '../../map-cache.ts';
import { parseCsvLine, readFirstLine } from '../../stores/file-checks.ts';
import { mapLimit } from '../../stores/map-limit.ts';
import { fillTemplate, quoteIdent, quoteLiteral, readSql } from '../../warehouse/sql.ts';
import type { Params, Warehouse } from '../../warehouse/warehouse.ts';
import { everyValue, parseCsvError } from '../csv-errors.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import { fileKeys, locatedRows } from '../located-rows.ts';
import { type ColumnPlan, type PlannedColumn, planColumns } from './columns.ts';
import { type TagKey, tagColumns } from './tags.ts';
import { offsetPattern } from './timezone.ts';

export interface FileGroup {
  plan: ColumnPlan;
  files: LocalDataFile[];
}

export interface RawStageRequest {
  /** Quoted table to create. */
  table: string;
  groups: FileGroup[];
  sourceName: string;
  loadId: number;
  batchId: string;
  period: string;
  /** Zone of timestamps written without an offset. */
  zone: string;
  tags: TagKey[];
}

const required = ['BilledCost', 'BillingCurrency', 'BillingPeriodStart'];

/** The batch's files grouped by header, each with its column plan. */
export async function groupByHeader(files: LocalDataFile[]): Promise<FileGroup[]> {
  const headers = await mapLimit(files, 4, async (f) =>
    parseCsvLine(await readFirstLine(f.path, /\.gz$/i.test(f.path))),
  );
  const groups = new Map<string, FileGroup>();
  files.forEach((file, i) => {
    const h = headers[i] as string[];
    const group = getOrCreate(groups, h.join('\u0000'), () => ({
      plan: planColumns(h, file.url),
      files: [],
    }));
    for (const name of required) {
      if (!group.plan.columns.some((c) => c.focusName === name)) {
        throw inputError(`the file has no ${name} column (a mandatory FOCUS column)`, {
          file: file.url,
          line: 1,
        });
      }
    }
    group.files.push(file);
  });
  return [...groups.values()];
}

export async function stageRaw(w: Warehouse, req: RawStageRequest): Promise<void> {
  const params: Params = {
    ...fileKeys(req.groups.flatMap((g) => g.files)),
    sourceName: req.sourceName,
    loadId: req.loadId,
    batch: req.batchId,
    zone: req.zone,
    offset: offsetPattern,
  };
  const reads = req.groups.map((g, i) => {
    params[`files${i}`] = g.files.map((f) => f.path);
    return groupRead(g.plan, `$files${i}`, 'convert');
  });
  const tagHeader = req.groups.flatMap((g) => g.plan.columns).find((c) => c.focusName === 'Tags')?.header;
  const sql = fillTemplate(readSql(import.meta.url, 'stage.sql'), {
    table: req.table,
    located: locatedRows(reads),
    tag_columns: tagColumns(req.tags, tagHeader ? `l.${quoteIdent(tagHeader)}` : undefined)
      .map((c) => `${c},`)
      .join('\n       '),
  });
  try {
    await w.run(sql, params);
  } catch (error) {
    throw await explain(w, req, error);
  }
  await checkPeriod(w, req);
}

/** One typed read of files that share a header. `convert`: timestamps to UTC; `locate`: as TIMESTAMP. */
function groupRead(plan: ColumnPlan, filesParam: string, mode: 'convert' | 'locate'): string {
  const list = plan.columns.map((c) => `${readValue(c, mode)} AS ${quoteIdent(c.header)}`);
  const types = plan.columns.map((c) => {
    const type = mode === 'locate' && c.kind === 'timestamp' ? 'TIMESTAMP' : c.readType;
    return `${quoteLiteral(c.header)}: ${quoteLiteral(type)}`;
  });
  return `SELECT ${list.join(', ')}, filename AS finops_path
          FROM read_csv(${filesParam}, header = true, auto_detect = false, strict_mode = true, filename = true,
                        delim = ',', quote = '"', escape = '"', nullstr = ['NULL', ''], columns = {${types.join(', ')}})`;
}

function readValue(c: PlannedColumn, mode: 'convert' | 'locate'): string {
  const v = quoteIdent(c.header);
  if (c.kind === 'timestamp' && mode === 'convert') {
    return `CASE WHEN ${v} IS NULL THEN NULL WHEN regexp_matches(${v}, $offset) THEN CAST(${v} AS TIMESTAMPTZ)
            ELSE timezone($zone, CAST(${v} AS TIMESTAMP)) END`;
  }
  if (c.kind === 'json') {
    const why = quoteLiteral(`column ${c.header} holds JSON that is not an object: `);
    return `CASE WHEN ${v} IS NULL OR json_type(${v}) = 'OBJECT' THEN ${v} ELSE error(${why} || left(${v}::VARCHAR, 60)) END`;
  }
  return v;
}

/** Every row must be of the batch's billing month (the month its BillingPeriodStart begins, in any zone). */
async function checkPeriod(w: Warehouse, req: RawStageRequest): Promise<void> {
  const start = quoteIdent(
    req.groups[0]?.plan.columns.find((c) => c.focusName === 'BillingPeriodStart')?.header ??
      'BillingPeriodStart',
  );
  const wrong = await w.one<{ file: string; period: string | null; n: number }>(
    `SELECT finops_source_file AS file, strftime(${start} + INTERVAL 14 HOUR, '%Y-%m') AS period, count(*)::INTEGER AS n
     FROM ${req.table} WHERE period IS DISTINCT FROM $period GROUP BY ALL ORDER BY n DESC LIMIT 1`,
    { period: req.period },
  );
  if (!wrong) return;
  const file = req.groups.flatMap((g) => g.files).find((f) => f.key === wrong.file)?.url ?? wrong.file;
  throw inputError(
    wrong.period === null
      ? `${wrong.n} row(s) have no BillingPeriodStart (a mandatory FOCUS column)`
      : `${wrong.n} row(s) belong to billing period ${wrong.period}, not ${req.period} (the batch's folder)`,
    { file, hint: 'check the layout pattern (alibaba.pattern) against the folders the export writes' },
  );
}

/** Names the file (and line) of a failure; DuckDB's message does not always say which file it was. */
async function explain(w: Warehouse, req: RawStageRequest, error: unknown) {
  const first = parseCsvError((error as Error).message);
  for (const g of req.groups) {
    for (const file of g.files) {
      if (first.path && first.path !== file.path) continue;
      for (const mode of ['locate', 'convert'] as const) {
        try {
          const params: Params = mode === 'locate' ? {} : { zone: req.zone, offset: offsetPattern };
          await w.all(everyValue(groupRead(g.plan, '$files', mode)), { files: [file.path], ...params });
        } catch (fileError) {
          const failure = parseCsvError((fileError as Error).message);
          return inputError(failure.reason, { file: file.url, line: failure.line, cause: fileError });
        }
      }
    }
  }
  return inputError(first.reason, { cause: error });
}

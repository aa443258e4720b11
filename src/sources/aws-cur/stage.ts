/**
 * Stage: DuckDB reads the delivery's local files into one table in the normalized shape, in one pass:
 * declared types (never sniffed), v1 names normalized, tags gathered into maps, and lineage columns
 * (source, load, file) added. The table is created (in one statement, so wholly or not at all) under a
 * temporary name beside its target; publishing then renames it into place in the load's transaction.
 */
import { inputError } from '../../errors.ts';
import { getOrCreate } from '../../map-cache.ts';
import { parseCsvLine, readFirstLine } from '../../stores/file-checks.ts';
import { mapLimit } from '../../stores/map-limit.ts';
import { quoteIdent, quoteLiteral } from '../../warehouse/sql.ts';
import { DECIMAL, JSON_OBJECT, type SqlType, TEXT, WIDE_DECIMAL } from '../../warehouse/types.ts';
import type { Params, Warehouse } from '../../warehouse/warehouse.ts';
import { everyValue, isNumeric, parseCsvError } from '../csv-errors.ts';
import { type CsvField, fieldColumn, headerOfColumn, readCsvFields } from '../csv-read.ts';
import { checkDecimalPlaces } from '../decimal-places.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import { convertDelivered, explainConversion, isText } from '../stage-values.ts';
import { checkHeader } from './checks.ts';
import { type ColumnPlan, planColumns, selectList } from './column-plan.ts';
import { columnType, targetOfSnakeColumn, targetOfV1Column } from './columns.ts';
import type { CurDelivery } from './manifest.ts';

export interface StageRequest {
  table: string;
  delivery: CurDelivery;
  files: LocalDataFile[];
  sourceName: string;
  loadId: number;
}

export interface StageResult {
  lineage: ColumnPlan['lineage'];
}

export async function stage(w: Warehouse, req: StageRequest): Promise<StageResult> {
  return req.delivery.format === 'parquet' ? stageParquet(w, req) : stageCsv(w, req);
}

/** One read_csv per distinct header (columns differ between files only in unusual deliveries). */
async function stageCsv(w: Warehouse, req: StageRequest): Promise<StageResult> {
  const groups = await groupByHeader(req.files);
  const widened = new Set<string>();
  for (const g of groups)
    await checkDecimalPlaces(g.files, csvFields(planCsv(req.delivery, g.headers, widened), g.headers));
  for (;;) {
    const plans = groups.map((g) => planCsv(req.delivery, g.headers, widened));
    for (const [i, plan] of plans.entries()) {
      checkHeader(plan, groups[i]?.headers ?? [], groups[i]?.files[0] as LocalDataFile);
    }
    const params: Params = {};
    const selects = groups.map((g, i) => {
      params[`files${i}`] = g.files.map((f) => f.path);
      return csvSelect(plans[i] as ColumnPlan, g.headers, `$files${i}`);
    });
    try {
      await createStage(w, req, selects, params);
      return { lineage: plans.flatMap((p) => p.lineage) };
    } catch (error) {
      const failure = parseCsvError((error as Error).message);
      // A number too large for the fast decimal: read that column (in whichever group it is) wide.
      const narrow = groups
        .map((g, i) => headerOfColumn(csvFields(plans[i] as ColumnPlan, g.headers), failure.column))
        .flatMap((header) =>
          plans.flatMap((p) => p.columns).filter((c) => header && c.headers.includes(header)),
        )
        .filter((c) => c.type === DECIMAL && !widened.has(c.name));
      if (narrow.length > 0 && failure.value && isNumeric(failure.value)) {
        for (const c of narrow) widened.add(c.name);
        continue;
      }
      throw await explainCsvFailure(w, req, groups, plans, error);
    }
  }
}

interface HeaderGroup {
  headers: string[];
  files: LocalDataFile[];
}

async function groupByHeader(files: LocalDataFile[]): Promise<HeaderGroup[]> {
  const lines = await mapLimit(files, 4, (f) => readFirstLine(f.path, /\.gz$/i.test(f.path)));
  const groups = new Map<string, HeaderGroup>();
  files.forEach((file, i) => {
    const line = lines[i] as string;
    const headers = parseCsvLine(line);
    if (line.trim() === '' || headers.length < 2) {
      throw inputError('the file has no CSV header line', { file: file.url, line: 1 });
    }
    const dup = headers.find((h, j) => headers.indexOf(h) !== j);
    if (dup !== undefined)
      throw inputError(`the header names column ${JSON.stringify(dup)} twice`, { file: file.url, line: 1 });
    getOrCreate(groups, line, () => ({ headers, files: [] }) as HeaderGroup).files.push(file);
  });
  return [...groups.values()];
}

function planCsv(delivery: CurDelivery, headers: string[], widened: Set<string>): ColumnPlan {
  const v1 = headers.some((h) => h.includes('/'));
  return planColumns(headers, v1 ? targetOfV1Column : targetOfSnakeColumn, (column, header) =>
    widened.has(column) ? WIDE_DECIMAL : columnType(column, delivery.columnTypes.get(header)),
  );
}

/** The planned columns of one header group, read by position (see csv-read.ts). */
function csvSelect(plan: ColumnPlan, headers: string[], filesParam: string): string {
  const position = new Map(headers.map((h, i) => [h, fieldColumn(i)]));
  const value = (h: string) => quoteIdent(position.get(h) as string);
  const list = selectList(
    plan,
    value,
    (h) => `CAST(COALESCE(NULLIF(${value(h)}, ''), '{}') AS ${JSON_OBJECT})`,
  );
  return `SELECT ${list.join(', ')}, filename AS finops_path FROM ${readCsvFields(csvFields(plan, headers), filesParam)}`;
}

const csvFields = (plan: ColumnPlan, headers: string[]): CsvField[] =>
  headers.map((header) => ({ header, type: plan.readTypes.get(header) ?? TEXT }));

async function stageParquet(w: Warehouse, req: StageRequest): Promise<StageResult> {
  const params: Params = { files: req.files.map((f) => f.path) };
  const described = await w.all<{ column_name: string; column_type: string }>(
    'DESCRIBE SELECT * FROM read_parquet($files, union_by_name = true, hive_partitioning = false)',
    params,
  );
  const delivered = new Map(described.map((d) => [d.column_name, d.column_type]));
  const plan = planColumns([...delivered.keys()], targetOfSnakeColumn, (column, header) =>
    widen(columnType(column, req.delivery.columnTypes.get(header) ?? delivered.get(header))),
  );
  checkHeader(plan, [...delivered.keys()], req.files[0] as LocalDataFile);
  const value = (h: string) =>
    convertDelivered(quoteIdent(h), delivered.get(h) ?? TEXT, plan.readTypes.get(h) ?? TEXT);
  const list = selectList(plan, value, (h) =>
    /^MAP/i.test(delivered.get(h) ?? '')
      ? `CAST(COALESCE(to_json(${quoteIdent(h)}), '{}') AS ${JSON_OBJECT})`
      : `CAST(COALESCE(NULLIF(${quoteIdent(h)}, ''), '{}') AS ${JSON_OBJECT})`,
  );
  const from = (files: string) =>
    `read_parquet(${files}, union_by_name = true, hive_partitioning = false, filename = true)`;
  const select = (files: string) => `SELECT ${list.join(', ')}, filename AS finops_path FROM ${from(files)}`;
  try {
    await createStage(w, req, [select('$files')], params);
  } catch (error) {
    const converted = [...delivered]
      .filter(
        ([h, t]) => isText(t) && plan.readTypes.get(h) !== TEXT && plan.readTypes.get(h) !== JSON_OBJECT,
      )
      .map(([h]) => ({ column: h, sql: quoteIdent(h), type: plan.readTypes.get(h) as string }));
    const explained = await explainConversion(w, req.files, { select, from, converted }, error);
    if (explained !== error) throw explained;
    throw inputError(`cannot read the Parquet files: ${(error as Error).message.split('\n')[0]}`, {
      file: req.files.length === 1 ? req.files[0]?.url : undefined,
      cause: error,
    });
  }
  return { lineage: plan.lineage };
}

/** Parquet amounts are read wide at once: DOUBLE and text carry no promise to fit the fast decimal. */
const widen = (t: SqlType): SqlType => (t === DECIMAL ? WIDE_DECIMAL : t);

async function createStage(
  w: Warehouse,
  req: StageRequest,
  selects: string[],
  params: Params,
): Promise<void> {
  // The reader's file name is one value per chunk: a CASE over it costs next to nothing, where a join
  // on it hashed every row (a tenth of the read on 2M rows).
  const whens = req.files.map((f) => `WHEN ${quoteLiteral(f.path)} THEN ${quoteLiteral(f.key)}`).join(' ');
  await w.run(
    `CREATE TABLE ${req.table} AS
     SELECT u.* EXCLUDE (finops_path), $sourceName AS finops_source_name, $loadId::BIGINT AS finops_load_id,
            CASE u.finops_path ${whens} END AS finops_source_file
     FROM (${selects.join('\nUNION ALL BY NAME\n')}) u`,
    { ...params, sourceName: req.sourceName, loadId: req.loadId },
  );
}

/**
 * DuckDB does not always say which of several files failed. Re-read each file alone (only on this
 * failure path) to name the file, then report its line and the reason.
 */
async function explainCsvFailure(
  w: Warehouse,
  req: StageRequest,
  groups: HeaderGroup[],
  plans: ColumnPlan[],
  error: unknown,
) {
  const first = parseCsvError((error as Error).message);
  for (const [i, group] of groups.entries()) {
    for (const file of group.files) {
      if (first.path && first.path !== file.path) continue;
      const plan = plans[i] as ColumnPlan;
      try {
        await w.all(everyValue(csvSelect(plan, group.headers, '$files')), { files: [file.path] });
      } catch (fileError) {
        const failure = parseCsvError((fileError as Error).message, (c) =>
          headerOfColumn(csvFields(plan, group.headers), c),
        );
        return inputError(failure.reason, { file: file.url, line: failure.line, cause: fileError });
      }
    }
  }
  return inputError(first.reason, {
    file: req.files.length === 1 ? req.files[0]?.url : undefined,
    line: first.line,
    cause: error,
  });
}

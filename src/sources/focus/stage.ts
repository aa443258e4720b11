/**
 * Stage: native FOCUS files of any version (1.0 to 1.3) read into one table in the warehouse's FOCUS
 * shape. Types are declared from the FOCUS column list (never sniffed), the literal strings NULL and
 * null (the FOCUS specification's own examples write it so) are nulls, older column and value names
 * are upgraded, and the columns later versions added are filled where the data allows
 * (ServiceProviderName and HostProviderName from ProviderName).
 */

import { inputError } from '../../errors.ts';
import { focusProjection } from '../../focus/relation.ts';
import { detectVersion, valueRenames } from '../../focus/versions.ts';
import { getOrCreate } from '../../map-cache.ts';
import { parseCsvLine, readFirstLine } from '../../stores/file-checks.ts';
import { mapLimit } from '../../stores/map-limit.ts';
import { quoteIdent, quoteLiteral } from '../../warehouse/sql.ts';
import { JSON_OBJECT } from '../../warehouse/types.ts';
import type { Params, Warehouse } from '../../warehouse/warehouse.ts';
import { everyValue, parseCsvError } from '../csv-errors.ts';
import { fieldColumn, headerOfColumn, readCsvFields } from '../csv-read.ts';
import { notThisFormat } from '../formats.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import { conversionFailure, convertDelivered, describeConversion } from '../stage-values.ts';
import { type HeaderPlan, planFocusHeader } from './header-plan.ts';

export interface NativeStageRequest {
  /** Quoted table to create. */
  table: string;
  files: LocalDataFile[];
  sourceName: string;
  sourceVersion: string;
  /** Provider name for files that name none. */
  provider?: string;
  /** A temporary table (the connection's own), for a read that only plans. */
  temporary?: boolean;
}

export interface NativeStageResult {
  /** Every column the files delivered, as spelled. */
  headers: string[];
  warnings: string[];
  /** Detected FOCUS version per file key. */
  versions: Record<string, string>;
}

interface FileGroup {
  headers: string[];
  /** The delivered type per header (Parquet), for type tolerance. */
  types: Map<string, string>;
  files: LocalDataFile[];
  parquet: boolean;
}

export async function stageNativeFocus(w: Warehouse, req: NativeStageRequest): Promise<NativeStageResult> {
  const groups = await groupFiles(w, req.files);
  const warnings = new Set<string>();
  const versions: Record<string, string> = {};
  const fileParams: Params = {};
  const selects = groups.map((g, i) => {
    const plan = planFocusHeader(g.headers);
    for (const warning of plan.warnings) warnings.add(warning);
    const version = detectVersion(plan.columns.map((c) => c.name));
    for (const f of g.files) versions[f.key] = version;
    fileParams[`files${i}`] = g.files.map((f) => f.path);
    return groupSelect(plan, g, `$files${i}`, version);
  });
  const files = req.files.map((f) => `(${quoteLiteral(f.path)}, ${quoteLiteral(f.key)})`).join(', ');
  const union = `SELECT u.* EXCLUDE (finops_path), f.key AS x_SourceFile
                 FROM (${selects.join('\nUNION ALL BY NAME\n')}) AS u
                 JOIN (VALUES ${files}) AS f(path, key) ON u.finops_path = f.path`;
  try {
    const produced = new Set((await w.table(`SELECT * FROM (${union}) LIMIT 0`, fileParams)).columns);
    const filled = fillLaterColumns(produced);
    const columns = new Set([
      ...produced,
      ...filled.names,
      'x_SourceType',
      'x_SourceName',
      'x_SourceVersion',
    ]);
    const exclude = filled.replaced.length ? ` EXCLUDE (${filled.replaced.map(quoteIdent).join(', ')})` : '';
    await w.run(
      `CREATE ${req.temporary ? 'TEMPORARY ' : ''}TABLE ${req.table} AS
       SELECT ${focusProjection('m', columns)}
       FROM (SELECT u.*${exclude}, ${filled.select}, 'focus' AS x_SourceType, $sourceName AS x_SourceName,
                    $sourceVersion AS x_SourceVersion
             FROM (${union}) AS u) AS m`,
      {
        ...fileParams,
        sourceName: req.sourceName,
        sourceVersion: req.sourceVersion,
        provider: req.provider ?? null,
      },
    );
  } catch (error) {
    throw await explain(w, groups, error);
  }
  return { headers: [...new Set(groups.flatMap((g) => g.headers))], warnings: [...warnings], versions };
}

async function groupFiles(w: Warehouse, files: LocalDataFile[]): Promise<FileGroup[]> {
  const groups = new Map<string, FileGroup>();
  const headers = await mapLimit(files, 4, (f) => headerOf(w, f));
  files.forEach((file, i) => {
    const parquet = /\.parquet$/i.test(file.key);
    const { names, types } = headers[i] as { names: string[]; types: Map<string, string> };
    if (names.length < 2)
      throw inputError('the file has no FOCUS columns (no header, or not a FOCUS file)', {
        file: file.url,
        line: 1,
      });
    const found = new Set(planFocusHeader(names).columns.map((c) => c.name));
    const missing = ['BilledCost', 'BillingPeriodStart'].filter((c) => !found.has(c));
    if (missing.length > 0) {
      throw notThisFormat(
        { name: 'a FOCUS file', command: 'finops focus import' },
        names,
        file.url,
        `the mandatory column ${missing.join(' and ')} is missing`,
      );
    }
    getOrCreate(groups, `${parquet}|${names.join('\u0000')}`, () => ({
      headers: names,
      types,
      files: [],
      parquet,
    })).files.push(file);
  });
  return [...groups.values()];
}

async function headerOf(
  w: Warehouse,
  f: LocalDataFile,
): Promise<{ names: string[]; types: Map<string, string> }> {
  if (!/\.parquet$/i.test(f.key)) {
    return { names: parseCsvLine(await readFirstLine(f.path, /\.gz$/i.test(f.path))), types: new Map() };
  }
  const described = await w
    .all<{ column_name: string; column_type: string }>('DESCRIBE SELECT * FROM read_parquet($file)', {
      file: f.path,
    })
    .catch(() => []);
  return {
    names: described.map((d) => d.column_name),
    types: new Map(described.map((d) => [d.column_name, d.column_type])),
  };
}

function groupSelect(plan: HeaderPlan, group: FileGroup, filesParam: string, version: string): string {
  const position = new Map(group.headers.map((h, i) => [h, fieldColumn(i)]));
  const list = plan.columns.map((c) => {
    let value = group.parquet
      ? convertDelivered(quoteIdent(c.header), group.types.get(c.header) ?? 'VARCHAR', c.readType)
      : quoteIdent(position.get(c.header) as string);
    if (c.json) value = `CAST(${value} AS ${JSON_OBJECT})`;
    const renames = valueRenames[c.name];
    if (renames) {
      const cases = Object.entries(renames).map(
        ([from, to]) => `WHEN ${quoteLiteral(from)} THEN ${quoteLiteral(to)}`,
      );
      value = `CASE ${value} ${cases.join(' ')} ELSE ${value} END`;
    }
    return `${value} AS ${quoteIdent(c.name)}`;
  });
  const from = group.parquet
    ? `read_parquet(${filesParam}, union_by_name = true, hive_partitioning = false, filename = true)`
    : readCsvFields(
        plan.columns.map((c) => ({ header: c.header, type: c.readType })),
        filesParam,
        ['NULL', 'null', ''],
      );
  return `SELECT ${list.join(', ')}, ${quoteLiteral(version)} AS x_FocusVersion, filename AS finops_path FROM ${from}`;
}

/**
 * FOCUS 1.3 split ProviderName into ServiceProviderName and HostProviderName. Older data names only the
 * provider, which for a cloud's own charges is all three; --provider stands in when a file names none.
 */
function fillLaterColumns(produced: ReadonlySet<string>) {
  const first = (...names: string[]) => {
    const present = names.filter((n) => produced.has(n)).map((n) => `u.${quoteIdent(n)}`);
    return `coalesce(${[...present, '$provider'].join(', ')})`;
  };
  const fills: Record<string, string> = {
    ProviderName: first('ProviderName', 'ServiceProviderName'),
    ServiceProviderName: first('ServiceProviderName', 'ProviderName'),
    HostProviderName: first('HostProviderName', 'ProviderName', 'ServiceProviderName'),
    PublisherName: first('PublisherName', 'ServiceProviderName', 'ProviderName'),
  };
  return {
    names: Object.keys(fills),
    replaced: Object.keys(fills).filter((n) => produced.has(n)),
    select: Object.entries(fills)
      .map(([name, expr]) => `${expr} AS ${quoteIdent(name)}`)
      .join(', '),
  };
}

/** Names the file (and line) of a read failure; DuckDB does not always say which file it was. */
async function explain(w: Warehouse, groups: FileGroup[], error: unknown) {
  const message = (error as Error).message;
  const first = parseCsvError(message);
  for (const g of groups) {
    for (const file of g.files) {
      if (first.path && first.path !== file.path) continue;
      const plan = planFocusHeader(g.headers);
      try {
        await w.all(everyValue(groupSelect(plan, g, '$files', '')), { files: [file.path] });
      } catch (fileError) {
        const fields = plan.columns.map((c) => ({ header: c.header, type: c.readType }));
        const failure = parseCsvError((fileError as Error).message, (c) => headerOfColumn(fields, c));
        const own = conversionFailure((fileError as Error).message);
        const reason = g.parquet && own ? describeConversion(own) : failure.reason;
        return inputError(reason, { file: file.url, line: failure.line, cause: fileError });
      }
    }
  }
  return inputError(first.reason, { cause: error });
}

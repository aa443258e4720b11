/**
 * Typed reads of the export's files, each giving the export's nested row (export-schema.ts) plus the
 * local path it came from. Newline-delimited JSON (what BigQuery extract jobs write, and what the month
 * query's pages are saved as) is read with declared columns; Parquet rows are turned into JSON and back
 * into the declared shape, so a file missing a field (an older export) reads it as NULL; the flattened
 * CSV (`service.id` headers, repeated fields as Python-style lists, as koku writes it) is read as text
 * per header and reassembled. A header the export does not have is refused: its meaning is unknown.
 */
import { inputError } from '../../errors.ts';
import { getOrCreate } from '../../map-cache.ts';
import { parseCsvLine, readFirstLine } from '../../stores/file-checks.ts';
import { mapLimit } from '../../stores/map-limit.ts';
import { quoteIdent, quoteLiteral } from '../../warehouse/sql.ts';
import type { Params } from '../../warehouse/warehouse.ts';
import { notThisFormat, recognize } from '../formats.ts';

const gcpReader = { name: 'a Google Cloud billing export', command: 'finops gcp import' };

import type { LocalDataFile } from '../local-data-file.ts';
import { csvColumns, exportFields, fieldType, ignoredColumns, jsonColumns } from './export-schema.ts';

export type FileKind = 'json' | 'parquet' | 'csv';

/** The kind of a delivered file by its name, or undefined for files that are not export data. */
export function fileKind(key: string): FileKind | undefined {
  const name = key.toLowerCase().replace(/\.gz$/, '');
  if (/\.(json|jsonl|ndjson)$/.test(name)) return 'json';
  if (name.endsWith('.parquet')) return 'parquet';
  if (name.endsWith('.csv')) return 'csv';
  return undefined;
}

export interface FileReads {
  /** SELECTs to UNION ALL BY NAME, each with the export's fields and `finops_path`. */
  selects: string[];
  params: Params;
}

const typeMap = (columns: Record<string, string>) =>
  `{${Object.entries(columns)
    .map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(type)}`)
    .join(', ')}}`;

const fieldList = () => exportFields.map((f) => quoteIdent(f.name)).join(', ');

/** Reads of `files`; parameters are named `<prefix>N`, so several reads can share a statement. */
export async function fileReads(files: LocalDataFile[], prefix = 'files'): Promise<FileReads> {
  const params: Params = {};
  const selects: string[] = [];
  const add = (paths: string[], select: (param: string) => string) => {
    const name = `${prefix}${selects.length}`;
    params[name] = paths;
    selects.push(select(`$${name}`));
  };
  const byKind = (kind: FileKind) => files.filter((f) => fileKind(f.key) === kind).map((f) => f.path);
  const json = byKind('json');
  if (json.length) {
    add(
      json,
      (p) => `SELECT ${fieldList()}, filename AS finops_path
              FROM read_json(${p}, format = 'newline_delimited', filename = true, columns = ${typeMap(jsonColumns())})`,
    );
  }
  const parquet = byKind('parquet');
  if (parquet.length) {
    const shape = quoteLiteral(JSON.stringify(jsonColumns()));
    add(
      parquet,
      (p) => `SELECT unnest(s), finops_path FROM (
                SELECT from_json(to_json(p), ${shape}) AS s, p.filename AS finops_path
                FROM read_parquet(${p}, filename = true, union_by_name = true) AS p)`,
    );
  }
  for (const group of await csvGroups(files.filter((f) => fileKind(f.key) === 'csv'))) {
    add(group.files, (p) => csvRead(group.header, p));
  }
  return { selects, params };
}

interface CsvGroup {
  header: string[];
  files: string[];
}

async function csvGroups(files: LocalDataFile[]): Promise<CsvGroup[]> {
  const known = csvColumns();
  const headers = await mapLimit(files, 4, async (f) =>
    parseCsvLine(await readFirstLine(f.path, /\.gz$/i.test(f.path))),
  );
  const groups = new Map<string, CsvGroup>();
  files.forEach((file, i) => {
    const header = headers[i] as string[];
    const unknown = header.find((h) => !known.has(h) && !ignoredColumns.has(h));
    const seen = recognize(header);
    if (unknown !== undefined && seen && seen.command !== gcpReader.command) {
      throw notThisFormat(gcpReader, header, file.url, '');
    }
    if (unknown !== undefined) {
      throw inputError(
        `unknown column ${JSON.stringify(unknown)}: not a field of the BigQuery billing export`,
        {
          file: file.url,
          line: 1,
          hint: 'flattened exports name nested fields with dots (service.description, invoice.month)',
        },
      );
    }
    if (!header.includes('cost') || !header.includes('invoice.month')) {
      throw inputError('the file has no cost or invoice.month column: not a billing export', {
        file: file.url,
        line: 1,
      });
    }
    getOrCreate(groups, header.join('\u0000'), () => ({ header, files: [] })).files.push(file.path);
  });
  return [...groups.values()];
}

/** One CSV header layout: text columns (lists are Python-style), put back into the nested row. */
function csvRead(header: string[], filesParam: string): string {
  const known = csvColumns();
  const present = new Set(header);
  const types = header.map((h) => {
    const type = known.get(h)?.child?.type ?? known.get(h)?.field.type;
    return `${quoteLiteral(h)}: ${quoteLiteral(type && !type.endsWith('[]') ? type : 'VARCHAR')}`;
  });
  const value = (column: string, type: string) => {
    if (!present.has(column)) return `NULL::${type}`;
    const ref = quoteIdent(column);
    return type.endsWith('[]') ? pythonList(ref, type) : ref;
  };
  const fields = exportFields.map((f) => {
    let expr: string;
    if (f.children) {
      const columns = f.children.map((c) => `${f.name}.${c.name}`).filter((c) => present.has(c));
      const members = f.children.map(
        (c) => `${quoteLiteral(c.name)}: ${value(`${f.name}.${c.name}`, c.type)}`,
      );
      expr = columns.length
        ? `CASE WHEN ${columns.map((c) => `${quoteIdent(c)} IS NULL`).join(' AND ')} THEN NULL ELSE {${members.join(', ')}} END`
        : `NULL::${fieldType(f)}`;
    } else {
      expr = value(f.name, fieldType(f));
    }
    return `${expr} AS ${quoteIdent(f.name)}`;
  });
  return `SELECT ${fields.join(',\n       ')}, filename AS finops_path
          FROM read_csv(${filesParam}, header = true, auto_detect = false, strict_mode = true, filename = true,
                        delim = ',', quote = '"', escape = '"', nullstr = '', columns = {${types.join(', ')}})`;
}

/**
 * Python-style list text (`[{'key': 'a', 'value': None}]`) as the typed list. Quotes, None, True and
 * False become their JSON forms; a value that itself holds a quote cannot be told apart and fails.
 */
function pythonList(ref: string, type: string): string {
  const json = `regexp_replace(regexp_replace(regexp_replace(regexp_replace(${ref}, '''', '"', 'g'),
                  '\\bNone\\b', 'null', 'g'), '\\bTrue\\b', 'true', 'g'), '\\bFalse\\b', 'false', 'g')`;
  return `CAST(json_transform(${json}, ${quoteLiteral(JSON.stringify(type))}) AS ${type})`;
}

/**
 * Type tolerance at the staging boundary, for every reader: how a delivered value becomes the warehouse
 * type it is declared as. Exports type columns loosely (Athena Parquet CUR writes rates and units as
 * strings, empty as ""; a column is DOUBLE in one file and string in the next), so a text value that is
 * empty after trimming is NULL, and anything else must convert: a value that does not is an error that
 * names the file, the column and the value (see explainConversion), never silently NULL.
 */
import { inputError } from '../errors.ts';
import type { Params, Warehouse } from '../warehouse/warehouse.ts';
import { isNumeric } from './csv-errors.ts';
import type { LocalDataFile } from './local-data-file.ts';

const textual = /^(VARCHAR|TEXT|STRING|CHAR|BPCHAR|BLOB)/i;

/** Whether a DuckDB type is text (what a loosely typed export delivers numbers as). */
export const isText = (type: string) => textual.test(type);
const floating = /^(DOUBLE|FLOAT|REAL)$/i;

/** SQL reading `expr`, delivered as DuckDB type `from`, as the warehouse type `to`. */
export function convertDelivered(expr: string, from: string, to: string): string {
  if (from.toUpperCase() === to.toUpperCase()) return expr;
  if (/^(VARCHAR|JSON)$/i.test(to)) return `CAST(${expr} AS ${to})`;
  if (isText(from)) return `CAST(NULLIF(trim(${expr}), '') AS ${to})`;
  // A double's shortest text is the number the exporter meant (0.1, not 0.1000000000000000055).
  if (floating.test(from) && /^DECIMAL/i.test(to)) return `CAST(CAST(${expr} AS VARCHAR) AS ${to})`;
  return `CAST(${expr} AS ${to})`;
}

export interface ConversionFailure {
  column: string;
  value: string;
  type: string;
}

/** DuckDB's cast error, taken apart: which column, which value, which type. */
export function conversionFailure(message: string): ConversionFailure | undefined {
  const m =
    /Could not convert string ['"]((?:[^'"]|'')*)['"] to ['"]?([A-Z]+(?:\(\d+,\s*\d+\))?)['"]?(?: when casting from source column (\S+))?/i.exec(
      message,
    );
  if (!m) return undefined;
  return { value: m[1] as string, type: m[2] as string, column: m[3] ?? '' };
}

export function describeConversion(f: ConversionFailure): string {
  const column = f.column ? `column ${JSON.stringify(f.column)}: ` : '';
  if (/^DECIMAL/i.test(f.type) && isNumeric(f.value)) {
    return `${column}${f.value} is too large (amounts hold at most 20 digits before the decimal point)`;
  }
  return `${column}${JSON.stringify(f.value)} is not a valid ${/^DECIMAL/i.test(f.type) ? 'number' : f.type.toLowerCase()}`;
}

/** How a reader reads its files, for explaining a failed conversion. */
export interface ConvertedRead {
  /** The reader's whole SELECT over `filesParam`. */
  select(filesParam: string): string;
  /** Its FROM clause alone (read_parquet(...), read_csv(...)). */
  from(filesParam: string): string;
  /** Delivered text columns converted to a number or a timestamp: the raw column and its target type. */
  converted: { column: string; sql: string; type: string }[];
}

/**
 * A read over several files failed converting a value: find the file by reading each alone (only on
 * this failure path), then the column and the value that do not convert, and say all three.
 */
export async function explainConversion(
  w: Warehouse,
  files: LocalDataFile[],
  read: ConvertedRead,
  error: unknown,
): Promise<unknown> {
  const failure = conversionFailure((error as Error).message);
  if (!failure) return error;
  for (const file of files) {
    const params = { files: [file.path] };
    try {
      await w.all(
        `SELECT count(*) FROM (${read.select('$files')}) AS t WHERE t::VARCHAR IS NOT NULL`,
        params,
      );
    } catch (fileError) {
      const own = conversionFailure((fileError as Error).message) ?? failure;
      const found = await offendingValue(w, read, params);
      return inputError(describeConversion({ ...own, ...found }), { file: file.url, cause: fileError });
    }
  }
  return inputError(describeConversion(failure), {
    file: files.length === 1 ? files[0]?.url : undefined,
    cause: error,
  });
}

/** The first converted column of a file holding a value that does not convert, and that value. */
async function offendingValue(
  w: Warehouse,
  read: ConvertedRead,
  params: Params,
): Promise<Partial<ConversionFailure>> {
  if (read.converted.length === 0) return {};
  const probes = read.converted.map(
    (c, i) =>
      `max(${c.sql}) FILTER (WHERE NULLIF(trim(${c.sql}), '') IS NOT NULL AND TRY_CAST(trim(${c.sql}) AS ${c.type}) IS NULL) AS "v${i}"`,
  );
  const row = await w.one<Record<string, string | null>>(
    `SELECT ${probes.join(', ')} FROM ${read.from('$files')}`,
    params,
  );
  const index = read.converted.findIndex((_, i) => row?.[`v${i}`] != null);
  const hit = read.converted[index];
  return hit ? { column: hit.column, value: row?.[`v${index}`] as string, type: hit.type } : {};
}

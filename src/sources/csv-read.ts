/**
 * The read_csv every CSV reader uses: columns by position (`c1`, `c2`, ...) with declared types, the
 * header line skipped, strict RFC 4180. Reading by position makes the header's spelling the reader's
 * business, not DuckDB's: two headers that differ only by case (AWS tag keys are case-sensitive), a
 * BOM or a header DuckDB would refuse all read alike. DuckDB still counts lines from the file's first,
 * so the line in an error is the file's own.
 */
import { quoteLiteral } from '../warehouse/sql.ts';

export interface CsvField {
  header: string;
  /** The DuckDB type the field is read as. */
  type: string;
}

/** The SQL name of the field at `index` (0-based). */
export const fieldColumn = (index: number) => `c${index + 1}`;

/**
 * `read_csv(...)` over `filesParam` (a bound list of paths) for files whose header is `fields`.
 * `nulls`: the texts that mean no value (default: an empty field).
 */
export function readCsvFields(fields: CsvField[], filesParam: string, nulls: string[] = ['']): string {
  const columns = fields.map((f, i) => `${quoteLiteral(fieldColumn(i))}: ${quoteLiteral(f.type)}`).join(', ');
  const nullstr = `[${nulls.map(quoteLiteral).join(', ')}]`;
  return `read_csv(${filesParam}, header = false, skip = 1, auto_detect = false, columns = {${columns}},
                  delim = ',', quote = '"', escape = '"', strict_mode = true, filename = true, nullstr = ${nullstr})`;
}

/** The header a DuckDB error's column (`c7`) stands for. */
export function headerOfColumn(fields: CsvField[], column: string | undefined): string | undefined {
  const index = /^c(\d+)$/.exec(column ?? '')?.[1];
  return index === undefined ? column : (fields[Number(index) - 1]?.header ?? column);
}

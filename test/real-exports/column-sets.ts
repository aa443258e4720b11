/**
 * Column sets: the FORMAT of a real billing export without its data. A column set holds the exact
 * header line, the bytes around the rows (BOM, line endings, a final line break or not, quoting) and,
 * per column, the shape of its values ("decimal with up to 10 fractional digits", "US date MM/dd/yyyy",
 * "Python-style list of dicts with keys name, amount, ..."), never a value.
 *
 * column-set-describe.ts reads a real file into its column set (write-column-sets.ts writes them to
 * test/fixtures/real/column-sets/, and the corpus test checks they still describe their files);
 * column-set-render.ts writes invented rows back in exactly that format, byte for byte around the values.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Ending } from './csv-text.ts';
import { fixturesDir } from './helpers.ts';

// ---------------------------------------------------------------------------------------------------
// What a column set holds

/** One form a column's non-empty values take. */
export type ValueShape =
  | { kind: 'integer'; digits: [number, number]; negative?: true; leadingZero?: true }
  | {
      kind: 'decimal';
      /** Fractional digits, fewest and most (0 when some values are whole numbers without a point). */
      fraction: [number, number];
      /** The most fractional digits before trailing zeros, where fewer than `fraction`'s most. */
      significant?: number;
      negative?: true;
      /** Some values are written with an exponent (`1.385e-05`, `2.3E-9`). */
      exponent?: 'e' | 'E';
    }
  | { kind: 'datetime'; pattern: string }
  | { kind: 'interval'; pattern: string }
  | { kind: 'uuid'; case: 'lower' | 'upper' }
  | { kind: 'boolean'; spelling: 'true/false' | 'TRUE/FALSE' | 'True/False' }
  | { kind: 'json-object'; members: [number, number] }
  /** JSON members without the braces (`"k": "v","k2": "v2"`), as EA exports write tags. */
  | { kind: 'json-members'; members: [number, number] }
  /**
   * Python's repr of a list of dicts (`[{'key': 'a', 'value': None}]`), or `[]`: the dicts' keys in order
   * with the Python type of their values (`str`, `float`, `None`, or `str|None`); no keys when always `[]`.
   */
  | { kind: 'python-list'; keys: Record<string, string> }
  | { kind: 'arn' }
  | { kind: 'azure-resource-id' }
  | { kind: 'ocid' }
  | { kind: 'email' }
  /** Lower-case hexadecimal digits (hashes, line item ids). */
  | { kind: 'hex'; length: [number, number] }
  /** A fixed-format code: `A` an upper-case letter, `a` lower case, `9` a digit, the rest as is. */
  | { kind: 'code'; skeleton: string }
  | {
      kind: 'text';
      length: [number, number];
      /** What the texts contain: spaces, commas, double quotes, characters beyond ASCII. */
      spaces?: true;
      commas?: true;
      quotes?: true;
      nonAscii?: true;
    };

export interface ColumnShape {
  name: string;
  /** The shape in words, for a reader of the fixture. */
  shape: string;
  /** The forms of the non-empty values, in the order first seen. */
  values: ValueShape[];
  empty: 'never' | 'some' | 'always';
  /** How data fields are quoted: never, always, exactly when they hold `,` `"` or a line break, or some. */
  quoted: 'never' | 'always' | 'when needed' | 'some';
}

export interface ColumnSet {
  /** `<provider>/<file>` in the corpus. */
  file: string;
  provenance: { repository: string; path: string; commit: string; licence: string };
  what: string;
  /** Rows per billing period in the real file (the month the test delivers them for). */
  periods: Record<string, number>;
  /** The billing period the rows' own BillingPeriodStartDate/EndDate name, where it is not the period. */
  billingPeriodOfRows?: string;
  /** What else a reader of the fixture should know. */
  notes?: string[];
  format: {
    encoding: 'UTF-8';
    bom: boolean;
    delimiter: ',';
    quote: '"';
    /** The header line exactly, without the BOM and the line ending. */
    header: string;
    columns: number;
    rows: number;
    /** The ending of every line, as runs: `{ CRLF: '1-4', LF: '5' }` (1 = the header line). */
    lineEndings: { style: 'LF' | 'CRLF' | 'mixed' | 'none'; lines: Partial<Record<Ending, string>> };
    finalNewline: boolean;
    /** Fields per data row: the usual count, and the file's lines that have another. */
    fieldsPerRow: { usual: number; otherwise?: Record<string, number> };
    /** Quoted fields holding line breaks. */
    lineBreaksInFields: boolean;
  };
  columns: ColumnShape[];
}

/** Every committed column set, by `<provider>/<file>`. */
export function readColumnSets(): ColumnSet[] {
  const root = path.join(fixturesDir, 'column-sets');
  return readdirSync(root)
    .sort()
    .flatMap((provider) =>
      readdirSync(path.join(root, provider))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(readFileSync(path.join(root, provider, f), 'utf8')) as ColumnSet),
    );
}

export function columnSet(file: string): ColumnSet {
  const found = readColumnSets().find((s) => s.file === file);
  if (!found) throw new Error(`no column set for ${file}`);
  return found;
}

/** The fixture path of a corpus file's column set. */
export const columnSetPath = (file: string) =>
  path.join(fixturesDir, 'column-sets', file.replace(/\.csv$/, '.json'));

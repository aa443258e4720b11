/**
 * Amounts with more fractional digits than the column keeps. DuckDB rounds such a value on reading,
 * silently, so the first lines of each file are looked at before the read: a reader keeps ten digits
 * because that is what the provider delivers, and a file that carries more is not the format the reader
 * knows. It is refused, naming the file, line, column and value, rather than loaded rounded. (Lines
 * further in are not looked at: reading every value twice would double a load's time.)
 */
import { inputError } from '../errors.ts';
import { parseCsvLine, readFirstLines } from '../stores/file-checks.ts';
import { mapLimit } from '../stores/map-limit.ts';
import type { CsvField } from './csv-read.ts';
import type { LocalDataFile } from './local-data-file.ts';

const SAMPLE_LINES = 200;

function tooPrecise(
  file: LocalDataFile,
  line: number,
  header: string | undefined,
  value: string,
  digits: number,
  scale: number,
) {
  return inputError(
    `column ${JSON.stringify(header)} has ${value}, with ${digits} fractional digits; this reader keeps ${scale}`,
    {
      file: file.url,
      line,
      hint: 'the amounts have more digits than the provider delivers; was the file written by another tool?',
    },
  );
}

/** `fields` as the file's header lists them; the ones read as `DECIMAL(p,s)` are checked against `s`. */
export async function checkDecimalPlaces(files: LocalDataFile[], fields: CsvField[]): Promise<void> {
  const scales = fields.map((f) => Number(/^DECIMAL\(\d+,\s*(\d+)\)$/i.exec(f.type)?.[1] ?? Number.NaN));
  if (!scales.some((s) => !Number.isNaN(s))) return;
  await mapLimit(files, 4, async (file) => {
    const lines = await readFirstLines(file.path, /\.gz$/i.test(file.path), SAMPLE_LINES);
    for (const [i, line] of lines.slice(1).entries()) {
      const values = parseCsvLine(line);
      // A row of the wrong width, or text where a number belongs, is the CSV reader's to report, and it
      // comes first: the reader stops there.
      if (values.length !== fields.length) return;
      for (const [column, value] of values.entries()) {
        const scale = scales[column] as number;
        if (Number.isNaN(scale) || value.trim() === '') continue;
        const number = /^\s*[-+]?\d*\.?(\d*)(?:[eE]([-+]?\d+))?\s*$/.exec(value);
        if (!number) return;
        // 1.5E-9 has ten fractional digits.
        const digits = Math.max(0, (number[1] ?? '').replace(/0+$/, '').length - Number(number[2] ?? 0));
        if (digits > scale)
          throw tooPrecise(file, i + 2, fields[column]?.header, value.trim(), digits, scale);
      }
    }
  });
}

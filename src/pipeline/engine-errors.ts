/**
 * DuckDB's own messages, turned into one line a user can act on. A value that cannot become a FOCUS
 * amount is bad data (exit 3), named by column and value; any other engine error keeps its first line
 * (the SQL DuckDB quotes after it is ours, not the user's) and the whole message as its cause.
 */
import path from 'node:path';
import { FinopsError, inputError } from '../errors.ts';
import { diskFull, freeBytes } from '../warehouse/disk-space.ts';

export function explainEngineError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof FinopsError) return error;
  const range =
    /Casting value "([^"]+)" to type DECIMAL\((\d+),(\d+)\) failed: value is out of range!(?: when casting from source column (\S+))?/.exec(
      error.message,
    );
  if (range) {
    const [, value, precision, scale, column] = range;
    const digits = Number(precision) - Number(scale);
    return inputError(
      `${column ? `column ${JSON.stringify(column)}: ` : ''}${trimZeros(value as string)} is too large (amounts hold at most ${digits} digits before the decimal point)`,
      { cause: error },
    );
  }
  const full = /Could not write file "([^"]+)": No space left on device/.exec(error.message);
  if (full || /No space left on device/.test(error.message)) {
    const folder = full ? path.dirname(full[1] as string) : '.';
    return diskFull(folder, freeBytes(folder) ?? 0, undefined, 'DuckDB could not write');
  }
  const first = error.message.split('\n')[0] ?? error.message;
  if (first === error.message) return error;
  return new FinopsError(first, { cause: error });
}

const trimZeros = (value: string) => (value.includes('.') ? value.replace(/\.?0+$/, '') : value);

/**
 * Whether the warehouse cannot go on after this error in this process: DuckDB invalidates a database
 * after a fatal error (a full disk mid-commit), and a full disk fails every unit after it too.
 */
export function stopsTheRun(error: unknown): boolean {
  const texts = [error, (error as { cause?: unknown })?.cause].map((e) =>
    e instanceof Error ? e.message : '',
  );
  return texts.some((t) => /^disk full:|FATAL Error|database has been invalidated/.test(t));
}

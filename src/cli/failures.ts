/**
 * The end of an import command that loads many units (periods, months, batches): each failure on stderr
 * with what failed, and the exit code: 3 when every failure was bad billing data, else 1.
 */
import { errorMessage, FinopsError } from '../errors.ts';
import { exitCodes } from './output.ts';

export interface Failure {
  /** What failed, e.g. `acme-cur 2024-03`. */
  unit: string;
  error: unknown;
}

export function reportFailures(failures: Failure[]): number {
  if (failures.length === 0) return 0;
  for (const f of failures) {
    process.stderr.write(`error: ${f.unit}: ${errorMessage(f.error)}\n`);
    if (f.error instanceof FinopsError && f.error.hint) process.stderr.write(`hint: ${f.error.hint}\n`);
  }
  return failures.every((f) => f.error instanceof FinopsError && f.error.kind === 'input')
    ? exitCodes.input
    : exitCodes.runtime;
}

/**
 * One error type for the whole tool. It carries what a user needs to act on a failure: which source,
 * which file and line, why, and what to do next. The CLI maps `kind` to a stable exit code.
 */
export type ErrorKind =
  /** The command line or configuration is wrong: fix the invocation. */
  | 'usage'
  /** The billing data (a manifest, a file, a row) is wrong or incomplete: nothing was published. */
  | 'input'
  /** Another process holds the warehouse. */
  | 'busy'
  /** Anything else: network, storage, a bug. */
  | 'runtime';

export interface ErrorContext {
  kind?: ErrorKind;
  /** The configured source (for example `aws:monthly-cur`). */
  source?: string;
  /** The file or object the problem is in (URL or path). */
  file?: string;
  /** 1-based line number inside `file`, when known. */
  line?: number;
  /** What the user can do about it. */
  hint?: string;
  cause?: unknown;
}

export class FinopsError extends Error {
  readonly kind: ErrorKind;
  readonly source?: string;
  readonly file?: string;
  readonly line?: number;
  readonly hint?: string;

  constructor(message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = 'FinopsError';
    this.kind = context.kind ?? 'runtime';
    this.source = context.source;
    this.file = context.file;
    this.line = context.line;
    this.hint = context.hint;
  }

  /** The message with its location, as printed to the user. */
  describe(): string {
    const where = this.file ? `${this.file}${this.line ? `:${this.line}` : ''}: ` : '';
    const who = this.source ? `[${this.source}] ` : '';
    return `${who}${where}${this.message}`;
  }
}

export const usageError = (message: string, hint?: string) =>
  new FinopsError(message, { kind: 'usage', hint });

export const inputError = (message: string, context: Omit<ErrorContext, 'kind'> = {}) =>
  new FinopsError(message, { ...context, kind: 'input' });

export function errorMessage(error: unknown): string {
  if (error instanceof FinopsError) return error.describe();
  if (error instanceof Error) return error.message;
  return String(error);
}

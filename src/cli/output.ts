/**
 * The one output module for every command: results to stdout as a table on a terminal, or CSV, JSON or
 * NDJSON when asked (or when stdout is piped and no format was given: CSV); diagnostics to stderr.
 */
import { errorMessage, FinopsError } from '../errors.ts';
import type { Json } from '../warehouse/warehouse.ts';

export const formats = ['table', 'csv', 'json', 'ndjson'] as const;
export type Format = (typeof formats)[number];

export interface Table {
  columns: string[];
  rows: Json[][];
}

export interface Output {
  write(text: string): void;
  isTTY: boolean;
}

export const stdout: Output = {
  write: (text) => process.stdout.write(text),
  get isTTY() {
    return Boolean(process.stdout.isTTY);
  },
};

export function defaultFormat(out: Output, asked?: string): Format {
  if (asked) {
    if (!(formats as readonly string[]).includes(asked)) {
      throw new FinopsError(`unknown format ${JSON.stringify(asked)}`, {
        kind: 'usage',
        hint: `use one of ${formats.join(', ')}`,
      });
    }
    return asked as Format;
  }
  return out.isTTY ? 'table' : 'csv';
}

export function printTable(table: Table, format: Format, out: Output = stdout): void {
  out.write(renderTable(table, format));
}

export function renderTable(table: Table, format: Format): string {
  switch (format) {
    case 'csv':
      return `${[table.columns, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
    case 'json':
      return `${JSON.stringify(toObjects(table), null, 2)}\n`;
    case 'ndjson':
      return toObjects(table)
        .map((o) => `${JSON.stringify(o)}\n`)
        .join('');
    default:
      return renderAligned(table);
  }
}

function toObjects(table: Table): Record<string, Json>[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i] ?? null])));
}

function cellText(value: Json | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function csvCell(value: Json | undefined): string {
  const text = cellText(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const numeric = /^-?\d+(\.\d+)?$/;

function renderAligned(table: Table): string {
  const cells = table.rows.map((row) => table.columns.map((_, i) => cellText(row[i]).replace(/\s+/g, ' ')));
  const widths = table.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const right = table.columns.map(
    (_, i) => cells.length > 0 && cells.every((r) => !r[i] || numeric.test(r[i])),
  );
  const line = (r: string[]) =>
    r
      .map((v, i) => (right[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const body = cells.map(line);
  const count = `(${table.rows.length} row${table.rows.length === 1 ? '' : 's'})`;
  return `${[line(table.columns), rule, ...body, count].join('\n')}\n`;
}

/** Exit codes: stable, documented in the README. */
export const exitCodes = { runtime: 1, usage: 2, input: 3, busy: 4 } as const;

export function reportError(error: unknown, options: { json?: boolean; verbose?: boolean } = {}): number {
  const kind = error instanceof FinopsError ? error.kind : 'runtime';
  if (options.json) {
    const e = error instanceof FinopsError ? error : undefined;
    const shape = {
      error: { kind, message: errorMessage(error), file: e?.file, line: e?.line, hint: e?.hint },
    };
    process.stderr.write(`${JSON.stringify(shape)}\n`);
    return exitCodes[kind];
  }
  process.stderr.write(`error: ${errorMessage(error)}\n`);
  if (error instanceof FinopsError && error.hint) process.stderr.write(`hint: ${error.hint}\n`);
  const cause = (error as { cause?: unknown })?.cause;
  if (cause && (options.verbose || kind === 'input')) process.stderr.write(`cause: ${errorMessage(cause)}\n`);
  if (options.verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return exitCodes[kind];
}

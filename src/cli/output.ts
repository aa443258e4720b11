/**
 * The one output module for every command: results to stdout as a table on a terminal, or CSV, JSON or
 * NDJSON when asked (or when stdout is piped and no format was given: CSV); diagnostics to stderr.
 * Commands hand over raw values and say what each column holds; how a value reads is decided here.
 */
import { errorMessage, FinopsError } from '../errors.ts';
import { formatBytes, formatCount, formatDuration, formatMoney } from '../format.ts';
import type { Json } from '../warehouse/warehouse.ts';

export const formats = ['table', 'csv', 'json', 'ndjson'] as const;
export type Format = (typeof formats)[number];

/**
 * What a column holds, which decides how each format shows it. On a terminal (table): money rounded to
 * its currency's minor unit with thousands separators and the code, counts grouped, bytes and durations
 * in words, numbers right-aligned, ids and text left-aligned. For programs (json, csv, ndjson): money as
 * exact decimal text, counts, bytes and milliseconds as numbers, times as ISO 8601.
 */
export type Kind = 'text' | 'id' | 'money' | 'totals' | 'count' | 'bytes' | 'ms' | 'number' | 'time';

export interface Column {
  name: string;
  kind?: Kind;
  /** money: the column of the row that holds its currency (default `currency`, when the table has one). */
  currency?: string;
  /** Only with --wide on a terminal (always in json, csv and ndjson). */
  wide?: boolean;
  /** May be cut short (with "…") so that a terminal table fits its width. */
  shrink?: boolean;
  /** What a terminal shows for no value (default blank), e.g. "unknown" where the data cannot tell. */
  missing?: string;
}

export interface Table {
  /** A plain name is a column whose cells are shown as they are (numbers right-aligned). */
  columns: (string | Column)[];
  rows: Json[][];
}

export interface TableOptions {
  /** Show the `wide` columns, and cut nothing short. */
  wide?: boolean;
  /** Cut `shrink` columns so each line fits this many characters (on a terminal only). */
  width?: number;
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

export function printTable(
  table: Table,
  format: Format,
  options: TableOptions = {},
  out: Output = stdout,
): void {
  out.write(renderTable(table, format, options));
}

export function renderTable(table: Table, format: Format, options: TableOptions = {}): string {
  const columns = table.columns.map(columnOf);
  switch (format) {
    case 'csv': {
      const rows = table.rows.map((row) => columns.map((c, i) => csvValue(c, row[i] ?? null)));
      return `${[columns.map((c) => c.name), ...rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
    }
    case 'json':
      return `${JSON.stringify(toObjects(columns, table.rows), null, 2)}\n`;
    case 'ndjson':
      return toObjects(columns, table.rows)
        .map((o) => `${JSON.stringify(o)}\n`)
        .join('');
    default:
      return renderAligned(columns, table.rows, options);
  }
}

const columnOf = (c: string | Column): Column => (typeof c === 'string' ? { name: c } : c);

function toObjects(columns: Column[], rows: Json[][]): Record<string, Json>[] {
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, jsonValue(c, row[i] ?? null)])));
}

/** For programs: exact decimal text for money, numbers for counts, ISO 8601 for times. */
function jsonValue(column: Column, value: Json): Json {
  if (value === null) return null;
  switch (column.kind) {
    case 'money':
      return String(value);
    case 'count':
    case 'bytes':
    case 'ms':
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    case 'time':
      return isoTime(String(value));
    default:
      return value;
  }
}

function csvValue(column: Column, value: Json): Json {
  if (column.kind === 'totals' && value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, string>)
      .map(([currency, amount]) => `${amount} ${currency}`)
      .join('; ');
  }
  return jsonValue(column, value);
}

/** `2024-03-01 10:00:00` (UTC, as the ledger writes it) -> `2024-03-01T10:00:00Z`. */
function isoTime(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  return m ? `${m[1]}T${m[2]}${m[3] ?? 'Z'}` : text;
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
const rightAligned = new Set<Kind>(['money', 'totals', 'count', 'bytes', 'ms', 'number']);

/** For a person: each cell in words, numbers right-aligned, the widest free text cut to fit. */
function renderAligned(all: Column[], rows: Json[][], options: TableOptions): string {
  const shown = all.map((c, i) => ({ c, i })).filter(({ c }) => options.wide || !c.wide);
  const columns = shown.map(({ c }) => c);
  const currencyAt = (c: Column) => all.findIndex((x) => x.name === (c.currency ?? 'currency'));
  const cells = rows.map((row) =>
    shown.map(({ c, i }) => pretty(c, row[i] ?? null, row[currencyAt(c)] ?? null).replace(/\s+/g, ' ')),
  );
  const right = columns.map((c, i) =>
    c.kind
      ? rightAligned.has(c.kind)
      : cells.length > 0 && cells.every((r) => !r[i] || numeric.test(r[i] as string)),
  );
  const widths = columns.map((c, i) => Math.max(c.name.length, ...cells.map((r) => (r[i] ?? '').length)));
  if (options.width && !options.wide) fitWidths(columns, widths, options.width);
  const line = (r: string[]) =>
    r
      .map((v, i) => {
        const w = widths[i] ?? 0;
        const text = v.length > w ? `${v.slice(0, Math.max(0, w - 1))}…` : v;
        return right[i] ? text.padStart(w) : text.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const count = `(${rows.length} row${rows.length === 1 ? '' : 's'})`;
  return `${[line(columns.map((c) => c.name)), rule, ...cells.map(line), count].join('\n')}\n`;
}

/** Narrows the `shrink` columns, widest first, until a line fits `width` (never below their name). */
function fitWidths(columns: Column[], widths: number[], width: number): void {
  const total = () => widths.reduce((n, w) => n + w, 0) + 2 * (widths.length - 1);
  while (total() > width) {
    let widest = -1;
    for (let i = 0; i < columns.length; i++) {
      const floor = Math.max((columns[i] as Column).name.length, 8);
      if (
        columns[i]?.shrink &&
        (widths[i] ?? 0) > floor &&
        (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))
      )
        widest = i;
    }
    if (widest < 0) return;
    widths[widest] = Math.max(
      Math.max((columns[widest] as Column).name.length, 8),
      (widths[widest] ?? 0) - (total() - width),
    );
  }
}

function pretty(column: Column, value: Json, currency: Json): string {
  if (value === null) return column.missing ?? '';
  switch (column.kind) {
    case 'money':
      return formatMoney(String(value), typeof currency === 'string' ? currency : undefined);
    case 'totals':
      return Object.entries(value as Record<string, string>)
        .map(([code, amount]) => formatMoney(amount, code))
        .join('; ');
    case 'count':
      return formatCount(Number(value));
    case 'bytes':
      return formatBytes(Number(value));
    case 'ms':
      return formatDuration(Number(value));
    case 'time':
      return isoTime(String(value)).replace('T', ' ').slice(0, 16);
    default:
      return cellText(value);
  }
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

/**
 * Turns DuckDB's CSV reader errors into one line a user can act on: which file, which line, what is
 * wrong. DuckDB's messages carry the line, and sometimes the file; the rest is a list of reader options.
 */
export interface CsvFailure {
  line?: number;
  /** The local path DuckDB named, when it named one. */
  path?: string;
  column?: string;
  value?: string;
  reason: string;
}

/** `header` names a column as the file does (a reader by position knows its columns as `c1`, `c2`...). */
export function parseCsvError(
  message: string,
  header: (column: string) => string | undefined = (c) => c,
): CsvFailure {
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const path = /^\s*file = (.+)$/m.exec(message)?.[1]?.trim();
  const conversion =
    /Error when converting column "((?:[^"]|"")*)"\. Could not convert string "((?:[^"]|"")*)" to '([^']+)'/.exec(
      message,
    );
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  let reason: string;
  const column = conversion?.[1] && (header(conversion[1].replace(/""/g, '"')) ?? conversion[1]);
  if (conversion && /^DECIMAL/i.test(conversion[3] ?? '') && isNumeric(conversion[2] ?? '')) {
    reason = `column ${JSON.stringify(column)}: ${conversion[2]} is too large (amounts hold at most 20 digits before the decimal point)`;
  } else if (conversion) {
    reason = `column ${JSON.stringify(column)}: ${JSON.stringify(conversion[2])} is not a valid ${conversion[3]}`;
  } else if (columns) {
    reason = `the row has ${columns[2]} fields where the header has ${columns[1]}`;
  } else if (/unterminated quote/i.test(message)) {
    reason = 'a quoted field is not closed';
  } else if (/Invalid unicode/i.test(message)) {
    reason = 'the line is not UTF-8 (re-save the file as UTF-8; exports are written in UTF-8)';
  } else {
    reason = firstLine(message.replace(/^[A-Za-z ]+Error: /, ''));
  }
  return {
    line: line ? Number(line) : undefined,
    path,
    column: column || undefined,
    value: conversion?.[2]?.replace(/""/g, '"'),
    reason,
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}

/** A value that is a number DuckDB could not fit (too many integer digits), not garbage. */
export function isNumeric(value: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim());
}

/**
 * A query that converts every value of `select` (a plain count(*) lets DuckDB skip the columns it does
 * not need, and with them the conversion error being looked for).
 */
export function everyValue(select: string): string {
  return `SELECT count(*) FROM (${select}) AS t WHERE t::VARCHAR IS NOT NULL`;
}

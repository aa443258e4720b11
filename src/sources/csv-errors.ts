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

export function parseCsvError(message: string): CsvFailure {
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const path = /^\s*file = (.+)$/m.exec(message)?.[1]?.trim();
  const conversion =
    /Error when converting column "((?:[^"]|"")*)"\. Could not convert string "((?:[^"]|"")*)" to '([^']+)'/.exec(
      message,
    );
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  let reason: string;
  if (conversion) {
    reason = `column ${JSON.stringify(conversion[1])}: ${JSON.stringify(conversion[2])} is not a valid ${conversion[3]}`;
  } else if (columns) {
    reason = `the row has ${columns[2]} fields where the header has ${columns[1]}`;
  } else if (/unterminated quote/i.test(message)) {
    reason = 'a quoted field is not closed';
  } else {
    reason = firstLine(message.replace(/^[A-Za-z ]+Error: /, ''));
  }
  return {
    line: line ? Number(line) : undefined,
    path,
    column: conversion?.[1]?.replace(/""/g, '"'),
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

/**
 * SQL text helpers. SQL lives in `.sql` files beside the code that runs it; names that come from data
 * (column headers, tag keys, file paths) go through these quoting functions, values go in as bound
 * parameters. Nothing from data is pasted into SQL unquoted.
 */
import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

/** Reads a `.sql` file relative to the calling module: `readSql(import.meta.url, 'stage.sql')`. */
export function readSql(moduleUrl: string, name: string): string {
  const url = new URL(name, moduleUrl);
  const key = url.href;
  let text = cache.get(key);
  if (text === undefined) {
    text = readFileSync(url, 'utf8');
    cache.set(key, text);
  }
  return text;
}

/** Replaces `{{name}}` placeholders with pre-quoted fragments (identifiers or generated lists). */
export function fillTemplate(sql: string, fragments: Record<string, string>): string {
  return sql.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const value = fragments[name];
    if (value === undefined) throw new Error(`SQL template placeholder {{${name}}} has no value`);
    return value;
  });
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `schema.table`, both parts quoted. */
export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

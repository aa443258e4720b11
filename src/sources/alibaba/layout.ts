/**
 * The export's folder layout as a pattern, because Alibaba does not publish it and users copy exports
 * around: `{account}/FOCUS/{yearmonth}/{batch_ts}/{file}` below the configured prefix. A key that matches
 * yields its billing period (`{yearmonth}` as YYYYMM or YYYY-MM, or `{year}` and `{month}`) and its batch
 * (the folder up to `{batch_ts}`; without `{batch_ts}` every file is its own batch).
 *
 * Placeholders: `{yearmonth}`, `{year}`, `{month}`, `{day}`, `{batch_ts}`, `{file}` (the last segment),
 * any other `{name}` (one path segment, e.g. an account id); `*` matches within one segment.
 */
import { usageError } from '../../errors.ts';

export interface KeyMatch {
  /** YYYY-MM */
  period: string;
  /** The batch: its folder (or the file itself) relative to the prefix. */
  batchId: string;
  /** The batch's timestamp as delivered ('' when the layout has none); batches sort by its digits. */
  batchTs: string;
  /** The batch folder with period and batch timestamp left as placeholders: one delivery stream. */
  stream: string;
}

export interface Layout {
  pattern: string;
  /** The leading folders without placeholders: the only part worth listing. */
  literalPrefix: string;
  match(relativeKey: string): KeyMatch | undefined;
}

const placeholders: Record<string, string> = {
  yearmonth: '(\\d{4}-?(?:0[1-9]|1[0-2]))',
  year: '(\\d{4})',
  month: '(0?[1-9]|1[0-2])',
  day: '(0?[1-9]|[12]\\d|3[01])',
  batch_ts: '([^/]*\\d[^/]*)',
};
const timeNames = new Set(['yearmonth', 'year', 'month', 'day', 'batch_ts']);

interface Segment {
  text: string;
  regex: string;
  names: string[];
}

export function compileLayout(pattern: string): Layout {
  const texts = pattern.replace(/^\/+|\/+$/g, '').split('/');
  const segments = texts.map(compileSegment);
  const names = segments.flatMap((s) => s.names);
  checkNames(pattern, names);
  const regex = new RegExp(`^${segments.map((s) => s.regex).join('/')}$`);
  const batchSegment = segments.findIndex((s) => s.names.includes('batch_ts'));
  const firstVariable = segments.findIndex((s) => s.names.length > 0 || s.text.includes('*'));
  return {
    pattern,
    literalPrefix: texts.slice(0, firstVariable < 0 ? texts.length - 1 : firstVariable).join('/'),
    match(key) {
      const m = regex.exec(key);
      if (!m) return undefined;
      const values = new Map(names.map((name, i) => [name, m[i + 1] as string]));
      const parts = key.split('/');
      const batchParts = batchSegment < 0 ? parts : parts.slice(0, batchSegment + 1);
      return {
        period: periodOf(values),
        batchId: batchParts.join('/'),
        batchTs: values.get('batch_ts') ?? '',
        stream: batchParts
          .map((p, i) => (segments[i]?.names.some((n) => timeNames.has(n)) ? segments[i]?.text : p))
          .join('/'),
      };
    },
  };
}

function compileSegment(text: string): Segment {
  const names: string[] = [];
  let regex = '';
  for (const token of text.split(/(\{[^}]*\}|\*)/).filter(Boolean)) {
    if (token === '*') regex += '[^/]*';
    else if (token.startsWith('{')) {
      const name = token.slice(1, -1);
      if (!/^[a-z_][a-z0-9_]*$/i.test(name))
        throw usageError(`invalid placeholder ${token} in the Alibaba layout pattern`);
      names.push(name);
      regex += placeholders[name] ?? '([^/]+)';
    } else regex += token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return { text, regex, names };
}

function checkNames(pattern: string, names: string[]): void {
  const hint = `the pattern needs {yearmonth} (or {year} and {month}) and ends with the file, e.g. ${JSON.stringify('{account}/FOCUS/{yearmonth}/{batch_ts}/{file}')}`;
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice)
    throw usageError(
      `{${twice}} appears twice in the Alibaba layout pattern ${JSON.stringify(pattern)}`,
      hint,
    );
  const dated = names.includes('yearmonth') || (names.includes('year') && names.includes('month'));
  if (!dated)
    throw usageError(`the Alibaba layout pattern ${JSON.stringify(pattern)} names no billing month`, hint);
}

function periodOf(values: Map<string, string>): string {
  const ym = values.get('yearmonth');
  if (ym) return `${ym.slice(0, 4)}-${ym.slice(-2)}`;
  return `${values.get('year')}-${(values.get('month') as string).padStart(2, '0')}`;
}

/** Batches of one stream sort by the digits of their timestamp (any format: 20240102T0315Z, 2024-01-02-03). */
export function batchOrder(a: KeyMatch, b: KeyMatch): number {
  const da = a.batchTs.replace(/\D/g, '');
  const db = b.batchTs.replace(/\D/g, '');
  if (da !== db) return da.length !== db.length ? da.length - db.length : da < db ? -1 : 1;
  return a.batchId < b.batchId ? -1 : a.batchId > b.batchId ? 1 : 0;
}

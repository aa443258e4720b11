/**
 * Writes invented rows in the exact format of a column set (see column-sets.ts): deterministic (seeded)
 * values of each column's recorded shapes, with the header line, BOM, line endings, final line break,
 * quoting and short rows of the real file.
 */
import type { ColumnSet, ColumnShape, ValueShape } from './column-sets.ts';
import type { Ending } from './csv-text.ts';

/** A small seeded generator (mulberry32 over an FNV-1a hash of the seed): the same rows on every run. */
export class Rng {
  private state: number;

  constructor(seed: string) {
    let h = 0x811c9dc5;
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
    this.state = h >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [a, b]. */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)] as T;
  }

  chars(alphabet: string, n: number): string {
    return Array.from({ length: n }, () => alphabet[this.int(0, alphabet.length - 1)]).join('');
  }
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const WORDS = ['alder', 'birch', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'harbor', 'iris', 'juniper'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Formats a UTC time with a pattern of the column sets (`yyyy-MM-dd HH:mm:ss.SSSSSSXXX`, `M/d/yy`, ...). */
export function formatTime(t: Date, pattern: string): string {
  return pattern.replace(/yyyy|yy|MM|M|dd|d|HH|mm|ss|SSSSSS|SSS|XXX/g, (token) => {
    switch (token) {
      case 'yyyy':
        return String(t.getUTCFullYear());
      case 'yy':
        return pad(t.getUTCFullYear() % 100);
      case 'MM':
        return pad(t.getUTCMonth() + 1);
      case 'M':
        return String(t.getUTCMonth() + 1);
      case 'dd':
        return pad(t.getUTCDate());
      case 'd':
        return String(t.getUTCDate());
      case 'HH':
        return pad(t.getUTCHours());
      case 'mm':
        return pad(t.getUTCMinutes());
      case 'ss':
        return pad(t.getUTCSeconds());
      case 'SSSSSS':
        return pad(t.getUTCMilliseconds() * 1000, 6);
      case 'SSS':
        return pad(t.getUTCMilliseconds(), 3);
      default:
        return '+00:00';
    }
  });
}

/** The first instant of a month `yyyy-MM`, and months after it. */
export function monthStart(period: string, add = 0): Date {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + add, 1));
}

/** What a value is generated for: its row, the row's billing period, the generator. */
export interface ValueContext {
  row: number;
  period: string;
  rng: Rng;
  /** The row's usage hour: a day and hour inside the period, the same for every column of the row. */
  usage: Date;
}

function decimalText(
  s: Extract<ValueShape, { kind: 'decimal' }>,
  c: ValueContext,
  negative: boolean,
): string {
  const { rng } = c;
  if (s.exponent && c.row % 3 === 2) {
    const mantissa = `${rng.int(1, 9)}${rng.next() < 0.5 ? '' : `.${rng.chars(DIGITS, rng.int(1, 4))}`}`;
    return `${negative ? '-' : ''}${mantissa}${s.exponent}-0${rng.int(5, 9)}`;
  }
  const f = rng.int(s.fraction[0], s.fraction[1]);
  const digits = Math.min(f, s.significant ?? f);
  const whole = String(rng.int(0, 9));
  const frac =
    f === 0
      ? ''
      : `.${digits > 0 ? `${rng.chars(DIGITS, digits - 1)}${rng.int(1, 9)}` : ''}`.padEnd(f + 1, '0');
  return `${negative ? '-' : ''}${whole}${frac}`;
}

function textOf(s: Extract<ValueShape, { kind: 'text' }>, rng: Rng): string {
  const target = rng.int(s.length[0], s.length[1]);
  const parts: string[] = [];
  let text = '';
  while (text.length < target) {
    parts.push(rng.pick(WORDS));
    text = parts.join(s.spaces ? ' ' : '-');
  }
  if (s.commas) text = text.replace(' ', ', ');
  if (s.quotes) text = `"${text}"`;
  if (s.nonAscii) text = `${text}\u00ae`;
  const out = text.slice(0, Math.max(target, s.commas || s.quotes || s.nonAscii ? text.length : 1)).trim();
  return out === '' ? rng.pick(WORDS) : out;
}

function pythonList(keys: Record<string, string>, c: ValueContext): string {
  const entries = Object.entries(keys);
  if (entries.length === 0 || c.row % 2 === 1) return '[]';
  const value = (key: string, type: string) => {
    if (type === 'None') return 'None';
    if (type.includes('float')) return `-0.${c.rng.chars(DIGITS, 5)}${c.rng.int(1, 9)}`;
    return `'${key}-${c.rng.pick(WORDS)}-${c.row}'`;
  };
  return `[{${entries.map(([k, t]) => `'${k}': ${value(k, t)}`).join(', ')}}]`;
}

/** An invented value of one form, inside the row's billing period for dates. */
export function inventValue(s: ValueShape, c: ValueContext): string {
  const { rng } = c;
  switch (s.kind) {
    case 'integer': {
      const n = rng.int(s.digits[0], s.digits[1]);
      const first = s.leadingZero && c.row % 2 === 0 && n > 1 ? '0' : rng.chars('123456789', 1);
      return `${s.negative && c.row % 2 === 1 ? '-' : ''}${first}${rng.chars(DIGITS, n - 1)}`;
    }
    case 'decimal':
      return decimalText(s, c, Boolean(s.negative) && c.row % 2 === 1);
    case 'datetime':
      return formatTime(c.usage, s.pattern);
    case 'interval': {
      const [p] = s.pattern.split('/') as [string];
      return `${formatTime(c.usage, p)}/${formatTime(new Date(c.usage.getTime() + 3600_000), p)}`;
    }
    case 'uuid': {
      const u = `${rng.chars(HEX, 8)}-${rng.chars(HEX, 4)}-4${rng.chars(HEX, 3)}-a${rng.chars(HEX, 3)}-${rng.chars(HEX, 12)}`;
      return s.case === 'upper' ? u.toUpperCase() : u;
    }
    case 'boolean': {
      const [yes, no] = s.spelling.split('/') as [string, string];
      return c.row % 2 === 0 ? yes : no;
    }
    case 'json-object':
    case 'json-members': {
      const n = rng.int(s.members[0], s.members[1]);
      const members = Array.from(
        { length: n },
        (_, i) => `"${WORDS[i % WORDS.length]}": "${rng.pick(WORDS)}${i}"`,
      );
      return s.kind === 'json-object' ? `{${members.join(', ')}}` : members.join(',');
    }
    case 'python-list':
      return pythonList(s.keys, c);
    case 'arn':
      return `arn:aws:ec2:us-east-1:${rng.chars(DIGITS, 12)}:instance/i-0${rng.chars(HEX, 16)}`;
    case 'azure-resource-id':
      return `/subscriptions/${inventValue({ kind: 'uuid', case: 'lower' }, c)}/resourceGroups/rg-${rng.pick(WORDS)}/providers/Microsoft.Compute/virtualMachines/vm-${rng.pick(WORDS)}-${c.row}`;
    case 'ocid':
      return `ocid1.instance.oc1.iad.${rng.chars(LOWER + DIGITS, 60)}`;
    case 'email':
      return `${rng.pick(WORDS)}.${rng.pick(WORDS)}@example.com`;
    case 'hex': {
      const n = rng.int(s.length[0], s.length[1]);
      return `${rng.chars('abcdef', 1)}${rng.chars(HEX, n - 1)}`;
    }
    case 'code':
      return [...s.skeleton]
        .map((ch) =>
          ch === 'A'
            ? rng.chars(UPPER, 1)
            : ch === 'a'
              ? rng.chars(LOWER, 1)
              : ch === '9'
                ? rng.chars(DIGITS, 1)
                : ch,
        )
        .join('');
    case 'text':
      return textOf(s, rng);
  }
}

/**
 * Overrides for the columns whose values mean something to the importer (the billing period's dates,
 * the currency, the line item type): given the column and the row, a value or undefined to invent one.
 */
export type ValueRole = (column: ColumnShape, c: ValueContext) => string | undefined;

export interface GeneratedCsv {
  bytes: Buffer;
  /** The values of each generated row, by column name (as the file will hold them). */
  rows: Record<string, string>[];
  /** The period of each generated row. */
  periods: string[];
}

const needsQuoting = (v: string) => /[",\r\n]/.test(v);
const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

/**
 * Invented rows in the exact format of a column set: its header line byte for byte, its BOM, its line
 * endings (a mixed file keeps each line's ending, the last line the file's last), its final line break
 * or none, its quoting, its short rows, and per column a value of one of its shapes (cycling through
 * them, empty where the column is sometimes empty). `perPeriod` rows for each of the file's periods
 * (never more than the real file had).
 */
export function renderCsv(
  set: ColumnSet,
  options: {
    perPeriod?: number;
    seed?: string;
    role?: ValueRole;
  },
): GeneratedCsv {
  const rng = new Rng(options.seed ?? set.file);
  const f = set.format;
  const plan = Object.entries(set.periods).flatMap(([period, n]) =>
    Array.from({ length: Math.min(n, options.perPeriod ?? 3) }, () => period),
  );
  const rows: Record<string, string>[] = [];
  const lines: string[] = [];
  plan.forEach((period, row) => {
    const usage = new Date(monthStart(period).getTime() + (rng.int(1, 26) * 24 + rng.int(0, 22)) * 3600_000);
    const c: ValueContext = { row, period, rng, usage };
    const line = row + 2;
    const width = f.fieldsPerRow.otherwise?.[String(line)] ?? f.fieldsPerRow.usual;
    const values: Record<string, string> = {};
    const fields = Array.from({ length: width }, (_, i) => {
      const column = set.columns[i];
      if (!column) return '';
      const forms = column.values;
      const empty =
        column.empty === 'always' ||
        forms.length === 0 ||
        (column.empty === 'some' && row > 0 && (row === 1 || rng.next() < 0.3));
      const value =
        options.role?.(column, c) ?? (empty ? '' : inventValue(forms[row % forms.length] as ValueShape, c));
      values[column.name] = value;
      const quoted =
        needsQuoting(value) ||
        column.quoted === 'always' ||
        (column.quoted === 'some' && value !== '' && rng.next() < 0.5);
      return quoted ? quote(value) : value;
    });
    rows.push(values);
    lines.push(fields.join(','));
  });
  const all = [f.header, ...lines];
  const endingOf = endingsFor(f.lineEndings, all.length);
  let text = '';
  all.forEach((line, i) => {
    const last = i === all.length - 1;
    text += line + (last && !f.finalNewline ? '' : endingOf(i + 1) === 'CRLF' ? '\r\n' : '\n');
  });
  const body = Buffer.from(text, 'utf8');
  return {
    bytes: f.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body,
    rows,
    periods: plan,
  };
}

/** `1-3,5` -> `[1,2,3,5]` */
export function expandRuns(text: string | undefined): number[] {
  if (!text) return [];
  return text.split(',').flatMap((r) => {
    const [a, b = a] = r.split('-').map(Number) as [number, number?];
    return Array.from({ length: (b as number) - a + 1 }, (_, k) => a + k);
  });
}

/** The ending of line `k` of `total`: as the real file's line k, the last as its last line. */
function endingsFor(e: ColumnSet['format']['lineEndings'], total: number): (k: number) => Ending {
  const byLine = new Map<number, Ending>();
  for (const ending of ['LF', 'CRLF'] as const)
    for (const k of expandRuns(e.lines[ending])) byLine.set(k, ending);
  const realLines = byLine.size;
  const lastEnding = byLine.get(realLines) ?? 'LF';
  const counts = { LF: 0, CRLF: 0 };
  for (const [k, v] of byLine) if (k !== realLines) counts[v]++;
  const usual: Ending = realLines <= 1 ? lastEnding : counts.CRLF >= counts.LF ? 'CRLF' : 'LF';
  return (k) => {
    if (k === total) return lastEnding;
    if (k < realLines) return byLine.get(k) as Ending;
    return usual;
  };
}

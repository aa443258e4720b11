/**
 * Reads a real billing export into its column set (see column-sets.ts): the bytes around the rows and,
 * per column, the few shapes its values take. Used by write-column-sets.ts and by the corpus test that
 * checks each column set still describes its file.
 */
import type { ColumnSet, ColumnShape, ValueShape } from './column-sets.ts';
import { type CsvField, type Ending, readCsvText } from './csv-text.ts';

/** `[1,2,3,5]` -> `1-3,5` */
function runs(lines: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && (lines[j + 1] as number) === (lines[j] as number) + 1) j++;
    out.push(i === j ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

const DATETIMES: [RegExp, string][] = [
  [/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'yyyy-MM-ddTHH:mm:ssZ'],
  [/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'yyyy-MM-ddTHH:mm:ss.SSSZ'],
  [/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/, 'yyyy-MM-ddTHH:mmZ'],
  [/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/, 'yyyy-MM-ddTHH:mm:ssXXX'],
  [/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, 'yyyy-MM-ddTHH:mm:ss'],
  [/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'yyyy-MM-dd HH:mm:ss'],
  [/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/, 'yyyy-MM-dd HH:mm:ss.SSS'],
  [/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/, 'yyyy-MM-dd HH:mm:ssXXX'],
  [/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}[+-]\d{2}:\d{2}$/, 'yyyy-MM-dd HH:mm:ss.SSSSSSXXX'],
  [/^\d{4}-\d{2}-\d{2}$/, 'yyyy-MM-dd'],
  [/^\d{2}\/\d{2}\/\d{4}$/, 'MM/dd/yyyy'],
  [/^\d{1,2}\/\d{1,2}\/\d{4}$/, 'M/d/yyyy'],
  [/^\d{1,2}\/\d{1,2}\/\d{2}$/, 'M/d/yy'],
];

const datetimePattern = (v: string) => DATETIMES.find(([re]) => re.test(v))?.[1];

function classify(v: string): ValueShape {
  const dt = datetimePattern(v);
  if (dt) return { kind: 'datetime', pattern: dt };
  const slash = v.indexOf('/');
  if (slash > 0) {
    const [a, b] = [datetimePattern(v.slice(0, slash)), datetimePattern(v.slice(slash + 1))];
    if (a && a === b) return { kind: 'interval', pattern: `${a}/${a}` };
  }
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v))
    return { kind: 'uuid', case: 'lower' };
  if (/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(v))
    return { kind: 'uuid', case: 'upper' };
  if (/^(true|false)$/.test(v)) return { kind: 'boolean', spelling: 'true/false' };
  if (/^(TRUE|FALSE)$/.test(v)) return { kind: 'boolean', spelling: 'TRUE/FALSE' };
  if (/^(True|False)$/.test(v)) return { kind: 'boolean', spelling: 'True/False' };
  let m = /^(-?)(\d+)$/.exec(v);
  if (m) {
    const shape: ValueShape = { kind: 'integer', digits: [m[2]!.length, m[2]!.length] };
    if (m[1]) shape.negative = true;
    if (m[2]!.length > 1 && m[2]!.startsWith('0')) shape.leadingZero = true;
    return shape;
  }
  m = /^(-?)(\d*)(?:\.(\d*))?(?:([eE])[-+]?\d+)?$/.exec(v);
  if (m && `${m[2]}${m[3] ?? ''}` !== '') {
    const shape: ValueShape = { kind: 'decimal', fraction: [m[3]?.length ?? 0, m[3]?.length ?? 0] };
    const significant = (m[3] ?? '').replace(/0+$/, '').length;
    if (significant < shape.fraction[1]) shape.significant = significant;
    if (m[1]) shape.negative = true;
    if (m[4]) shape.exponent = m[4] as 'e' | 'E';
    return shape;
  }
  if (v.startsWith('{')) {
    try {
      const o = JSON.parse(v);
      if (o && typeof o === 'object' && !Array.isArray(o)) {
        const n = Object.keys(o).length;
        return { kind: 'json-object', members: [n, n] };
      }
    } catch {}
  }
  if (/^"[^"]*": ?/.test(v)) {
    try {
      const n = Object.keys(JSON.parse(`{${v}}`)).length;
      return { kind: 'json-members', members: [n, n] };
    } catch {}
  }
  if (v === '[]') return { kind: 'python-list', keys: {} };
  if (v.startsWith("[{'") && v.endsWith('}]')) {
    const keys: Record<string, string> = {};
    for (const k of v.matchAll(/[{ ]'([A-Za-z_]+)': ('(?:[^'\\]|\\.)*'|None|-?[0-9.eE+-]+)/g)) {
      const type = k[2] === 'None' ? 'None' : k[2]?.startsWith("'") ? 'str' : 'float';
      const key = k[1] as string;
      keys[key] = keys[key] === undefined || keys[key] === type ? type : `${keys[key]}|${type}`;
    }
    return { kind: 'python-list', keys };
  }
  if (v.startsWith('arn:')) return { kind: 'arn' };
  if (v.startsWith('/subscriptions/')) return { kind: 'azure-resource-id' };
  if (v.startsWith('ocid1.')) return { kind: 'ocid' };
  if (/^[^@\s,]+@[^@\s,]+\.[a-z]+$/.test(v)) return { kind: 'email' };
  if (/^[0-9a-f]{8,}$/.test(v) && /[a-f]/.test(v)) return { kind: 'hex', length: [v.length, v.length] };
  const shape: ValueShape = { kind: 'text', length: [v.length, v.length] };
  if (v.includes(' ')) shape.spaces = true;
  if (v.includes(',')) shape.commas = true;
  if (v.includes('"')) shape.quotes = true;
  if (/[^\x20-\x7e]/.test(v)) shape.nonAscii = true;
  return shape;
}

/** `Aa9`: upper, lower, digit; anything else kept. */
const skeletonOf = (v: string) => v.replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a').replace(/[0-9]/g, '9');

function mergeKeys(a: Record<string, string>, b: Record<string, string>): Record<string, string> {
  const out = { ...a };
  for (const [k, t] of Object.entries(b)) {
    const types = new Set([...(out[k]?.split('|') ?? []), ...t.split('|')]);
    out[k] = [...types].sort().join('|');
  }
  return out;
}

const span = (a: [number, number], b: [number, number]): [number, number] => [
  Math.min(a[0], b[0]),
  Math.max(a[1], b[1]),
];

/** Folds the shapes of one column's values into the few forms it takes. */
function foldShapes(values: string[]): ValueShape[] {
  const out: ValueShape[] = [];
  for (const v of values) {
    const s = classify(v);
    // A whole number in a column of decimals is a decimal with no point.
    const asDecimal: ValueShape | undefined =
      s.kind === 'integer' && out.some((o) => o.kind === 'decimal')
        ? { kind: 'decimal', fraction: [0, 0], ...(s.negative ? { negative: true } : {}) }
        : undefined;
    const t = asDecimal ?? s;
    if (t.kind === 'decimal') {
      const ints = out.findIndex((o) => o.kind === 'integer');
      if (ints >= 0) {
        const i = out[ints] as Extract<ValueShape, { kind: 'integer' }>;
        out.splice(ints, 1);
        t.fraction = [0, t.fraction[1]];
        if (i.negative) t.negative = true;
      }
    }
    const same = out.find(
      (o) =>
        o.kind === t.kind &&
        (o.kind !== 'datetime' || o.pattern === (t as { pattern: string }).pattern) &&
        (o.kind !== 'interval' || o.pattern === (t as { pattern: string }).pattern) &&
        (o.kind !== 'boolean' || o.spelling === (t as { spelling: string }).spelling) &&
        (o.kind !== 'uuid' || o.case === (t as { case: string }).case),
    );
    if (!same) {
      out.push(t);
      continue;
    }
    if (same.kind === 'integer' && t.kind === 'integer') {
      same.digits = span(same.digits, t.digits);
      if (t.negative) same.negative = true;
      if (t.leadingZero) same.leadingZero = true;
    } else if (same.kind === 'decimal' && t.kind === 'decimal') {
      const significant = Math.max(same.significant ?? same.fraction[1], t.significant ?? t.fraction[1]);
      same.fraction = span(same.fraction, t.fraction);
      if (significant < same.fraction[1]) same.significant = significant;
      else delete same.significant;
      if (t.negative) same.negative = true;
      if (t.exponent) same.exponent = t.exponent;
    } else if (same.kind === 'hex' && t.kind === 'hex') {
      same.length = span(same.length, t.length);
    } else if (
      (same.kind === 'json-object' && t.kind === 'json-object') ||
      (same.kind === 'json-members' && t.kind === 'json-members')
    ) {
      same.members = span(same.members, t.members);
    } else if (same.kind === 'python-list' && t.kind === 'python-list') {
      same.keys = mergeKeys(same.keys, t.keys);
    } else if (same.kind === 'text' && t.kind === 'text') {
      same.length = span(same.length, t.length);
      for (const flag of ['spaces', 'commas', 'quotes', 'nonAscii'] as const) if (t[flag]) same[flag] = true;
    }
  }
  // A column of months (GCP's invoice.month) is a date, not a number.
  if (values.length > 0 && values.every((v) => /^(19|20)\d\d(0[1-9]|1[0-2])$/.test(v)))
    return [{ kind: 'datetime', pattern: 'yyyyMM' }];
  // Texts that are all one fixed format without spaces (ids, codes) keep their format.
  const texts = values.filter((v) => classify(v).kind === 'text');
  const skeletons = new Set(texts.map(skeletonOf));
  if (texts.length > 0 && skeletons.size === 1) {
    const skeleton = [...skeletons][0] as string;
    if (!/\s/.test(skeleton) && skeleton.length <= 40 && /[A9]/.test(skeleton)) {
      const i = out.findIndex((o) => o.kind === 'text');
      out[i] = { kind: 'code', skeleton };
    }
  }
  return out;
}

function describeShape(values: ValueShape[], empty: ColumnShape['empty']): string {
  const range = ([a, b]: [number, number], unit: string) =>
    a === b ? `${a} ${unit}` : a === 0 ? `up to ${b} ${unit}` : `${a} to ${b} ${unit}`;
  const one = (s: ValueShape): string => {
    switch (s.kind) {
      case 'integer':
        return `integer of ${range(s.digits, 'digits')}${s.negative ? ', some negative' : ''}${s.leadingZero ? ', some with a leading zero' : ''}`;
      case 'decimal':
        return `decimal with ${range(s.fraction, 'fractional digits')}${s.significant !== undefined ? ` (at most ${s.significant} before trailing zeros)` : ''}${s.negative ? ', some negative' : ''}${s.exponent ? `, some in exponent notation (${s.exponent})` : ''}`;
      case 'datetime':
        return `date/time ${s.pattern}`;
      case 'interval':
        return `interval ${s.pattern}`;
      case 'uuid':
        return `${s.case}-case UUID`;
      case 'boolean':
        return `boolean ${s.spelling}`;
      case 'json-object':
        return `JSON object text with ${range(s.members, 'members')}`;
      case 'json-members':
        return `JSON object members without braces, ${range(s.members, 'members')}`;
      case 'python-list': {
        const keys = Object.entries(s.keys).map(([k, t]) => `${k}: ${t}`);
        return keys.length === 0
          ? 'Python-style empty list []'
          : `Python-style list of dicts {${keys.join(', ')}}, or []`;
      }
      case 'arn':
        return 'AWS ARN';
      case 'azure-resource-id':
        return 'Azure resource id /subscriptions/...';
      case 'ocid':
        return 'Oracle OCID ocid1....';
      case 'email':
        return 'e-mail address';
      case 'hex':
        return `lower-case hexadecimal of ${range(s.length, 'characters')}`;
      case 'code':
        return `code ${s.skeleton}`;
      case 'text':
        return `text of ${range(s.length, 'characters')}${s.spaces ? ', with spaces' : ''}${s.commas ? ', with commas' : ''}${s.quotes ? ', with double quotes' : ''}${s.nonAscii ? ', with non-ASCII characters' : ''}`;
    }
  };
  if (empty === 'always') return 'empty';
  const text = values.map(one).join(' or ');
  return empty === 'some' ? `${text}, or empty` : text;
}

const needsQuotes = (v: string) => /[",\r\n]/.test(v);

/** Reads a real file (its bytes) into its format and column shapes. */
export function describeCsv(bytes: Buffer): Omit<ColumnSet, 'file' | 'provenance' | 'what' | 'periods'> {
  const csv = readCsvText(bytes);
  if (!csv.utf8) throw new Error('not valid UTF-8: column sets describe UTF-8 files');
  const [headerFields = [], ...rows] = csv.records;
  const names = headerFields.map((f) => f.text);
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  const usual = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? names.length;
  const otherwise: Record<string, number> = {};
  rows.forEach((r, i) => {
    if (r.length !== usual) otherwise[String(csv.startLines[i + 1])] = r.length;
  });
  const byEnding = (e: Ending) => csv.endings.flatMap((x, i) => (x === e ? [i + 1] : []));
  const crlf = byEnding('CRLF');
  const lf = byEnding('LF');
  const style = crlf.length && lf.length ? 'mixed' : crlf.length ? 'CRLF' : lf.length ? 'LF' : 'none';
  const lines: Partial<Record<Ending, string>> = {};
  if (crlf.length) lines.CRLF = runs(crlf);
  if (lf.length) lines.LF = runs(lf);
  const columns = names.map((name, c): ColumnShape => {
    // Shapes come from the rows with the usual number of fields: a short row's fields are shifted.
    const fields = rows
      .filter((r) => r.length === usual)
      .map((r) => r[c])
      .filter((f): f is CsvField => f !== undefined);
    const values = fields.map((f) => f.text).filter((v) => v !== '');
    const empty = values.length === 0 ? 'always' : values.length < fields.length ? 'some' : 'never';
    const q = fields.filter((f) => f.quoted);
    const quoted =
      q.length === 0
        ? 'never'
        : fields.every((f) => f.quoted === needsQuotes(f.text))
          ? 'when needed'
          : q.length === fields.length
            ? 'always'
            : 'some';
    const shapes = foldShapes(values);
    return { name, shape: describeShape(shapes, empty), values: shapes, empty, quoted };
  });
  return {
    format: {
      encoding: 'UTF-8',
      bom: csv.bom,
      delimiter: ',',
      quote: '"',
      header: csv.header,
      columns: names.length,
      rows: rows.length,
      lineEndings: { style, lines },
      finalNewline: csv.finalNewline,
      fieldsPerRow: Object.keys(otherwise).length ? { usual, otherwise } : { usual },
      lineBreaksInFields: csv.lineBreaksInFields,
    },
    columns,
  };
}

/**
 * The corpus of real billing exports and what the tests need around it: where the files are, their
 * totals computed without any of the importers' code (a small RFC 4180 reader in JavaScript and exact
 * BigInt sums of the decimal text), and the deliveries each importer expects (a CUR manifest, an Azure
 * export run, a folder of files).
 *
 * The real files are third-party data (Apache-2.0, MIT, CC BY; see test/fixtures/real/PROVENANCE.md) and
 * live beside the other public samples in the shared folder, `../shared/samples/real/<provider>/<file>`,
 * or wherever REAL_EXPORTS_CORPUS points. Without them the corpus tests are skipped, saying so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { errorMessage } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';
import type { UnitOutcome } from '../../src/pipeline/outcome.ts';
import { runSource } from '../../src/pipeline/run-source.ts';
import { silentProgress } from '../../src/progress.ts';
import { focus } from '../../src/sources/focus/index.ts';
import { LocalStore } from '../../src/stores/local-store.ts';
import type { TestWarehouse } from '../helpers/pipeline.ts';
import { readCsvText } from './csv-text.ts';

export const corpusRoot =
  process.env.REAL_EXPORTS_CORPUS ?? path.resolve(import.meta.dirname, '../../../shared/samples/real');
export const haveCorpus = existsSync(path.join(corpusRoot, 'PROVENANCE.md'));
export const corpusFile = (provider: string, name: string) => path.join(corpusRoot, provider, name);
/** The fixtures this repository holds itself: column sets of real files whose data cannot be shipped. */
export const fixturesDir = path.resolve(import.meta.dirname, '../fixtures/real');

// ---------------------------------------------------------------------------------------------------
// Reading a CSV the independent way

export interface CsvTable {
  header: string[];
  rows: string[][];
  /** What the bytes looked like: a UTF-8 byte order mark, line endings seen. */
  bom: boolean;
  crlf: number;
  lf: number;
}

/** RFC 4180 with either line ending, quoted fields with commas, quotes and line breaks. */
export function parseCsv(bytes: Buffer): CsvTable {
  const text = readCsvText(bytes);
  const [header = [], ...rows] = text.records.map((r) => r.map((f) => f.text));
  // Line breaks that end records (not those inside quoted fields).
  const ends = text.startLines.slice(1).map((line) => text.endings[line - 2]);
  if (text.finalNewline) ends.push(text.endings[text.endings.length - 1]);
  return {
    header,
    rows: rows.filter((r) => !(r.length === 1 && r[0] === '')),
    bom: text.bom,
    crlf: ends.filter((e) => e === 'CRLF').length,
    lf: ends.filter((e) => e === 'LF').length,
  };
}

export function readCsv(file: string): CsvTable {
  const bytes = readFileSync(file);
  return parseCsv(file.endsWith('.gz') ? gunzipSync(bytes) : bytes);
}

/** The values of one column, found by exact name or, failing that, ignoring case. */
export function column(table: CsvTable, name: string): string[] {
  let i = table.header.indexOf(name);
  if (i < 0) i = table.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  if (i < 0) throw new Error(`no column ${name} in ${table.header.slice(0, 8).join(',')}...`);
  return table.rows.map((r) => r[i] ?? '');
}

// ---------------------------------------------------------------------------------------------------
// Exact decimal sums

interface Scaled {
  units: bigint;
  scale: number;
}

/** `-1.25`, `5e-06`, `1.67674224E8`, `.5`: exact, as an integer and a power of ten. */
function toScaled(text: string): Scaled {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const digits = `${m[2]}${m[3] ?? ''}` || '0';
  let scale = (m[3] ?? '').length - Number(m[4] ?? 0);
  let units = BigInt(digits);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: m[1] === '-' ? -units : units, scale };
}

/** The exact sum of decimal strings; empty strings are no value. Written without trailing zeros. */
export function sumDecimals(values: Iterable<string>): string {
  let total: Scaled = { units: 0n, scale: 0 };
  for (const v of values) {
    if (v.trim() === '') continue;
    const x = toScaled(v);
    const scale = Math.max(total.scale, x.scale);
    total = {
      units: total.units * 10n ** BigInt(scale - total.scale) + x.units * 10n ** BigInt(scale - x.scale),
      scale,
    };
  }
  return canon(total);
}

function canon({ units, scale }: Scaled): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  let s = scale;
  while (s > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    s--;
  }
  const text = s === 0 ? digits : `${digits.slice(0, -s)}.${digits.slice(-s)}`;
  return negative && text !== '0' ? `-${text}` : text;
}

/** A decimal text as the tests compare it: no trailing zeros, no `-0`. */
export const exact = (text: string | null | undefined): string | undefined =>
  text === null || text === undefined ? undefined : canon(toScaled(text));

// ---------------------------------------------------------------------------------------------------
// Imports and what they said

export const why = (o: UnitOutcome | undefined) =>
  o?.error === undefined ? undefined : errorMessage(o.error);

/** Every failure of a run, as `period: step: message`. */
export const failuresOf = (outcomes: UnitOutcome[]) =>
  outcomes
    .filter((o) => o.status === 'failed')
    .map((o) => `${o.period}: ${o.failedStep ?? '?'}: ${errorMessage(o.error)}`);

export interface ToldLogger extends Logger {
  lines: string[];
}

export function toldLogger(): ToldLogger {
  const lines: string[] = [];
  return {
    lines,
    debug: () => undefined,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}

/** `finops focus import FOLDER [--provider NAME]`, as the CLI runs it. */
export async function focusImport(
  wh: TestWarehouse,
  folder: string,
  options: { name?: string; provider?: string } = {},
) {
  const logger = toldLogger();
  const name = options.name ?? 'real';
  const outcomes = await runSource(
    focus,
    { warehouse: wh.warehouse, cache: wh.cache, progress: silentProgress, logger },
    { name, location: folder, store: new LocalStore(folder), prefix: '', provider: options.provider },
    {},
  );
  return { outcomes, told: logger.lines };
}

/** Copies files into a fresh folder under `dir`, as a bucket or folder would hold them. */
export async function placeFiles(dir: string, files: Record<string, string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [name, from] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await copyFile(from, path.join(dir, name));
  }
  return dir;
}

/** Rows, BilledCost and EffectiveCost of one source in focus.costs, exact. */
export async function focusCosts(wh: TestWarehouse, sourceName: string) {
  // Nothing loaded yet: the view does not exist (it is made by the first load).
  const view = await wh.warehouse.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE schema_name = 'focus' AND view_name = 'costs'`,
  );
  if (!view?.n) return { rows: 0, billed: undefined, effective: undefined };
  const row = await wh.warehouse.one<{ rows: number; billed: string | null; effective: string | null }>(
    `SELECT count(*)::INTEGER AS rows, sum(BilledCost)::VARCHAR AS billed, sum(EffectiveCost)::VARCHAR AS effective
     FROM focus.costs WHERE x_SourceName = $sourceName`,
    { sourceName },
  );
  return { rows: row?.rows ?? 0, billed: exact(row?.billed), effective: exact(row?.effective) };
}

/**
 * Line endings, BOMs, encodings, for every CSV reader (the issue: "CRLF, LF, mixed, a BOM, a final line
 * without a newline, and non-UTF-8 bytes each either load or fail with file and line. Test each for every
 * CSV reader."). Each cell builds a small valid file of the reader's kind with one quirk, imports it with
 * the real source, and expects it to load with the exact totals summed here from the file's cost text
 * (BigInt, never the importer's code), or, for the non-UTF-8 byte only, to be refused with an input error
 * naming the file and the line the byte is on.
 */
import { describe, expect, it } from 'vitest';
import { errorMessage, FinopsError } from '../../src/errors.ts';
import { failuresOf, sumDecimals } from '../real-exports/helpers.ts';
import { type CsvReader, csvReaders, importWith } from './csv-readers.ts';

type Quirk = 'LF' | 'CRLF' | 'mixed CRLF/LF' | 'UTF-8 BOM' | 'no final newline' | 'a Latin-1 byte';
const quirks: Quirk[] = ['LF', 'CRLF', 'mixed CRLF/LF', 'UTF-8 BOM', 'no final newline', 'a Latin-1 byte'];

/** The line (1 = header) whose text field holds the Latin-1 byte: the second data row. */
const LATIN1_LINE = 3;

const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The reader's small file with one quirk, as bytes. */
function fileWith(reader: CsvReader, quirk: Quirk): Buffer {
  const lines = [
    reader.header.join(','),
    ...reader.rows.map((r) => reader.header.map((h) => field(r[h] ?? '')).join(',')),
  ];
  const parts = lines.map((line, i) => {
    const text = Buffer.from(line, 'utf8');
    if (quirk !== 'a Latin-1 byte' || i !== LATIN1_LINE - 1) return text;
    // "Cafe" -> "Caf\xE9": é as Windows-1252 / Latin-1 writes it, one byte that is not UTF-8.
    return Buffer.from(line.replace('Cafe', 'Caf\u00e9'), 'latin1');
  });
  const ending = (i: number) =>
    quirk === 'CRLF' || (quirk === 'mixed CRLF/LF' && i % 2 === 0) ? '\r\n' : '\n';
  const out: Buffer[] = quirk === 'UTF-8 BOM' ? [Buffer.from([0xef, 0xbb, 0xbf])] : [];
  parts.forEach((p, i) => {
    out.push(p);
    if (!(quirk === 'no final newline' && i === parts.length - 1)) out.push(Buffer.from(ending(i)));
  });
  return Buffer.concat(out);
}

/** What a cell should do: load exactly, or (a non-UTF-8 byte only) be refused naming file and line. */
async function expectLoadsOrNamesFileAndLine(reader: CsvReader, quirk: Quirk, expected: 'loads' | 'refused') {
  const bytes = fileWith(reader, quirk);
  const { outcomes, landed, accounts } = await importWith(reader, bytes);
  const truth = {
    rows: reader.rows.length,
    billed: sumDecimals(reader.rows.map((r) => r[reader.costColumn] ?? '')),
  };
  if (expected === 'loads') {
    expect(failuresOf(outcomes)).toEqual([]);
    expect(outcomes.map((o) => o.status)).toEqual(['loaded']);
    expect(landed).toMatchObject(truth);
    expect(accounts).toEqual([reader.account]);
    return;
  }
  const failed = outcomes.filter((o) => o.status === 'failed');
  expect(failed).toHaveLength(1);
  const error = failed[0]?.error;
  expect(error).toBeInstanceOf(FinopsError);
  expect((error as FinopsError).kind).toBe('input');
  expect(errorMessage(error)).toContain(`${reader.file}:${LATIN1_LINE}: `);
  expect(landed.rows).toBe(0);
}

/**
 * Cells that do not do what they should today, with the error they fail with: they run as `it.fails`, so
 * the suite stays green, and turn red (flip them to `it`) when the reader is fixed. Every reader refuses
 * the Latin-1 byte (none loads it), so that cell expects a refusal naming file and line.
 */
const failsToday: Record<string, Partial<Record<Quirk, string>>> = {};

describe.each(csvReaders.map((r) => [r.name, r] as const))('the %s reader', (_name, reader) => {
  const cell = (quirk: Quirk) =>
    expectLoadsOrNamesFileAndLine(reader, quirk, quirk === 'a Latin-1 byte' ? 'refused' : 'loads');
  const known = failsToday[reader.name] ?? {};
  const passing = quirks.filter((q) => known[q] === undefined);
  const failing = quirks.filter((q) => known[q] !== undefined);
  if (passing.length)
    it.each(passing)('given a file with %s, then it loads exactly or names file and line', cell);
  if (failing.length)
    it.fails.each(failing)('given a file with %s, then it loads exactly or names file and line', cell);
});

/**
 * Bad deliveries get a clear error naming the file (and line) and lose nothing: a month is loaded from
 * Microsoft's EA sample, then a newer run of it arrives broken in one way after another. Each import
 * fails for that month with a message a user can act on, the ledger records it, and focus.costs and
 * azure_billing still hold exactly the month as it was.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../../../src/sample/csv-writer.ts';
import { parseCsvLine } from '../../../src/stores/file-checks.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { deliverRun, failures, focusTotals, type RunDelivery, runAzureImport } from './helpers.ts';

let wh: TestWarehouse;
let out: string;
let good: string;
let before: Awaited<ReturnType<typeof focusTotals>>;

const newer = (files: RunDelivery['files'], extra: Partial<RunDelivery> = {}): RunDelivery => ({
  out,
  exportName: 'ea-actual',
  type: 'ActualCost',
  period: '2023-09',
  runId: '99999999-9999-4999-8999-999999999999',
  submittedTime: '2023-10-02T00:00:00Z',
  files,
  ...extra,
});

/** The sample with one field of one line replaced (fields parsed and written back with CSV quoting). */
function withField(text: string, line: number, column: string, value: string): string {
  const lines = text.split('\n');
  const header = parseCsvLine((lines[0] as string).replace(/^\uFEFF/, ''));
  const fields = parseCsvLine(lines[line - 1] as string);
  fields[header.indexOf(column)] = value;
  lines[line - 1] = fields.map(csvField).join(',');
  return lines.join('\n');
}

beforeAll(async () => {
  out = await tempDir('azure-bad');
  good = await readFile('/work/shared/samples/azure/EA_ActualCost_Small.csv', 'utf8');
  await deliverRun({
    out,
    exportName: 'ea-actual',
    type: 'ActualCost',
    period: '2023-09',
    runId: '11111111-1111-4111-8111-111111111111',
    files: { 'part_0_0001.csv': good },
  });
  wh = await openTestWarehouse();
  expect(failures(await runAzureImport(wh, new LocalStore(out)))).toEqual([]);
  before = await focusTotals(wh);
  expect(before['2023-09']?.rows).toBe(11);
});
afterAll(() => wh.warehouse.close());

const runFolder = () =>
  path.join(out, 'exports/ea-actual/20230901-20230930/99999999-9999-4999-8999-999999999999');

async function expectRejected(delivery: RunDelivery, message: RegExp) {
  await deliverRun(delivery);
  try {
    const outcomes = await runAzureImport(wh, new LocalStore(out));
    expect(failures(outcomes)).toEqual([expect.stringMatching(message)]);
    expect((outcomes[0]?.error as { file?: string } | undefined)?.file ?? '').toContain(out);
    expect(await focusTotals(wh)).toEqual(before);
    const raw = await wh.warehouse.one<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM azure_billing.billing',
    );
    expect(raw?.n).toBe(11);
    const stages = await wh.warehouse.all(
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%__stage_%'`,
    );
    expect(stages).toEqual([]);
  } finally {
    await rm(runFolder(), { recursive: true, force: true });
  }
}

describe('a broken newer run of a loaded month', () => {
  it('a value that is not a number: the file, line 5 and column are named', async () => {
    const extraField = good
      .split('\n')
      .map((l, i) => (i === 4 ? `${l},surplus` : l))
      .join('\n');
    await expectRejected(
      newer({ 'part_0_0001.csv': extraField }),
      /the row has 56 fields where the header has 55/,
    );
    await expectRejected(
      newer({ 'part_0_0001.csv': withField(good, 5, 'Cost', 'n/a') }),
      /column "Cost": "n\/a" is not a valid decimal number/,
    );
    const error = await (async () => {
      await deliverRun(newer({ 'part_0_0001.csv': withField(good, 5, 'Date', '2023-13-45') }));
      try {
        return (await runAzureImport(wh, new LocalStore(out)))[0]?.error as Error & {
          file: string;
          line: number;
        };
      } finally {
        await rm(runFolder(), { recursive: true, force: true });
      }
    })();
    expect(error.message).toMatch(/column "Date": "2023-13-45" is not a valid date/);
    expect(error.file).toMatch(/99999999-9999-4999-8999-999999999999\/part_0_0001\.csv$/);
    expect(error.line).toBe(5);
  });

  it('a truncated gzip file', async () => {
    const gz = gzipSync(Buffer.from(good));
    await expectRejected(
      newer({ 'part_0_0001.csv.gz': gz.subarray(0, gz.length - 20) }, { rows: { 'part_0_0001.csv.gz': 11 } }),
      /the gzip file is truncated/,
    );
  });

  it('a file with fewer rows than its manifest counts', async () => {
    await expectRejected(
      newer({ 'part_0_0001.csv': good }, { rows: { 'part_0_0001.csv': 12 } }),
      /holds 11 rows, but its run's manifest counts 12/,
    );
  });

  it('a file without the cost column', async () => {
    const header = good.split('\n')[0] as string;
    await expectRejected(
      newer({ 'part_0_0001.csv': good.replace(header, header.replace(',Cost,', ',Charge,')) }),
      /not a Cost Management cost details export: the file has no CostInBillingCurrency column/,
    );
  });

  it('a row from another month', async () => {
    await expectRejected(
      newer({ 'part_0_0001.csv': withField(good, 3, 'Date', '10/01/2023') }),
      /1 row\(s\) are for 2023-10-01, outside the export's month 2023-09/,
    );
  });

  it('a manifest that is not JSON, or names a dataset this tool does not read', async () => {
    await deliverRun(newer({ 'part_0_0001.csv': good }));
    const manifest = path.join(runFolder(), 'manifest.json');
    const text = await readFile(manifest, 'utf8');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(manifest, text.slice(0, 40));
    try {
      const outcomes = await runAzureImport(wh, new LocalStore(out));
      expect(failures(outcomes)).toEqual([expect.stringMatching(/the manifest is not valid JSON/)]);
      expect((outcomes[0]?.error as { file?: string } | undefined)?.file).toBe(manifest);
      await writeFile(manifest, text.replace('"ActualCost"', '"ReservationDetails"'));
      const again = await runAzureImport(wh, new LocalStore(out));
      expect(failures(again)).toEqual([
        expect.stringMatching(/dataset "ReservationDetails" is not one this tool reads/),
      ]);
      expect(await focusTotals(wh)).toEqual(before);
    } finally {
      await rm(runFolder(), { recursive: true, force: true });
    }
  });
});

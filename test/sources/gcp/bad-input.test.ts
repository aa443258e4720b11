/**
 * Broken export files are refused with the file (and line) named, and what was published stays: a
 * malformed JSON line, a cost that is not a number, a CSV column the export does not have, rows with no
 * invoice month.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage, type FinopsError } from '../../../src/errors.ts';
import { generateGcpSample } from '../../../src/sample/gcp/generate.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, planFailure, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { gcpTotals, runGcpImport } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

const files = (dir: string) => ({ kind: 'files', store: new LocalStore(dir), prefix: '' }) as const;

async function loadedSample() {
  const dir = await tempDir('gcp-bad');
  const sample = await generateGcpSample({ out: dir, months: 1, days: 2, rowsPerDay: 10, seed: 9 });
  wh = await openTestWarehouse();
  const first = await runGcpImport(wh, files(dir));
  expect(first.map((o) => o.status)).toEqual(['loaded']);
  const file = path.join(dir, ...(sample.months[0]?.keys[0] ?? '').split('/'));
  return { dir, file, wh, before: await gcpTotals(wh) };
}

describe('broken GCP export files', () => {
  it('a malformed JSON line is named by file and line, and the month stays as it was', async () => {
    const { dir, file, wh, before } = await loadedSample();
    const lines = (await readFile(file, 'utf8')).split('\n').length - 1;
    await appendFile(file, '{"billing_account_id": "01A2B3", "cost": 1.5, oops}\n');
    const [outcome] = await runGcpImport(wh, files(dir), { months: ['2024-01'] });
    expect(outcome?.status).toBe('failed');
    expect(errorMessage(outcome?.error)).toBe(`${file}:${lines + 1}: malformed JSON: unexpected character.`);
    expect(await gcpTotals(wh)).toEqual(before);
    const ledger = await wh.warehouse.all(`SELECT status FROM finops_meta.loads ORDER BY load_id`);
    expect(ledger.map((l) => l.status)).toEqual(['succeeded', 'failed']);
  });

  it('a cost that is not a number is named by file and line', async () => {
    const { dir, file, wh, before } = await loadedSample();
    const rows = (await readFile(file, 'utf8')).trimEnd().split('\n');
    rows[3] = (rows[3] ?? '').replace(/"cost":[^,]+,/, '"cost":"twelve",');
    await writeFile(file, `${rows.join('\n')}\n`);
    const [outcome] = await runGcpImport(wh, files(dir), { months: ['2024-01'] });
    expect(errorMessage(outcome?.error)).toMatch(
      new RegExp(`^${file}:4: a value does not fit: .*decimal.*twelve`),
    );
    expect(await gcpTotals(wh)).toEqual(before);
  });

  it('a CSV column the billing export does not have is refused', async () => {
    const dir = await tempDir('gcp-bad-csv');
    const koku = path.resolve(
      import.meta.dirname,
      '../../../../shared/samples/gcp/koku_gcp_202011_partitioned.csv',
    );
    const text = (await readFile(koku, 'utf8')).replace('cost_type,partition_date', 'cost_type,cost_center');
    await writeFile(path.join(dir, 'export.csv'), text);
    wh = await openTestWarehouse();
    const failure = await runGcpImport(wh, files(dir)).then(planFailure);
    expect(errorMessage(failure)).toBe(
      `${path.join(dir, 'export.csv')}:1: unknown column "cost_center": not a field of the BigQuery billing export`,
    );
  });

  it('a cost too large for a FOCUS amount is refused with its column and value, not the engine SQL', async () => {
    const dir = await tempDir('gcp-huge');
    const koku = path.resolve(
      import.meta.dirname,
      '../../../../shared/samples/gcp/koku_gcp_202011_partitioned.csv',
    );
    const lines = (await readFile(koku, 'utf8')).split('\n');
    lines[3] = (lines[3] as string).replace(/,(5e-06|[0-9.e-]+),USD,/, ',1e20,USD,');
    await writeFile(path.join(dir, 'export.csv'), lines.join('\n'));
    wh = await openTestWarehouse();
    const [outcome] = await runGcpImport(wh, files(dir));
    expect(outcome?.status).toBe('failed');
    expect((outcome?.error as FinopsError | undefined)?.kind).toBe('input');
    expect(errorMessage(outcome?.error)).toBe(
      'column "BilledCost": 100000000000000000000 is too large (amounts hold at most 20 digits before the decimal point)',
    );
  });

  it('rows without an invoice month are refused before anything is loaded', async () => {
    const dir = await tempDir('gcp-bad-month');
    const sample = await generateGcpSample({
      out: dir,
      months: 1,
      days: 1,
      rowsPerDay: 5,
      gzip: true,
      seed: 4,
    });
    const file = path.join(dir, ...(sample.months[0]?.keys[0] ?? '').split('/'));
    const rows = gunzipSync(await readFile(file))
      .toString('utf8')
      .trimEnd()
      .split('\n');
    await writeFile(
      file.replace(/\.gz$/, ''),
      `${rows.map((r) => r.replace(/"invoice":\{[^}]*\},/, '')).join('\n')}\n`,
    );
    wh = await openTestWarehouse();
    const failure = await runGcpImport(wh, {
      ...files(dir),
      keys: [sample.months[0]?.keys[0]?.replace(/\.gz$/, '') ?? ''],
    }).then(planFailure);
    expect(errorMessage(failure)).toMatch(
      /billing-export-000000000000\.json: \d+ row\(s\) have no invoice\.month/,
    );
    // Nothing was loaded; the refusal is on record for `finops status`, as a failure to plan.
    expect(
      await wh.warehouse.all('SELECT billing_period, status, failed_step FROM finops_meta.loads'),
    ).toEqual([{ billing_period: '*', status: 'failed', failed_step: 'plan' }]);
    expect(await gcpTotals(wh).catch(() => 'no tables')).toBe('no tables');
  });
});

describe('a value DuckDB cannot place in a file', () => {
  it('is found by reading each file alone', async () => {
    const dir = await tempDir('gcp-bad-time');
    const sample = await generateGcpSample({
      out: dir,
      months: 1,
      days: 2,
      rowsPerDay: 6,
      filesPerMonth: 2,
      seed: 8,
    });
    const second = path.join(dir, ...(sample.months[0]?.keys[1] ?? '').split('/'));
    const text = await readFile(second, 'utf8');
    await writeFile(
      second,
      text.replace(/"usage_start_time":"[^"]+"/, '"usage_start_time":"yesterday at noon"'),
    );
    wh = await openTestWarehouse();
    const [outcome] = await runGcpImport(wh, files(dir), { months: ['2024-01'] });
    expect(outcome?.status).toBe('failed');
    expect(errorMessage(outcome?.error)).toMatch(new RegExp(`^${second}: .*yesterday at noon`));
  });
});

describe('a month that failed', () => {
  it('is tried again on the next run, even though the files did not change', async () => {
    const dir = await tempDir('gcp-retry');
    const sample = await generateGcpSample({ out: dir, months: 2, days: 1, rowsPerDay: 5, seed: 12 });
    const february = path.join(dir, ...(sample.months[1]?.keys[0] ?? '').split('/'));
    const text = await readFile(february, 'utf8');
    await writeFile(february, text.replace(/"usage_end_time":"[^"]+"/, '"usage_end_time":"soon"'));
    wh = await openTestWarehouse();
    const first = await runGcpImport(wh, files(dir));
    expect(first.map((o) => [o.period, o.status])).toEqual([
      ['2024-01', 'loaded'],
      ['2024-02', 'failed'],
    ]);
    const second = await runGcpImport(wh, files(dir));
    expect(second.map((o) => [o.period, o.status])).toEqual([
      ['2024-01', 'unchanged'],
      ['2024-02', 'failed'],
    ]);
  });
});

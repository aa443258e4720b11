/**
 * Legacy CUR delivered for Athena, as real accounts get it: Parquet files under year=/month=, where
 * rates and reservation units are strings and an absent value is "" (not null), and the column set
 * drifts between the files of one month. Given such a month, when I import it, then the warehouse
 * holds exactly the files' rows and cost; a string that is not a number fails, naming file and column.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorMessage, type FinopsError } from '../../../src/errors.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';

let wh: TestWarehouse;
let bucket: string;
const exportName = 'athena-cur';
const monthFolder = () => path.join(bucket, 'cur', exportName, exportName, 'year=2024', 'month=3');

beforeEach(async () => {
  bucket = await tempDir('athena');
  wh = await openTestWarehouse();
  await mkdir(monthFolder(), { recursive: true });
});
afterEach(() => wh.warehouse.close());

/** Rows as Athena's CUR writes them: typed columns, and string ones where AWS types them string. */
const rows = (first: number, count: number, extra: string, month = 3) => `
  SELECT 'line-' || i AS identity_line_item_id,
         make_timestamp(2024, ${month}, 1, 0, 0, 0) AS bill_billing_period_start_date,
         make_timestamp(2024, ${month + 1}, 1, 0, 0, 0) AS bill_billing_period_end_date,
         '000123456789' AS bill_payer_account_id,
         '001234567890' AS line_item_usage_account_id,
         CASE WHEN i % 5 = 0 THEN 'Tax' ELSE 'Usage' END AS line_item_line_item_type,
         make_timestamp(2024, ${month}, 2, 0, 0, 0) + INTERVAL (i) HOUR AS line_item_usage_start_date,
         make_timestamp(2024, ${month}, 2, 1, 0, 0) + INTERVAL (i) HOUR AS line_item_usage_end_date,
         'AmazonEC2' AS line_item_product_code,
         'USD' AS line_item_currency_code,
         (i * 0.37 + 0.01)::DOUBLE AS line_item_unblended_cost,
         1.0::DOUBLE AS line_item_usage_amount,
         CASE WHEN i % 5 = 0 THEN '' ELSE (i * 0.37 + 0.01)::VARCHAR END AS line_item_unblended_rate,
         CASE WHEN i % 3 = 0 THEN '' ELSE '0.5' END AS reservation_units_per_reservation,
         '' AS reservation_normalized_units_per_reservation
         ${extra}
  FROM range(${first}, ${first + count}) AS t(i)`;

async function writePart(name: string, sql: string) {
  const file = path.join(monthFolder(), name);
  await wh.warehouse.run(
    `COPY (${sql}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION snappy)`,
  );
  return file;
}

const importMonth = () => wh.importExport({ store: new LocalStore(bucket), prefix: 'cur', exportName });

/** AWS's status file for the whole report: READY, or UPDATING while it rewrites the month folders. */
async function reportStatus(status: 'READY' | 'UPDATING') {
  const folder = path.join(bucket, 'cur', exportName, 'cost_and_usage_data_status');
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'cost_and_usage_data_status.parquet');
  await wh.warehouse.run(
    `COPY (SELECT '${status}' AS status) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`,
  );
}

describe('legacy CUR delivered for Athena (Parquet)', () => {
  it('reads string-typed numbers, "" as empty, and a column set that drifts between files', async () => {
    const one = await writePart(`${exportName}-00001.snappy.parquet`, rows(0, 40, ''));
    const two = await writePart(
      `${exportName}-00002.snappy.parquet`,
      rows(40, 25, `, 'prod' AS resource_tags_user_environment, '' AS pricing_public_on_demand_rate`),
    );
    const [outcome] = await importMonth();
    expect(outcome?.status, errorMessage(outcome?.error)).toBe('loaded');
    const truth = await wh.warehouse.one(
      `SELECT count(*)::INTEGER AS rows, sum(line_item_unblended_cost::VARCHAR::DECIMAL(38,10))::DECIMAL(38,10)::VARCHAR AS cost
       FROM read_parquet($files, union_by_name = true)`,
      { files: [one, two] },
    );
    expect(truth).toEqual({ rows: 65, cost: '770.2500000000' });
    expect(await wh.periodTotals()).toEqual({ '2024-03': truth });
    const typed = await wh.warehouse.one(
      `SELECT count(line_item_unblended_rate)::INTEGER AS rates, count(reservation_units_per_reservation)::INTEGER AS units,
              any_value(typeof(line_item_unblended_rate)) AS rate_type, count(*) FILTER (WHERE resource_tags->>'user_environment' = 'prod')::INTEGER AS prod
       FROM aws_billing.billing`,
    );
    expect(typed).toEqual({ rates: 52, units: 43, rate_type: 'DECIMAL(30,10)', prod: 25 });
    const ledger = await wh.warehouse.one<{ format: string; columns: string }>(
      'SELECT format, columns::VARCHAR AS columns FROM finops_meta.loads',
    );
    expect(ledger?.format).toBe('CUR Parquet (Athena)');
    expect(JSON.parse(ledger?.columns ?? '[]')).toContain('resource_tags_user_environment');
  });

  it('fails on a string that is not a number, naming the file, the column and the value', async () => {
    await writePart(`${exportName}-00001.snappy.parquet`, rows(0, 10, ''));
    await writePart(
      `${exportName}-00002.snappy.parquet`,
      rows(10, 10, '').replace(
        `'' AS reservation_normalized_units_per_reservation`,
        `'n/a' AS reservation_normalized_units_per_reservation`,
      ),
    );
    const [outcome] = await importMonth();
    expect(outcome?.status).toBe('failed');
    expect((outcome?.error as FinopsError | undefined)?.kind).toBe('input');
    expect(errorMessage(outcome?.error)).toMatch(
      /athena-cur-00002\.snappy\.parquet: column "reservation_normalized_units_per_reservation": "n\/a" is not a valid number/,
    );
  });

  it('waits while AWS is writing the report, and loads it once the status file says READY', async () => {
    await writePart(`${exportName}-00001.snappy.parquet`, rows(0, 10, ''));
    await reportStatus('UPDATING');
    const [waiting] = await importMonth();
    expect(waiting?.status).toBe('skipped');
    expect(waiting?.notes?.join(' ')).toMatch(/AWS is writing this report now/);
    const ledger = await wh.warehouse.one<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM finops_meta.loads',
    );
    expect(ledger?.n).toBe(0);
    await reportStatus('READY');
    const [loaded] = await importMonth();
    expect(loaded?.status, errorMessage(loaded?.error)).toBe('loaded');
  });

  it("reads only the files the month folder's manifest lists", async () => {
    const current = await writePart(`${exportName}-00001.snappy.parquet`, rows(0, 10, ''));
    await writePart(`${exportName}-00002.snappy.parquet`, rows(10, 7, ''));
    const key = path.relative(bucket, current).split(path.sep).join('/');
    await writeFile(
      path.join(monthFolder(), `${exportName}-Manifest.json`),
      JSON.stringify({
        assemblyId: 'f00dfeed-0000-4000-8000-000000000001',
        reportKeys: [key],
        billingPeriod: { start: '20240301T000000.000Z', end: '20240401T000000.000Z' },
        compression: 'Parquet',
        contentType: 'Parquet',
      }),
    );
    const [outcome] = await importMonth();
    expect(outcome?.status, errorMessage(outcome?.error)).toBe('loaded');
    expect(outcome?.versionId).toBe('f00dfeed-0000-4000-8000-000000000001');
    const truth = await wh.warehouse.one(
      `SELECT count(*)::INTEGER AS rows, sum(line_item_unblended_cost::VARCHAR::DECIMAL(38,10))::DECIMAL(38,10)::VARCHAR AS cost
       FROM read_parquet($file)`,
      { file: current },
    );
    expect(await wh.periodTotals()).toEqual({ '2024-03': truth });
  });

  it('notes in the ledger the columns a month brings that the export had not delivered before', async () => {
    await writePart(`${exportName}-00001.snappy.parquet`, rows(0, 5, ''));
    expect((await importMonth()).map((o) => o.status)).toEqual(['loaded']);
    const april = path.join(bucket, 'cur', exportName, exportName, 'year=2024', 'month=4');
    await mkdir(april, { recursive: true });
    const sql = rows(0, 5, `, 'ml' AS resource_tags_user_team`, 4);
    await wh.warehouse.run(`COPY (${sql}) TO '${path.join(april, 'part.parquet')}' (FORMAT parquet)`);
    const outcomes = await importMonth();
    expect(outcomes.map((o) => [o.period, o.status])).toEqual([
      ['2024-03', 'unchanged'],
      ['2024-04', 'loaded'],
    ]);
    const april2 = await wh.warehouse.one<{ added: string }>(
      "SELECT new_columns::VARCHAR AS added FROM finops_meta.loads WHERE billing_period = '2024-04'",
    );
    expect(JSON.parse(april2?.added ?? 'null')).toEqual(['resource_tags_user_team']);
  });
});

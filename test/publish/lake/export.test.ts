/**
 * The Parquet lake: what DuckDB reads back from it equals the warehouse row for row and to the cent per
 * partition; an independent Parquet reader (hyparquet) agrees on the types; a one-month query reads one
 * partition; unchanged data is not rewritten; a new version of a month replaces its partition only.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.ts';
import { exportLake } from '../../../src/publish/lake/export.ts';
import { generateCurSample } from '../../../src/sample/aws-cur/generate.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openStore } from '../../../src/stores/open-store.ts';
import { readText } from '../../../src/stores/read-text.ts';
import { type LocalS3, startLocalS3 } from '../../helpers/local-s3.ts';
import type { TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { lakeTable, totalsSql, warehousePeriod, warehouseSlug, warehouseWithData } from './helpers.ts';

let wh: TestWarehouse;
let bucket: string;
let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3.stop());
afterEach(() => wh?.warehouse.close());

async function setUp(): Promise<void> {
  ({ wh, bucket } = await warehouseWithData());
}

const focusOutcomes = (outcomes: { table: string; partition: string; status: string }[]) =>
  outcomes.filter((o) => o.table === 'focus_costs').map((o) => `${o.partition}:${o.status}`);

describe('finops lake export', () => {
  it('writes partitions that read back exactly as the warehouse holds them', async () => {
    await setUp();
    const root = await tempDir('lake');
    const outcomes = await exportLake(
      wh.warehouse,
      { store: new LocalStore(root), prefix: '', scope: {} },
      silentLogger,
    );
    expect(focusOutcomes(outcomes)).toEqual([
      'provider=aws/billing_period=2024-01:written',
      'provider=aws/billing_period=2024-02:written',
      'provider=aws/billing_period=2024-09:written',
      'provider=microsoft/billing_period=2024-09:written',
      'provider=oracle/billing_period=2024-09:written',
      'provider=oracle/billing_period=2024-10:written',
    ]);
    const w = wh.warehouse;
    const lake = lakeTable(root, 'focus_costs');
    const lakeRows = `SELECT * EXCLUDE (provider, billing_period, billing_period_status) FROM ${lake}`;
    const missing = await w.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM (SELECT * FROM focus.costs EXCEPT ALL ${lakeRows})`,
    );
    const extra = await w.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM (${lakeRows} EXCEPT ALL SELECT * FROM focus.costs)`,
    );
    expect([missing?.n, extra?.n]).toEqual([0, 0]);
    const fromLake = await w.all(totalsSql(lake, 'provider', 'billing_period'));
    const fromWarehouse = await w.all(totalsSql('focus.costs', warehouseSlug, warehousePeriod));
    expect(fromLake).toEqual(fromWarehouse);
    expect(fromLake).toHaveLength(6);
  });

  it('is readable by an independent Parquet reader with the same types', async () => {
    await setUp();
    const root = await tempDir('lake');
    await exportLake(
      wh.warehouse,
      { store: new LocalStore(root), prefix: '', scope: { provider: 'Microsoft' } },
      silentLogger,
    );
    const folder = path.join(root, 'focus_costs', 'provider=microsoft', 'billing_period=2024-09');
    expect((await readdir(folder)).sort()).toEqual(['_finops_partition.json', 'data.parquet']);
    const file = await asyncBufferFromFile(path.join(folder, 'data.parquet'));
    const metadata = await parquetMetadataAsync(file);
    const columns = Object.fromEntries(
      parquetSchema(metadata).children.map((c) => [c.element.name, c.element]),
    );
    expect(columns.BilledCost).toMatchObject({
      type: 'FIXED_LEN_BYTE_ARRAY',
      converted_type: 'DECIMAL',
      precision: 38,
      scale: 18,
    });
    expect(columns.ChargePeriodStart).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MICROS' });
    expect(columns.BillingAccountId).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    expect(columns.billing_period_status).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    expect(Number(metadata.num_rows)).toBe(51);
    // hyparquet turns decimals into JS numbers: equal to DuckDB's exact values within double precision.
    const rows = await parquetReadObjects({ file, compressors, columns: ['x_Id', 'BilledCost'] });
    const exact = await wh.warehouse.all<{ x_Id: string; cost: string }>(
      `SELECT x_Id, BilledCost::VARCHAR AS cost FROM focus.costs WHERE ServiceProviderName = 'Microsoft'`,
    );
    const byId = new Map(exact.map((r) => [r.x_Id, Number(r.cost)]));
    expect(rows).toHaveLength(51);
    for (const row of rows) expect(row.BilledCost).toBeCloseTo(byId.get(row.x_Id as string) as number, 9);
  });

  it('lets a one-month query read only that partition', async () => {
    await setUp();
    const root = await tempDir('lake');
    await exportLake(wh.warehouse, { store: new LocalStore(root), prefix: '', scope: {} }, silentLogger);
    const plan = await wh.warehouse.table(
      `EXPLAIN ANALYZE SELECT sum(BilledCost) FROM ${lakeTable(root, 'focus_costs')} WHERE billing_period = '2024-02' AND provider = 'aws'`,
    );
    const profile = String(plan.rows[0]?.[1]);
    expect(profile).toMatch(/Scanning Files: 1\/6/);
    expect(profile).toMatch(/Total Files Read: 1/);
  });

  it('leaves unchanged partitions alone and replaces a month that was reloaded', async () => {
    await setUp();
    const root = await tempDir('lake');
    const store = new LocalStore(root);
    await exportLake(wh.warehouse, { store, prefix: '', scope: { provider: 'AWS' } }, silentLogger);
    const files = async (period: string) => {
      const dir = path.join(root, 'focus_costs', 'provider=aws', `billing_period=${period}`);
      return Promise.all(
        (await readdir(dir)).map(async (f) => `${f}@${(await stat(path.join(dir, f))).mtimeMs}`),
      );
    };
    const data = (period: string) =>
      readFile(path.join(root, 'focus_costs', 'provider=aws', `billing_period=${period}`, 'data.parquet'));
    const january = await files('2024-01');
    const januaryBytes = await data('2024-01');
    const february = await files('2024-02');

    const again = await exportLake(
      wh.warehouse,
      { store, prefix: '', scope: { provider: 'AWS' } },
      silentLogger,
    );
    expect(again.map((o) => `${o.table}:${o.status}`)).toEqual([
      'focus_costs:unchanged',
      'focus_costs:unchanged',
      'focus_costs:unchanged',
      'periods:unchanged',
    ]);
    expect(await files('2024-01')).toEqual(january);

    await generateCurSample({ out: bucket, months: 1, rows: 900, seed: 72 });
    await wh.importExport({ store: new LocalStore(bucket), prefix: 'cur', exportName: 'finops-demo' });
    const after = await exportLake(
      wh.warehouse,
      { store, prefix: '', scope: { provider: 'AWS' } },
      silentLogger,
    );
    expect(focusOutcomes(after)).toEqual([
      'provider=aws/billing_period=2024-01:written',
      'provider=aws/billing_period=2024-02:unchanged',
      'provider=aws/billing_period=2024-09:unchanged',
    ]);
    // One file per partition, replaced in place by a rename (issue 17: new names beside the old file
    // let readers see both versions), so the name stays and the content changes.
    const newJanuary = await files('2024-01');
    expect(newJanuary.map((f) => f.split('@')[0]).sort()).toEqual(['_finops_partition.json', 'data.parquet']);
    expect(newJanuary).not.toEqual(january);
    expect((await data('2024-01')).equals(januaryBytes)).toBe(false);
    expect(await files('2024-02')).toEqual(february);
    const rows = await wh.warehouse.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM ${lakeTable(root, 'focus_costs')} WHERE billing_period = '2024-01'`,
    );
    const reloaded = await wh.warehouse.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM focus.costs WHERE strftime(BillingPeriodStart, '%Y-%m') = '2024-01'`,
    );
    expect(rows?.n).toBe(reloaded?.n);
    expect(rows?.n).toBeGreaterThan(900);
  });

  it('exports to S3 with catalog statements for Athena, Trino and Spark', async () => {
    await setUp();
    await s3.createBucket('analytics-lake');
    const { store, prefix } = openStore('s3://analytics-lake/finops', { s3: s3.settings() });
    await exportLake(wh.warehouse, { store, prefix, scope: { start: '2024-09' } }, silentLogger);
    const keys: string[] = [];
    for await (const o of store.list('finops/focus_costs/')) keys.push(o.key);
    expect(keys.filter((k) => k.endsWith('.parquet'))).toEqual([
      'finops/focus_costs/provider=aws/billing_period=2024-09/data.parquet',
      'finops/focus_costs/provider=microsoft/billing_period=2024-09/data.parquet',
      'finops/focus_costs/provider=oracle/billing_period=2024-09/data.parquet',
      'finops/focus_costs/provider=oracle/billing_period=2024-10/data.parquet',
    ]);
    const athena = await readText(store, 'finops/catalog/athena.sql');
    expect(athena).toMatch(/LOCATION 's3:\/\/analytics-lake\/finops\/focus_costs\/'/);
    expect(athena).toMatch(/'projection\.provider\.values' = 'aws,microsoft,oracle'/);
    expect(athena).toMatch(/`BilledCost` decimal\(38,18\)/);
    expect(athena).toMatch(/MSCK REPAIR TABLE focus_costs/);
    // Athena runs views on its Trino engine: double quotes and varchar (issue 18), not Hive's backticks.
    expect(athena).toMatch(/CREATE OR REPLACE VIEW "focus_microsoft"/);
    expect(athena).toMatch(/CREATE OR REPLACE VIEW "focus_all"/);
    expect(athena).not.toMatch(/AS string\)/);
    expect(await readText(store, 'finops/catalog/trino.sql')).toMatch(
      /partitioned_by = ARRAY\['provider', 'billing_period'\]/,
    );
    expect(await readText(store, 'finops/catalog/spark.sql')).toMatch(
      /PARTITIONED BY \(`provider`, `billing_period`\)/,
    );
  });
});

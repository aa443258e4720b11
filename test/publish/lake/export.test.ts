/**
 * The Parquet lake: what DuckDB reads back from it equals the warehouse row for row and to the cent per
 * partition; an independent Parquet reader (hyparquet) agrees on the types; a one-month query reads one
 * partition; unchanged data is not rewritten; a new version of a month replaces its partition only.
 */
import { copyFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.ts';
import { runSource } from '../../../src/pipeline/run-source.ts';
import { silentProgress } from '../../../src/progress.ts';
import { exportLake } from '../../../src/publish/lake/export.ts';
import { generateCurSample } from '../../../src/sample/aws-cur/generate.ts';
import { focus } from '../../../src/sources/focus/index.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openStore } from '../../../src/stores/open-store.ts';
import { type LocalS3, startLocalS3 } from '../../helpers/local-s3.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';

// Official FOCUS 1.0 sample, CC BY 4.0 (../shared/samples/PROVENANCE.md): AWS, Microsoft and Oracle rows.
const officialSample = path.resolve(
  import.meta.dirname,
  '../../../../shared/samples/focus-1.0/focus_sample.csv',
);

let wh: TestWarehouse;
let bucket: string;
let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3.stop());
afterEach(() => wh?.warehouse.close());

/** Two months of generated CUR (AWS) and the official FOCUS sample (three providers). */
async function warehouseWithData(): Promise<void> {
  bucket = await tempDir('cur');
  await generateCurSample({ out: bucket, months: 2, rows: 600, seed: 71 });
  wh = await openTestWarehouse();
  await wh.importExport({ store: new LocalStore(bucket), prefix: 'cur', exportName: 'finops-demo' });
  const focusFolder = await tempDir('focus');
  await copyFile(officialSample, path.join(focusFolder, 'focus_sample.csv'));
  await runSource(
    focus,
    { warehouse: wh.warehouse, cache: wh.cache, progress: silentProgress, logger: silentLogger },
    { name: 'sample', location: focusFolder, store: new LocalStore(focusFolder), prefix: '' },
  );
}

const lakeRel = (root: string) =>
  `read_parquet('${root.replace(/'/g, "''")}/**/*.parquet', hive_partitioning = true)`;

describe('finops lake export', () => {
  it('writes partitions that read back exactly as the warehouse holds them', async () => {
    await warehouseWithData();
    const root = await tempDir('lake');
    const outcomes = await exportLake(
      wh.warehouse,
      { store: new LocalStore(root), prefix: '', scope: {} },
      silentLogger,
    );
    expect(outcomes.map((o) => `${o.provider}/${o.period}:${o.status}`)).toEqual([
      'aws/2024-01:written',
      'aws/2024-02:written',
      'aws/2024-09:written',
      'microsoft/2024-09:written',
      'oracle/2024-09:written',
      'oracle/2024-10:written',
    ]);
    const w = wh.warehouse;
    const lake = lakeRel(root);
    const missing = await w.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM (SELECT * FROM focus.costs EXCEPT ALL SELECT * EXCLUDE (provider, billing_period) FROM ${lake})`,
    );
    const extra = await w.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM (SELECT * EXCLUDE (provider, billing_period) FROM ${lake} EXCEPT ALL SELECT * FROM focus.costs)`,
    );
    expect([missing?.n, extra?.n]).toEqual([0, 0]);
    const perPartition = (rel: string, provider: string) =>
      w.all(
        `SELECT ${provider} AS provider, strftime(BillingPeriodStart, '%Y-%m') AS period, count(*)::INTEGER AS n,
                sum(BilledCost)::VARCHAR AS billed, sum(EffectiveCost)::VARCHAR AS effective
         FROM ${rel} GROUP BY ALL ORDER BY ALL`,
      );
    const fromLake = await perPartition(lake, 'provider');
    const fromWarehouse = await perPartition('focus.costs', `lower(ServiceProviderName)`);
    expect(fromLake).toEqual(fromWarehouse);
    expect(fromLake).toHaveLength(6);
  });

  it('is readable by an independent Parquet reader with the same types', async () => {
    await warehouseWithData();
    const root = await tempDir('lake');
    await exportLake(
      wh.warehouse,
      { store: new LocalStore(root), prefix: '', scope: { provider: 'Microsoft' } },
      silentLogger,
    );
    const folder = path.join(root, 'provider=microsoft', 'billing_period=2024-09');
    const [name] = (await readdir(folder)).filter((f) => f.endsWith('.parquet'));
    const file = await asyncBufferFromFile(path.join(folder, name as string));
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
    await warehouseWithData();
    const root = await tempDir('lake');
    await exportLake(wh.warehouse, { store: new LocalStore(root), prefix: '', scope: {} }, silentLogger);
    const plan = await wh.warehouse.table(
      `EXPLAIN ANALYZE SELECT sum(BilledCost) FROM ${lakeRel(root)} WHERE billing_period = '2024-02' AND provider = 'aws'`,
    );
    const profile = String(plan.rows[0]?.[1]);
    expect(profile).toMatch(/Scanning Files: 1\/6/);
    expect(profile).toMatch(/Total Files Read: 1/);
  });

  it('leaves unchanged partitions alone and replaces a month that was reloaded', async () => {
    await warehouseWithData();
    const root = await tempDir('lake');
    const store = new LocalStore(root);
    await exportLake(wh.warehouse, { store, prefix: '', scope: { provider: 'AWS' } }, silentLogger);
    const files = async (period: string) => {
      const dir = path.join(root, 'provider=aws', `billing_period=${period}`);
      return Promise.all(
        (await readdir(dir)).map(async (f) => `${f}@${(await stat(path.join(dir, f))).mtimeMs}`),
      );
    };
    const january = await files('2024-01');
    const february = await files('2024-02');

    const again = await exportLake(
      wh.warehouse,
      { store, prefix: '', scope: { provider: 'AWS' } },
      silentLogger,
    );
    expect(again.map((o) => o.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await files('2024-01')).toEqual(january);

    await generateCurSample({ out: bucket, months: 1, rows: 900, seed: 72 });
    await wh.importExport({ store: new LocalStore(bucket), prefix: 'cur', exportName: 'finops-demo' });
    const after = await exportLake(
      wh.warehouse,
      { store, prefix: '', scope: { provider: 'AWS' } },
      silentLogger,
    );
    expect(after.map((o) => `${o.period}:${o.status}`)).toEqual([
      '2024-01:written',
      '2024-02:unchanged',
      '2024-09:unchanged',
    ]);
    const newJanuary = await files('2024-01');
    const parquet = (list: string[]) =>
      list.filter((f) => f.includes('.parquet@')).map((f) => f.split('@')[0]);
    expect(parquet(newJanuary)).toHaveLength(1);
    expect(parquet(january)).toHaveLength(1);
    expect(parquet(newJanuary)).not.toEqual(parquet(january));
    expect(await files('2024-02')).toEqual(february);
  });

  it('exports to S3 with catalog statements for Athena, Trino and Spark', async () => {
    await warehouseWithData();
    await s3.createBucket('analytics-lake');
    const { store, prefix } = openStore('s3://analytics-lake/finops', { s3: s3.settings() });
    await exportLake(wh.warehouse, { store, prefix, scope: { start: '2024-09' } }, silentLogger);
    const keys: string[] = [];
    for await (const o of store.list('finops/')) keys.push(o.key);
    expect(keys.filter((k) => k.endsWith('.parquet')).map((k) => k.replace(/part-.*$/, ''))).toEqual([
      'finops/provider=aws/billing_period=2024-09/',
      'finops/provider=microsoft/billing_period=2024-09/',
      'finops/provider=oracle/billing_period=2024-09/',
      'finops/provider=oracle/billing_period=2024-10/',
    ]);
    const { readText } = await import('../../../src/stores/read-text.ts');
    const athena = await readText(store, 'finops/catalog/athena.sql');
    expect(athena).toMatch(/LOCATION 's3:\/\/analytics-lake\/finops\/'/);
    expect(athena).toMatch(/'projection\.provider\.values' = 'aws,microsoft,oracle'/);
    expect(athena).toMatch(/`BilledCost` decimal\(38,18\)/);
    expect(athena).toMatch(/MSCK REPAIR TABLE focus_costs/);
    expect(athena).toMatch(/CREATE OR REPLACE VIEW `focus_microsoft`/);
    expect(athena).toMatch(/CREATE OR REPLACE VIEW focus_all/);
    expect(await readText(store, 'finops/catalog/trino.sql')).toMatch(
      /partitioned_by = ARRAY\['provider', 'billing_period'\]/,
    );
    expect(await readText(store, 'finops/catalog/spark.sql')).toMatch(
      /PARTITIONED BY \(provider, billing_period\)/,
    );
  });
});

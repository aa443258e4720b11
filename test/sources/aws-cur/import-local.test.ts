import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateCurSample } from '../../../src/sample/aws-cur/generate.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

describe('importing a legacy CUR delivery from a local folder', () => {
  it('publishes exactly the current version of every period, to the last digit', async () => {
    const bucket = await tempDir('bucket');
    const sample = await generateCurSample({
      out: bucket,
      months: 2,
      rows: 600,
      files: 3,
      versions: 3,
      seed: 1,
    });
    wh = await openTestWarehouse();

    const outcomes = await wh.importExport({
      store: new LocalStore(bucket),
      prefix: 'cur',
      exportName: 'finops-demo',
    });

    expect(outcomes.map((o) => [o.period, o.status, o.versionId])).toEqual(
      sample.periods.map((p) => [p.period, 'loaded', p.current.versionId]),
    );
    expect(await wh.periodTotals()).toEqual(
      Object.fromEntries(
        sample.periods.map((p) => [p.period, { rows: p.current.rows, cost: p.current.unblendedCost }]),
      ),
    );
    const files = await wh.warehouse.all<{ f: string }>(
      'SELECT DISTINCT finops_source_file AS f FROM aws_billing.billing ORDER BY 1',
    );
    expect(files.map((r) => r.f)).toEqual(
      sample.periods.flatMap((p) => p.current.files.map((f) => f.key)).sort(),
    );
  });

  it('does nothing when run again with the same manifests, and reloads with --force', async () => {
    const bucket = await tempDir('bucket');
    await generateCurSample({ out: bucket, months: 1, rows: 200, seed: 2 });
    wh = await openTestWarehouse();
    const exp = { store: new LocalStore(bucket), prefix: 'cur', exportName: 'finops-demo' };
    await wh.importExport(exp);

    expect((await wh.importExport(exp)).map((o) => o.status)).toEqual(['unchanged']);
    expect((await wh.importExport(exp, { force: true })).map((o) => o.status)).toEqual(['loaded']);
    const loads = await wh.warehouse.all<{ status: string; n: number }>(
      'SELECT status, count(*)::INTEGER AS n FROM finops_meta.loads GROUP BY ALL',
    );
    expect(loads).toEqual([{ status: 'succeeded', n: 2 }]);
  });

  it('replaces a period when a new version of its manifest arrives', async () => {
    const bucket = await tempDir('bucket');
    await generateCurSample({ out: bucket, months: 1, rows: 300, seed: 3 });
    wh = await openTestWarehouse();
    const exp = { store: new LocalStore(bucket), prefix: 'cur', exportName: 'finops-demo' };
    await wh.importExport(exp);

    const later = await generateCurSample({ out: bucket, months: 1, rows: 500, seed: 4 });
    const outcomes = await wh.importExport(exp);

    expect(outcomes.map((o) => [o.status, o.versionId])).toEqual([
      ['loaded', later.periods[0]?.current.versionId],
    ]);
    expect(await wh.periodTotals()).toEqual({
      '2024-01': { rows: later.periods[0]?.current.rows, cost: later.periods[0]?.current.unblendedCost },
    });
  });

  it('keeps every delivered column: tags become map entries and the original header is recorded', async () => {
    const bucket = await tempDir('bucket');
    await generateCurSample({ out: bucket, months: 2, rows: 200, seed: 5 });
    wh = await openTestWarehouse();
    await wh.importExport({ store: new LocalStore(bucket), prefix: 'cur', exportName: 'finops-demo' });

    const lineage = await wh.warehouse.all(
      `SELECT billing_period, column_name, map_key FROM aws_billing.column_lineage
       WHERE delivered_column = 'resourceTags/user:Project' ORDER BY 1`,
    );
    // The Project tag was activated in the second month: a new column in that month's files only.
    expect(lineage).toEqual([
      { billing_period: '2024-02', column_name: 'resource_tags', map_key: 'user_project' },
    ]);
    const tagged = await wh.warehouse.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM aws_billing.billing WHERE resource_tags->>'user_project' IS NOT NULL`,
    );
    expect(tagged?.n).toBeGreaterThan(0);
    const ids = await wh.warehouse.all<{ id: string }>(
      `SELECT DISTINCT line_item_usage_account_id AS id FROM aws_billing.billing WHERE id LIKE '0%'`,
    );
    expect(ids).toEqual([{ id: '012345678901' }]);
  });

  it('reads CUR 2.0 (Data Exports) deliveries into the same columns', async () => {
    const v1Bucket = await tempDir('v1');
    const v2Bucket = await tempDir('v2');
    const v1 = await generateCurSample({ out: v1Bucket, months: 1, rows: 300, seed: 9 });
    const v2 = await generateCurSample({ out: v2Bucket, months: 1, rows: 300, seed: 9, curVersion: 'v2' });
    wh = await openTestWarehouse();
    await wh.importExport(
      { store: new LocalStore(v1Bucket), prefix: 'cur', exportName: 'finops-demo' },
      { sourceName: 'legacy' },
    );
    await wh.importExport(
      { store: new LocalStore(v2Bucket), prefix: 'cur', exportName: 'finops-demo' },
      // The same generated month in both formats carries the same assembly id: two bills on purpose.
      { sourceName: 'cur2', allowDuplicate: true },
    );

    expect(v2.periods[0]?.current.unblendedCost).toBe(v1.periods[0]?.current.unblendedCost);
    const bySource = await wh.warehouse.all(
      `SELECT finops_source_name AS source, count(*)::INTEGER AS rows,
              sum(line_item_unblended_cost)::VARCHAR AS cost,
              count(DISTINCT resource_tags->>'user_environment')::INTEGER AS envs
       FROM aws_billing.billing GROUP BY ALL ORDER BY 1`,
    );
    expect(bySource).toEqual([
      {
        source: 'cur2',
        rows: v2.periods[0]?.current.rows,
        cost: v1.periods[0]?.current.unblendedCost,
        envs: 3,
      },
      {
        source: 'legacy',
        rows: v1.periods[0]?.current.rows,
        cost: v1.periods[0]?.current.unblendedCost,
        envs: 3,
      },
    ]);
    // Both sources share the period table, and their columns line up by name.
    const columns = await wh.warehouse.all<{ column_name: string }>(
      `SELECT column_name FROM (DESCRIBE aws_billing.billing_2024_01) WHERE column_name LIKE 'line_item_%' ORDER BY 1`,
    );
    expect(columns.map((c) => c.column_name)).toContain('line_item_usage_account_name');
    // CUR 2.0 declares rates as strings; they land as decimals, as legacy CUR's do.
    const rate = await wh.warehouse.one<{ column_type: string }>(
      `SELECT column_type FROM (DESCRIBE aws_billing.billing_2024_01) WHERE column_name = 'line_item_unblended_rate'`,
    );
    expect(rate?.column_type).toBe('DECIMAL(18,10)');
  });

  it('reads the Parquet deliveries: CUR 2.0 and legacy CUR for Athena', async () => {
    const csvBucket = await tempDir('csv');
    const v2Bucket = await tempDir('v2pq');
    const athenaBucket = await tempDir('athena');
    const csv = await generateCurSample({ out: csvBucket, months: 1, rows: 250, seed: 11, versions: 1 });
    await generateCurSample({
      out: v2Bucket,
      months: 1,
      rows: 250,
      seed: 11,
      versions: 1,
      curVersion: 'v2',
      format: 'parquet',
    });
    await generateCurSample({ out: athenaBucket, months: 1, rows: 250, seed: 11, format: 'parquet' });
    wh = await openTestWarehouse();
    const v2 = await wh.importExport(
      { store: new LocalStore(v2Bucket), prefix: 'cur', exportName: 'finops-demo' },
      { sourceName: 'cur2' },
    );
    const athena = await wh.importExport(
      { store: new LocalStore(athenaBucket), prefix: 'cur', exportName: 'finops-demo' },
      { sourceName: 'athena' },
    );

    expect([v2[0]?.status, athena[0]?.status]).toEqual(['loaded', 'loaded']);
    expect(athena[0]?.versionId).toMatch(/^sha256:/);
    const totals = await wh.warehouse.all(
      `SELECT finops_source_name AS source, sum(line_item_unblended_cost)::DECIMAL(38,10)::VARCHAR AS cost
       FROM aws_billing.billing GROUP BY ALL ORDER BY 1`,
    );
    const expected = csv.periods[0]?.current.unblendedCost;
    expect(totals).toEqual([
      { source: 'athena', cost: expected },
      { source: 'cur2', cost: expected },
    ]);
  });

  it('reads zip-compressed legacy CUR and the overwrite delivery', async () => {
    const bucket = await tempDir('zip');
    const sample = await generateCurSample({
      out: bucket,
      months: 1,
      rows: 200,
      compression: 'zip',
      delivery: 'overwrite',
      seed: 12,
    });
    wh = await openTestWarehouse();
    const outcomes = await wh.importExport({
      store: new LocalStore(bucket),
      prefix: 'cur',
      exportName: 'finops-demo',
    });
    expect(outcomes[0]?.status).toBe('loaded');
    expect(await wh.periodTotals()).toEqual({
      '2024-01': { rows: sample.periods[0]?.current.rows, cost: sample.periods[0]?.current.unblendedCost },
    });
    // The archive was unpacked into the cache, never into the delivery folder.
    const manifest = JSON.parse(
      await readFile(
        path.join(bucket, 'cur/finops-demo/20240101-20240201/finops-demo-Manifest.json'),
        'utf8',
      ),
    );
    expect(manifest.reportKeys[0]).toMatch(/\.csv\.zip$/);
  });
});

/**
 * An Alibaba Cloud FOCUS export in an OSS bucket, with s3rver standing in for OSS's S3-compatible API:
 * every daily batch is listed as new, imported, and lands with the generator's exact totals; a second
 * import downloads nothing; a re-delivered file replaces exactly its own batch.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateAlibabaSample, redeliverAlibabaBatch } from '../../../src/sample/alibaba/generate.ts';
import { openStore } from '../../../src/stores/open-store.ts';
import { type FaultProxy, startFaultProxy } from '../../helpers/fault-proxy.ts';
import { type LocalS3, startLocalS3 } from '../../helpers/local-s3.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { alibabaRequest, alibabaTotals, listBatches, runImport } from './helpers.ts';

let s3: LocalS3;
let proxy: FaultProxy;
let wh: TestWarehouse | undefined;

beforeAll(async () => {
  s3 = await startLocalS3();
  proxy = await startFaultProxy(s3.endpoint);
});
afterAll(async () => {
  await proxy.stop();
  await s3.stop();
});
afterEach(() => wh?.warehouse.close());

/** The export as finops sees it through the proxy, which counts every request. */
function ossExport(bucket: string) {
  const { store, prefix } = openStore(`s3://${bucket}/billing/focus`, { s3: s3.settings(proxy.endpoint) });
  return alibabaRequest(store, prefix);
}

/** Object downloads (GETs of keys, not listings) the proxy has seen. */
const downloads = () =>
  proxy
    .requests()
    .filter((r) => r.method === 'GET' && !/[?&]list-type=/.test(r.url) && /\.csv\.gz/.test(r.url)).length;

describe('an Alibaba FOCUS export in OSS', () => {
  it('is listed, imported with exact totals, re-imported as a no-op, and a re-delivered batch replaces its rows', async () => {
    await s3.createBucket('acme-bills');
    const out = await tempDir('alibaba-gen');
    const options = { out, months: 2, days: 3, rowsPerDay: 15, seed: 7 };
    const sample = await generateAlibabaSample(options);
    await s3.uploadFolder('acme-bills', out);
    wh = await openTestWarehouse();

    const listed = await listBatches(wh, ossExport('acme-bills'));
    expect(listed.map((p) => [p.batch.period, p.batch.batchId, p.state])).toEqual(
      sample.batches.map((b) => [b.period, b.batchId, 'new']),
    );

    const loaded = await runImport(wh, ossExport('acme-bills'));
    expect(loaded.map((o) => o.status)).toEqual(Array(6).fill('loaded'));
    expect(loaded.map((o) => o.rows)).toEqual(sample.batches.map((b) => b.rows));
    const expected = sample.periods.map((p) => ({ period: p.period, rows: p.rows, cost: p.billedCost }));
    expect(await alibabaTotals(wh)).toEqual({ focus: expected, raw: expected });
    const ledger = await wh.warehouse.all(
      `SELECT l.billing_period, l.manifest_key, l.version_id, f.key, f.etag, f.rows::INTEGER AS rows
       FROM finops_meta.loads l JOIN finops_meta.load_files f USING (load_id)
       WHERE l.source_type = 'alibaba' AND l.status = 'succeeded' ORDER BY f.key`,
    );
    expect(ledger.map((r) => [r.billing_period, r.manifest_key, r.key, r.rows])).toEqual(
      sample.batches.map((b) => [b.period, b.batchId, b.keys[0], b.rows]),
    );
    expect(ledger.every((r) => r.version_id === r.etag && /^[0-9a-f]{32}$/.test(String(r.etag)))).toBe(true);

    const before = downloads();
    expect(before).toBe(6);
    const again = await runImport(wh, ossExport('acme-bills'));
    expect(again.map((o) => o.status)).toEqual(Array(6).fill('unchanged'));
    expect(downloads()).toBe(before);

    // Alibaba pushes the second day of February again, with a compensation credit more.
    const gen2 = await tempDir('alibaba-redelivery');
    const redelivered = await redeliverAlibabaBatch({ ...options, out: gen2 }, '2024-02', 2);
    await s3.uploadFolder('acme-bills', gen2);
    const replaced = sample.batches.find((b) => b.batchId === redelivered.batchId);
    expect((await listBatches(wh, ossExport('acme-bills'))).map((p) => p.state)).toEqual([
      ...Array(4).fill('loaded'),
      'changed',
      'loaded',
    ]);
    const third = await runImport(wh, ossExport('acme-bills'));
    expect(third.map((o) => o.status)).toEqual([...Array(4).fill('unchanged'), 'loaded', 'unchanged']);
    expect(downloads()).toBe(before + 1);

    const batches = await wh.warehouse.all<{ batch: string; rows: number; cost: string }>(
      `SELECT x_BatchId AS batch, count(*)::INTEGER AS rows, sum(BilledCost)::DECIMAL(38,10)::VARCHAR AS cost
       FROM focus.costs GROUP BY ALL ORDER BY ALL`,
    );
    expect(batches).toEqual(
      sample.batches.map((b) =>
        b.batchId === redelivered.batchId
          ? { batch: b.batchId, rows: redelivered.rows, cost: redelivered.billedCost }
          : { batch: b.batchId, rows: b.rows, cost: b.billedCost },
      ),
    );
    expect(redelivered.rows).toBe((replaced?.rows ?? 0) + 1);
    const february = (await alibabaTotals(wh)).raw.find((t) => t.period === '2024-02');
    expect(february?.rows).toBe((sample.periods[1]?.rows ?? 0) + 1);
  });
});

/**
 * The manifest is what makes CloudZero ingest a month, so it moves last: only after every file of the
 * new drop is uploaded and verified. Through a proxy in front of a real S3 API (s3rver) that fails the
 * upload of one data file, the export fails, CloudZero's manifest still points at the previous drop,
 * the unfinished drop is cleaned away, and the next run publishes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.ts';
import { exportCbf } from '../../../src/publish/cbf/export.ts';
import { openStore } from '../../../src/stores/open-store.ts';
import { readText } from '../../../src/stores/read-text.ts';
import { type FaultProxy, startFaultProxy } from '../../helpers/fault-proxy.ts';
import { type LocalS3, startLocalS3 } from '../../helpers/local-s3.ts';
import { type CurWarehouse, curWarehouse } from './helpers.ts';

let s3: LocalS3;
let proxy: FaultProxy;
let wh: CurWarehouse;
beforeAll(async () => {
  s3 = await startLocalS3();
  await s3.createBucket('cz-faults');
  proxy = await startFaultProxy(s3.endpoint);
});
afterAll(async () => {
  await proxy.stop();
  await s3.stop();
});
afterEach(() => wh?.warehouse.close());

const retry = { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 };
/** The root as finops sees it (through the proxy) and as CloudZero sees it (straight to S3). */
const throughProxy = () => openStore('s3://cz-faults/finops', { s3: s3.settings(proxy.endpoint), retry });
const direct = () => openStore('s3://cz-faults/finops', { s3: s3.settings() });
const manifest = async () =>
  JSON.parse(await readText(direct().store, 'finops/20240101-20240201/manifest.json')).current_drop_id;

describe('CBF manifest-last', () => {
  it('keeps the previous drop current when an upload fails, and publishes on the next run', async () => {
    wh = await curWarehouse();
    const january = { period: '2024-01' };
    const first = await exportCbf(
      wh.warehouse,
      { root: throughProxy(), scope: january, rowsPerFile: 200, now: () => new Date('2024-02-02T00:00:00Z') },
      silentLogger,
    );
    expect(first[0]?.files).toBeGreaterThanOrEqual(3);

    // The order S3 saw: every data file and the record were written and checked before the manifest.
    const requests = proxy.requests().map((r) => `${r.method} ${r.url.replace(/\?.*$/, '')}`);
    const manifestPut = requests.indexOf('PUT /cz-faults/finops/20240101-20240201/manifest.json');
    const dropRequests = requests.filter((r) => r.includes('/20240202T000000Z/'));
    expect(manifestPut).toBeGreaterThan(-1);
    expect(dropRequests.filter((r) => r.startsWith('HEAD')).length).toBe((first[0]?.files ?? 0) + 1);
    for (const r of dropRequests) expect(requests.indexOf(r), r).toBeLessThan(manifestPut);

    // The month is restated; uploading its second file fails for longer than the retries last.
    await wh.restate('2024-01', 72);
    proxy.inject(
      (req) => req.method === 'PUT' && !!req.url?.includes('/cbf-0002.csv.gz'),
      { kind: 'slow-down' },
      retry.attempts,
    );
    const failed = exportCbf(
      wh.warehouse,
      { root: throughProxy(), scope: january, rowsPerFile: 200, now: () => new Date('2024-02-03T00:00:00Z') },
      silentLogger,
    );
    await expect(failed).rejects.toThrow(/gave up after 2 attempts: SlowDown/);
    expect(await manifest()).toBe('20240202T000000Z');
    const leftovers: string[] = [];
    for await (const o of direct().store.list('finops/20240101-20240201/20240203T000000Z/'))
      leftovers.push(o.key);
    expect(leftovers).toEqual([]);

    // Once S3 behaves again, the same export publishes the restated month.
    const retried = await exportCbf(
      wh.warehouse,
      { root: throughProxy(), scope: january, rowsPerFile: 200, now: () => new Date('2024-02-03T00:00:00Z') },
      silentLogger,
    );
    expect(retried.map((o) => [o.status, o.dropId, o.previousDropId])).toEqual([
      ['published', '20240203T000000Z', '20240202T000000Z'],
    ]);
    expect(await manifest()).toBe('20240203T000000Z');
  });
});

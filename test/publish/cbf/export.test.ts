/**
 * A platform team publishes its warehouse to CloudZero through an AnyCost Bucket (a real S3 API,
 * s3rver): each month lands as a drop in CloudZero's layout with the manifest pointing at it, large
 * months are split, what CloudZero reads back equals the warehouse, an unchanged re-run makes no drop,
 * and drops can be listed, reverted to, emptied and pruned.
 */
import { buffer } from 'node:stream/consumers';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.ts';
import { listDrops, revertMonth } from '../../../src/publish/cbf/drops.ts';
import { type CbfExportRequest, exportCbf } from '../../../src/publish/cbf/export.ts';
import { openStore } from '../../../src/stores/open-store.ts';
import { readText } from '../../../src/stores/read-text.ts';
import { quoteLiteral } from '../../../src/warehouse/sql.ts';
import { type LocalS3, startLocalS3 } from '../../helpers/local-s3.ts';
import { type CurWarehouse, curWarehouse, readCurrentDrop } from './helpers.ts';

let s3: LocalS3;
/** Two imported months, for the tests that only read them; tests that restate a month make their own. */
let shared: CurWarehouse;
let wh: CurWarehouse;
let bucketNo = 0;
beforeAll(async () => {
  s3 = await startLocalS3();
  shared = await curWarehouse();
});
afterAll(async () => {
  shared.warehouse.close();
  await s3.stop();
});
afterEach(() => {
  if (wh !== shared) wh?.warehouse.close();
});

/** A fresh bucket and the connection's root in it. */
async function connection() {
  const bucket = `cloudzero-${++bucketNo}`;
  await s3.createBucket(bucket);
  return openStore(`s3://${bucket}/finops`, {
    s3: s3.settings(),
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
  });
}

const at = (iso: string) => () => new Date(iso);
const run = (root: CbfExportRequest['root'], more: Partial<CbfExportRequest> = {}) =>
  exportCbf(wh.warehouse, { root, scope: {}, now: at('2024-03-05T06:07:08Z'), ...more }, silentLogger);

async function keysOf(root: CbfExportRequest['root']): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of root.store.list(`${root.prefix}/`)) keys.push(o.key);
  return keys;
}

describe('finops export cbf', () => {
  it("publishes each month as a drop in CloudZero's layout, with the manifest pointing at it", async () => {
    wh = shared;
    const root = await connection();
    const outcomes = await run(root);
    expect(outcomes.map((o) => [o.period, o.billingDataId, o.status, o.dropId, o.files])).toEqual([
      ['2024-01', '20240101-20240201', 'published', '20240305T060708Z', 1],
      ['2024-02', '20240201-20240301', 'published', '20240305T060708Z', 1],
    ]);
    expect(await keysOf(root)).toEqual([
      'finops/20240101-20240201/20240305T060708Z/cbf-0001.csv.gz',
      'finops/20240101-20240201/20240305T060708Z/finops-drop.json',
      'finops/20240101-20240201/manifest.json',
      'finops/20240201-20240301/20240305T060708Z/cbf-0001.csv.gz',
      'finops/20240201-20240301/20240305T060708Z/finops-drop.json',
      'finops/20240201-20240301/manifest.json',
    ]);
    expect(JSON.parse(await readText(root.store, 'finops/20240101-20240201/manifest.json'))).toEqual({
      version: '1.0.0',
      current_drop_id: '20240305T060708Z',
    });
    const gz = await buffer(
      await root.store.get('finops/20240101-20240201/20240305T060708Z/cbf-0001.csv.gz'),
    );
    const text = gunzipSync(gz).toString('utf8');
    // The header style of CloudZero's sample (../shared/samples/cbf/cloud_cbf.csv), then the tag columns.
    expect(text.split('\n')[0]).toBe(
      'lineitem/type,lineitem/description,lineitem/cloud_provider,time/usage_start,resource/id,resource/service,' +
        'resource/account,resource/region,usage/amount,usage/units,cost/cost,cost/amortized_cost,' +
        'cost/on_demand_cost,bill/invoice_id,resource/tag:aws:created_by,resource/tag:cost_center,' +
        'resource/tag:costcategory:business_unit,resource/tag:environment,resource/tag:team',
    );
    // A tag key new in February (the generator adds one) is a column of February's drop only.
    const february = await readCurrentDrop(wh.warehouse, root, '2024-02');
    expect(february.header.filter((c) => c.startsWith('resource/tag:'))).toContain('resource/tag:project');
    expect(text.split('\n').slice(1, -1).length).toBe(outcomes[0]?.rows);
  });

  it('splits a month into files of at most the row limit, and the files add up to the month', async () => {
    wh = shared;
    const root = await connection();
    const [january] = await run(root, { scope: { period: '2024-01' }, rowsPerFile: 250 });
    const expected = Math.ceil((january?.rows ?? 0) / 250);
    expect(january?.files).toBe(expected);
    expect(expected).toBeGreaterThan(2);
    const drop = await readCurrentDrop(wh.warehouse, root, '2024-01');
    expect(drop.keys.map((k) => k.split('/').pop())).toEqual(
      Array.from({ length: expected }, (_, i) => `cbf-${String(i + 1).padStart(4, '0')}.csv.gz`),
    );
    const perFile = await wh.warehouse.all<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM read_csv([${drop.files.map(quoteLiteral).join(', ')}], header = true,
         all_varchar = true, filename = true) GROUP BY filename ORDER BY filename`,
    );
    expect(perFile.slice(0, -1).every((f) => f.n === 250)).toBe(true);
    expect(perFile.reduce((s, f) => s + f.n, 0)).toBe(january?.rows);
  });

  it('round trip: what CloudZero reads back equals the warehouse, row for row and to the last digit', async () => {
    wh = shared;
    const root = await connection();
    await run(root);
    for (const period of ['2024-01', '2024-02']) {
      const drop = await readCurrentDrop(wh.warehouse, root, period);
      // Every FOCUS row of the month is one CBF row with the same service, account, exact costs,
      // usage and invoice (compared as multisets: CBF has no line item id to join on).
      const fromWarehouse = `SELECT ServiceName, coalesce(SubAccountId, BillingAccountId),
            BilledCost, EffectiveCost, ListCost, coalesce(ConsumedQuantity, PricingQuantity), InvoiceId
          FROM focus.costs WHERE strftime(BillingPeriodStart, '%Y-%m') = '${period}'`;
      const fromDrop = `SELECT "resource/service", "resource/account", "cost/cost"::DECIMAL(38,18),
            "cost/amortized_cost"::DECIMAL(38,18), "cost/on_demand_cost"::DECIMAL(38,18),
            "usage/amount"::DECIMAL(38,18), "bill/invoice_id" FROM ${drop.relation}`;
      const differences = await wh.warehouse.one<{ missing: number; extra: number }>(
        `SELECT (SELECT count(*) FROM (${fromWarehouse} EXCEPT ALL ${fromDrop}))::INTEGER AS missing,
                (SELECT count(*) FROM (${fromDrop} EXCEPT ALL ${fromWarehouse}))::INTEGER AS extra`,
      );
      expect(differences, period).toEqual({ missing: 0, extra: 0 });
      const sums = (rel: string, cost: string, amortized: string, onDemand: string) =>
        wh.warehouse.one(
          `SELECT sum(${cost}::DECIMAL(38,18))::VARCHAR AS cost, sum(${amortized}::DECIMAL(38,18))::VARCHAR AS amortized,
                  sum(${onDemand}::DECIMAL(38,18))::VARCHAR AS on_demand, count(*)::INTEGER AS n FROM ${rel}`,
        );
      expect(
        await sums(drop.relation, '"cost/cost"', '"cost/amortized_cost"', '"cost/on_demand_cost"'),
      ).toEqual(
        await sums(
          `(SELECT * FROM focus.costs WHERE strftime(BillingPeriodStart, '%Y-%m') = '${period}')`,
          'BilledCost',
          'EffectiveCost',
          'ListCost',
        ),
      );
    }
  });

  it('makes no drop when nothing changed, and a new one for the month that was restated', async () => {
    wh = await curWarehouse();
    const root = await connection();
    await run(root);
    const before = await keysOf(root);
    const again = await run(root, { now: at('2024-03-06T00:00:00Z') });
    expect(again.map((o) => `${o.period}:${o.status}:${o.dropId}`)).toEqual([
      '2024-01:unchanged:20240305T060708Z',
      '2024-02:unchanged:20240305T060708Z',
    ]);
    expect(await keysOf(root)).toEqual(before);

    await wh.restate('2024-01', 72);
    const after = await run(root, { now: at('2024-03-07T00:00:00Z') });
    expect(after.map((o) => `${o.period}:${o.status}:${o.dropId}:${o.previousDropId}`)).toEqual([
      '2024-01:published:20240307T000000Z:20240305T060708Z',
      '2024-02:unchanged:20240305T060708Z:20240305T060708Z',
    ]);
    const drop = await readCurrentDrop(wh.warehouse, root, '2024-01');
    const rows = await wh.warehouse.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${drop.relation}`);
    expect(rows?.n).toBe(after[0]?.rows);
  });

  it('lists drops, reverts to an earlier one, empties a month and prunes old drops', async () => {
    wh = await curWarehouse();
    const root = await connection();
    await run(root, { scope: { period: '2024-01' } });
    await wh.restate('2024-01', 73);
    await run(root, { scope: { period: '2024-01' }, now: at('2024-03-08T00:00:00Z') });
    const listed = await listDrops(root, '2024-01');
    expect(listed.map((d) => [d.dropId, d.current, d.madeByFinops, d.dataFiles])).toEqual([
      ['20240305T060708Z', false, true, 1],
      ['20240308T000000Z', true, true, 1],
    ]);
    expect(listed[0]?.rows).not.toBe(listed[1]?.rows);

    // Revert: the manifest points back at the first drop, which CloudZero then ingests again.
    expect(await revertMonth(root, '2024-01', '20240305T060708Z', silentLogger)).toEqual({
      moved: true,
      previous: '20240308T000000Z',
    });
    expect((await readCurrentDrop(wh.warehouse, root, '2024-01')).dropId).toBe('20240305T060708Z');
    await expect(revertMonth(root, '2024-01', '20990101T000000Z', silentLogger)).rejects.toThrow(
      /no drop 20990101T000000Z with data files/,
    );

    // An empty drop removes the month from CloudZero: a header and no rows.
    const [emptied] = await exportCbf(
      undefined,
      { root, scope: { period: '2024-01' }, empty: true, now: at('2024-03-09T00:00:00Z') },
      silentLogger,
    );
    expect([emptied?.status, emptied?.rows, emptied?.dropId]).toEqual(['published', 0, '20240309T000000Z']);
    const empty = await readCurrentDrop(wh.warehouse, root, '2024-01');
    expect(empty.header.slice(0, 4)).toEqual([
      'lineitem/type',
      'lineitem/description',
      'lineitem/cloud_provider',
      'time/usage_start',
    ]);
    expect(await wh.warehouse.one(`SELECT count(*)::INTEGER AS n FROM ${empty.relation}`)).toEqual({ n: 0 });

    // Keep 2: the current (empty) drop and the newest other one stay.
    const [kept] = await run(root, { scope: { period: '2024-01' }, empty: true, keep: 2 });
    expect(kept?.status).toBe('unchanged');
    expect(kept?.pruned).toEqual(['20240305T060708Z']);
    expect((await listDrops(root)).map((d) => `${d.period}/${d.dropId}:${d.current}`)).toEqual([
      '2024-01/20240308T000000Z:false',
      '2024-01/20240309T000000Z:true',
    ]);
  });

  it('refuses to export what CloudZero cannot take', async () => {
    wh = shared;
    const root = await connection();
    await expect(
      exportCbf(wh.warehouse, { root: openStore('s3://x', { s3: s3.settings() }), scope: {} }, silentLogger),
    ).rejects.toThrow(/bucket's root/);
    await expect(run(root, { rowsPerFile: 1_000_001 })).rejects.toThrow(/at most 1000000 rows per file/);
    await expect(run(root, { scope: { period: '2023-06' } })).rejects.toThrow(/no rows for 2023-06/);
    await expect(exportCbf(undefined, { root, scope: {}, empty: true }, silentLogger)).rejects.toThrow(
      /--empty needs the months/,
    );
    expect(await keysOf(root)).toEqual([]);
  });
});

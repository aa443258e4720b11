/**
 * The S3 store and the download cache under faults, through a proxy in front of a real local S3 API:
 * throttling (503 SlowDown) is retried and then reported clearly, a body cut short is downloaded again,
 * and keys with `..` never leave the cache folder.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FinopsError } from '../../src/errors.ts';
import { DownloadCache } from '../../src/stores/cache.ts';
import { S3Store } from '../../src/stores/s3-store.ts';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.ts';
import { type LocalS3, startLocalS3 } from '../helpers/local-s3.ts';
import { tempDir } from '../helpers/tmp.ts';

let s3: LocalS3;
let proxy: FaultProxy;
const fast = { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 };
const body = Buffer.from('x'.repeat(200_000));

beforeAll(async () => {
  s3 = await startLocalS3();
  await s3.createBucket('faults');
  await s3.put('faults', 'data/file.csv', body);
  proxy = await startFaultProxy(s3.endpoint);
});
afterAll(async () => {
  await proxy.stop();
  await s3.stop();
});

const store = () => new S3Store({ bucket: 'faults', ...s3.settings(proxy.endpoint), retry: fast });
const isGet = (key: string) => (req: { method?: string; url?: string }) =>
  req.method === 'GET' && !!req.url?.includes(key);

describe('S3 faults', () => {
  it('retries 503 SlowDown a few times, then succeeds', async () => {
    const before = proxy.faulted();
    proxy.inject(isGet('file.csv'), { kind: 'slow-down' }, 2);
    const cache = new DownloadCache({ root: await tempDir('cache'), retry: fast });
    const info = await store().head('data/file.csv');
    const file = await cache.fetch(store(), info as NonNullable<typeof info>);
    expect(proxy.faulted() - before).toBe(2);
    expect(await readFile(file.path)).toEqual(body);
  });

  it('gives up with a clear error when SlowDown never stops', async () => {
    proxy.inject(isGet('list-type=2'), { kind: 'slow-down' }, Number.POSITIVE_INFINITY);
    const listing = store().listFolder('data/');
    await expect(listing).rejects.toThrow(FinopsError);
    await expect(listing).rejects.toThrow(
      /gave up after 4 attempts: SlowDown \(HTTP 503\): Please reduce your request rate/,
    );
  });

  it('downloads again when the connection drops mid-body, and keeps no partial file', async () => {
    const before = proxy.faulted();
    proxy.inject(isGet('file.csv'), { kind: 'cut-body' }, 1);
    const root = await tempDir('cache');
    const cache = new DownloadCache({ root, retry: fast });
    const info = await store().head('data/file.csv');
    const file = await cache.fetch(store(), info as NonNullable<typeof info>);
    expect(proxy.faulted() - before).toBe(1);
    expect(await readFile(file.path)).toEqual(body);
    expect(existsSync(`${file.path}.part`)).toBe(false);
  });

  it('keeps keys with .. and other odd characters inside the cache', async () => {
    const root = await tempDir('cache');
    const cache = new DownloadCache({ root });
    for (const key of ['data/../../escape.csv', '../x', 'a/./b', '/abs/path', 'a//b', 'sp ace/ü.csv']) {
      const file = cache.pathFor(store(), key);
      expect(path.relative(root, file).startsWith('..'), key).toBe(false);
      expect(path.relative(root, file).split(path.sep).includes('..'), key).toBe(false);
    }
    expect(cache.pathFor(store(), 'data/../../escape.csv')).toContain(`${path.sep}%2E%2E${path.sep}`);
  });
});

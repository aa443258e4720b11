/**
 * One contract, every backend: whatever store a delivery sits in, finops lists it the same way (every
 * object below a prefix, in key order; or one folder level), reads the same bytes, sees the same size,
 * says "not found" the same way for a key that is not there, and never lets a key with `..` put a file
 * outside the download cache or read one from outside the delivery folder.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadCache } from '../../src/stores/cache.ts';
import type { ObjectInfo } from '../../src/stores/store.ts';
import { tempDir } from '../helpers/tmp.ts';
import { type Backend, backends } from './backends.ts';

const delivery: Record<string, string> = {
  'exports/2024-01.csv': 'day,cost\n2024-01-01,1.50\n',
  'exports/2024-02.csv': 'day,cost\n2024-02-01,2.25\n2024-02-02,0.75\n',
  'exports/daily/2024-03-01.csv': 'day,cost\n2024-03-01,3\n',
  'exports-old/2023-12.csv': 'day,cost\n',
  'other/readme.txt': 'not billing data',
};

const sizeOf = (key: string) => Buffer.byteLength(delivery[key] as string);

async function keysBelow(b: Backend, prefix: string): Promise<[string, number][]> {
  const out: [string, number][] = [];
  for await (const o of b.store.list(prefix)) out.push([o.key, o.size]);
  return out;
}

const inside = (root: string, file: string) => {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

describe.each(backends)('an object store: $name', ({ start, keepsDotDotKeys }) => {
  let b: Backend;
  beforeAll(async () => {
    b = await start();
    for (const [key, body] of Object.entries(delivery)) await b.seed(key, body);
  });
  afterAll(() => b?.stop());

  it('lists every object below a prefix, recursively and in key order, with its size', async () => {
    expect(await keysBelow(b, 'exports/')).toEqual(
      ['exports/2024-01.csv', 'exports/2024-02.csv', 'exports/daily/2024-03-01.csv'].map((key) => [
        key,
        sizeOf(key),
      ]),
    );
    expect((await keysBelow(b, 'exports')).map(([key]) => key)).toContain('exports-old/2023-12.csv');
    expect(await keysBelow(b, 'nothing-here/')).toEqual([]);
  });

  it('lists one folder level: its objects and its sub-folders', async () => {
    const listing = await b.store.listFolder('exports/');
    expect(listing.objects.map((o) => o.key)).toEqual(['exports/2024-01.csv', 'exports/2024-02.csv']);
    expect(listing.folders).toEqual(['exports/daily/']);
    expect(await b.store.listFolder('nothing-here/')).toEqual({ objects: [], folders: [] });
  });

  it('reads the bytes delivered, directly and through the download cache', async () => {
    const key = 'exports/2024-02.csv';
    expect(await text(await b.store.get(key))).toBe(delivery[key]);

    const cacheRoot = await tempDir('cache');
    const cache = new DownloadCache({
      root: cacheRoot,
      retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
    });
    const info = (await b.store.head(key)) as ObjectInfo;
    const cached = await cache.fetch(b.store, info);
    expect(await readFile(cached.path, 'utf8')).toBe(delivery[key]);
    // A remote object lands in the cache; a local one is read where it is.
    expect(inside(b.store.isLocal ? (b.store.localPath?.('') ?? '') : cacheRoot, cached.path)).toBe(true);
  });

  it("states an object's key and size", async () => {
    expect(await b.store.head('exports/2024-01.csv')).toMatchObject({
      key: 'exports/2024-01.csv',
      size: sizeOf('exports/2024-01.csv'),
    });
  });

  it('says a missing key is not there: no metadata, and a "not found" error naming it on read', async () => {
    expect(await b.store.head('exports/2024-04.csv')).toBeUndefined();
    await expect(b.store.get('exports/2024-04.csv')).rejects.toThrow(/not found/);
    await expect(b.store.get('exports/2024-04.csv')).rejects.toMatchObject({
      kind: 'input',
      file: expect.stringContaining('exports/2024-04.csv'),
    });
  });

  it.runIf(keepsDotDotKeys)(
    'downloads an object whose key climbs with .. into the cache, not above it',
    async () => {
      const key = 'odd/../../../escape.csv';
      await b.seed(key, 'a name a provider should not have used\n');
      const listed = await keysBelow(b, 'odd/');
      expect(listed.map(([k]) => k)).toEqual([key]);

      const root = await tempDir('cache');
      const cached = await new DownloadCache({ root }).fetch(
        b.store,
        (await b.store.head(key)) as ObjectInfo,
      );
      expect(inside(root, cached.path)).toBe(true);
      expect(await readFile(cached.path, 'utf8')).toBe('a name a provider should not have used\n');
    },
  );

  it('keeps keys with .. inside the cache, and never reads a file from outside the folder', async () => {
    const cache = new DownloadCache({ root: await tempDir('cache') });
    for (const key of ['../escape.csv', 'exports/../../escape.csv', 'exports/../../../etc/passwd', '..']) {
      if (!b.store.isLocal) expect(inside(cache.root, cache.pathFor(b.store, key)), key).toBe(true);
      const read = b.store.get(key).then(text);
      await expect(read, key).rejects.toThrow();
    }
  });
});

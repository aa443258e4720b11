/**
 * The download cache: objects from remote stores are streamed to local files so DuckDB (which cannot
 * reach object storage here) reads them from disk. Every download is checked against the object's size
 * and, for single-part uploads, its MD5 ETag, and only then renamed into place; a cached file is reused
 * while its size and ETag still match. Object keys become paths segment by segment with anything unusual
 * escaped, so a key such as `a/../../etc` stays inside the cache.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FinopsError } from '../errors.ts';
import { type Logger, silentLogger } from '../log.ts';
import { type Progress, silentProgress } from '../progress.ts';
import { mapLimit } from './map-limit.ts';
import { defaultRetryPolicy, type RetryPolicy, TransferIncomplete, withRetry } from './retry.ts';
import { type ObjectInfo, type ObjectStore, objectUrl } from './store.ts';

export interface CachedFile {
  key: string;
  /** Where DuckDB reads it. */
  path: string;
  size: number;
  etag?: string;
  /** True when no bytes moved (already cached, or a local store read in place). */
  reused: boolean;
}

export interface CacheOptions {
  root: string;
  retry?: RetryPolicy;
  logger?: Logger;
  /** Parallel downloads. */
  concurrency?: number;
}

export class DownloadCache {
  readonly root: string;
  private readonly retry: RetryPolicy;
  private readonly logger: Logger;
  private readonly concurrency: number;

  constructor(options: CacheOptions) {
    this.root = path.resolve(options.root);
    this.retry = options.retry ?? defaultRetryPolicy;
    this.logger = options.logger ?? silentLogger;
    this.concurrency = options.concurrency ?? 4;
  }

  /** The cache path of an object; always inside the cache root. */
  pathFor(store: ObjectStore, key: string): string {
    const storeDir = encodeSegment(store.url.replace(/^[a-z0-9]+:\/\//, (m) => m.replace('://', '_')));
    const file = path.resolve(this.root, storeDir, ...key.split('/').map(encodeSegment));
    if (!file.startsWith(this.root + path.sep)) {
      throw new FinopsError(`object key ${JSON.stringify(key)} cannot be cached safely`, { kind: 'input' });
    }
    return file;
  }

  async fetchAll(store: ObjectStore, objects: ObjectInfo[], progress: Progress = silentProgress) {
    return mapLimit(objects, this.concurrency, (o) => this.fetch(store, o, progress));
  }

  async fetch(
    store: ObjectStore,
    object: ObjectInfo,
    progress: Progress = silentProgress,
  ): Promise<CachedFile> {
    if (store.isLocal && store.localPath) {
      progress.addBytes(object.size);
      progress.fileDone(object.key);
      return { ...object, path: store.localPath(object.key), reused: true };
    }
    const file = this.pathFor(store, object.key);
    if (await this.isFresh(file, object)) {
      progress.addBytes(object.size);
      progress.fileDone(object.key);
      return { ...object, path: file, reused: true };
    }
    await withRetry(
      objectUrl(store, object.key),
      () => this.download(store, object, file, progress),
      this.retry,
      this.logger,
    );
    progress.fileDone(object.key);
    return { ...object, path: file, reused: false };
  }

  private async download(store: ObjectStore, object: ObjectInfo, file: string, progress: Progress) {
    await mkdir(path.dirname(file), { recursive: true });
    const part = `${file}.part`;
    const md5 = createHash('md5');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        md5.update(chunk);
        progress.addBytes(chunk.length);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(await store.get(object.key), meter, createWriteStream(part));
      if (bytes !== object.size) {
        throw new TransferIncomplete(`received ${bytes} of ${object.size} bytes`);
      }
      if (object.etag && isPlainMd5(object.etag) && md5.digest('hex') !== object.etag.toLowerCase()) {
        throw new TransferIncomplete('the downloaded bytes do not match the object ETag (MD5)');
      }
      await rename(part, file);
      await writeFile(metaPath(file), JSON.stringify({ size: object.size, etag: object.etag ?? null }));
    } catch (error) {
      progress.addBytes(-bytes);
      await rm(part, { force: true });
      throw error;
    }
  }

  private async isFresh(file: string, object: ObjectInfo): Promise<boolean> {
    try {
      const [meta, s] = await Promise.all([readFile(metaPath(file), 'utf8'), stat(file)]);
      const cached = JSON.parse(meta) as { size: number; etag: string | null };
      return s.size === object.size && cached.size === object.size && cached.etag === (object.etag ?? null);
    } catch {
      return false;
    }
  }
}

const metaPath = (file: string) => `${file}.finops-meta.json`;

function isPlainMd5(etag: string): boolean {
  return /^[0-9a-f]{32}$/i.test(etag);
}

/** Makes one key segment a safe file name: no separators, no `.`/`..`, nothing exotic. */
export function encodeSegment(segment: string): string {
  const encoded = segment.replace(/[^A-Za-z0-9._=+-]/g, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  if (encoded === '' || /^\.+$/.test(encoded)) return encoded.replace(/\./g, '%2E') || '%00';
  return encoded;
}

/**
 * Google Cloud Storage through @google-cloud/storage (the JSON API: objects.list, objects.get with
 * alt=media), with Application Default Credentials. Transient faults (429, 5xx, resets) are retried
 * by the library itself, every operation included (the store only reads); a download is then checked by
 * the cache against the object's size and its MD5 (GCS's base64 md5Hash, given as hex ETag), so the
 * library's own hash validation is not needed. Composite objects have no MD5: their generation is the
 * version then. `apiEndpoint` points it elsewhere (a proxy, or a local stand-in in tests: the library
 * does not authenticate against a custom endpoint unless asked to).
 */
import type { Readable } from 'node:stream';
import type { File, Storage, StorageOptions } from '@google-cloud/storage';
import { FinopsError } from '../errors.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry.ts';
import type { Listing, ObjectInfo, ObjectStore } from './store.ts';

export interface GcsStoreOptions {
  bucket: string;
  projectId?: string;
  /** Another endpoint than https://storage.googleapis.com. */
  apiEndpoint?: string;
  /** Authenticate against a custom endpoint too (the library does not by default). */
  useAuthWithCustomEndpoint?: boolean;
  retry?: RetryPolicy;
}

export class GcsStore implements ObjectStore {
  readonly url: string;
  readonly isLocal = false;
  readonly bucketName: string;
  private readonly config: StorageOptions;
  private client?: Promise<Storage>;

  constructor(options: GcsStoreOptions) {
    this.bucketName = options.bucket;
    this.url = `gs://${options.bucket}`;
    const retry = options.retry ?? defaultRetryPolicy;
    this.config = {
      projectId: options.projectId,
      apiEndpoint: options.apiEndpoint,
      useAuthWithCustomEndpoint: options.useAuthWithCustomEndpoint,
      retryOptions: {
        autoRetry: true,
        maxRetries: Math.max(0, retry.attempts - 1),
        retryDelayMultiplier: 2,
        maxRetryDelay: Math.max(1, Math.round(retry.maxDelayMs / 1000)),
      },
    };
  }

  /** The client library loads on first use, so commands that never read gs:// do not pay for it. */
  private storage(): Promise<Storage> {
    this.client ??= import('@google-cloud/storage').then((m) => {
      // finops lists, reads and writes whole objects: every call can be repeated safely.
      const retryOptions = {
        ...this.config.retryOptions,
        idempotencyStrategy: m.IdempotencyStrategy.RetryAlways,
      };
      return new m.Storage({ ...this.config, retryOptions });
    });
    return this.client;
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let pageToken: string | undefined;
    do {
      const page = await this.page(prefix, pageToken);
      for (const f of page.files) yield toInfo(f);
      pageToken = page.next;
    } while (pageToken);
  }

  async listFolder(prefix: string): Promise<Listing> {
    const listing: Listing = { objects: [], folders: [] };
    let pageToken: string | undefined;
    do {
      const page = await this.page(prefix, pageToken, '/');
      listing.objects.push(...page.files.map(toInfo));
      listing.folders.push(...page.prefixes);
      pageToken = page.next;
    } while (pageToken);
    return listing;
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const [metadata] = await (await this.file(key)).getMetadata();
      return toInfo({ name: key, metadata } as unknown as File);
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw this.wrap(key, error);
    }
  }

  async get(key: string): Promise<Readable> {
    const info = await this.head(key);
    if (!info) throw new FinopsError('object not found', { kind: 'input', file: `${this.url}/${key}` });
    const stream = (await this.file(key)).createReadStream({ validation: false, decompress: false });
    stream.on('error', () => undefined);
    return stream;
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    try {
      await (await this.file(key)).save(body, { resumable: false, validation: false });
    } catch (error) {
      throw this.wrap(key, error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await (await this.file(key)).delete({ ignoreNotFound: true });
    } catch (error) {
      throw this.wrap(key, error);
    }
  }

  private async file(key: string): Promise<File> {
    return (await this.storage()).bucket(this.bucketName).file(key);
  }

  private async page(prefix: string, pageToken?: string, delimiter?: string) {
    try {
      const [files, next, response] = await (await this.storage()).bucket(this.bucketName).getFiles({
        prefix,
        pageToken,
        delimiter,
        autoPaginate: false,
      });
      return {
        files,
        next: (next as { pageToken?: string } | null)?.pageToken,
        prefixes: ((response as { prefixes?: string[] } | undefined)?.prefixes ?? []) as string[],
      };
    } catch (error) {
      throw this.wrap(prefix, error);
    }
  }

  private wrap(key: string, error: unknown): unknown {
    if (error instanceof FinopsError) return error;
    const file = `${this.url}/${key}`;
    const code = (error as { code?: number }).code;
    if (code === 404) return new FinopsError('not found', { kind: 'input', file, cause: error });
    if (code === 401 || code === 403) {
      return new FinopsError('access denied', {
        file,
        cause: error,
        hint: 'the credentials need roles/storage.objectViewer on the bucket',
      });
    }
    return new FinopsError(`Cloud Storage request failed: ${(error as Error).message}`, {
      file,
      cause: error,
    });
  }
}

function toInfo(f: File): ObjectInfo {
  const m = f.metadata as {
    name?: string;
    size?: string | number;
    md5Hash?: string;
    generation?: string;
    updated?: string;
  };
  const md5 = m.md5Hash ? Buffer.from(m.md5Hash, 'base64').toString('hex') : undefined;
  return {
    key: m.name ?? f.name,
    size: Number(m.size ?? 0),
    etag: md5 ?? (m.generation ? `generation:${m.generation}` : undefined),
    lastModified: m.updated ? new Date(m.updated) : undefined,
  };
}

/**
 * The one small interface every object store speaks (local folder, S3 API, later Azure Blob and GCS).
 * Keys are always `/`-separated and relative to the store's bucket or root folder; a store never
 * interprets them beyond that, so a key may legally contain `..` and callers must not turn keys into
 * paths themselves (the download cache does that safely).
 */
import type { Readable } from 'node:stream';

export interface ObjectInfo {
  key: string;
  size: number;
  /** Entity tag without quotes, when the store has one (S3, Azure). */
  etag?: string;
  lastModified?: Date;
}

export interface Listing {
  objects: ObjectInfo[];
  /** "Sub-folders" directly below the prefix, each ending in `/` (only with a delimiter listing). */
  folders: string[];
}

export interface ObjectStore {
  /** For messages and lineage: `s3://bucket`, `file:///abs/path`. */
  readonly url: string;
  /** Whether objects already live on this machine (then the cache reads them in place). */
  readonly isLocal: boolean;
  /** Every object whose key starts with `prefix`, recursively, in key order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** Objects and folders directly below `prefix` (which should end in `/`). */
  listFolder(prefix: string): Promise<Listing>;
  /** Metadata of one object, or undefined when it does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** The object's bytes as a stream; fails with a `not found` FinopsError when missing. */
  get(key: string): Promise<Readable>;
  put(key: string, body: Buffer | string): Promise<void>;
  /**
   * Stores a local file under `key` as one object, appearing whole or not at all (a rename, or one
   * upload the store commits at its end); the local file may be moved away. Stores without it get
   * `put` with the file's bytes.
   */
  putFile?(key: string, file: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** The local path of an object, only for stores with `isLocal`. */
  localPath?(key: string): string;
}

/** The display form of an object for messages: `s3://bucket/key`, `/abs/path/key`. */
export function objectUrl(store: ObjectStore, key: string): string {
  return `${store.url.replace(/\/$/, '')}/${key}`;
}

export function joinKey(...parts: string[]): string {
  return parts
    .filter((p) => p !== '')
    .map((p, i) => (i === 0 ? p.replace(/\/+$/, '') : p.replace(/^\/+|\/+$/g, '')))
    .filter((p) => p !== '')
    .join('/');
}

/**
 * Turns a location the user typed (`s3://bucket/prefix`, `/data/cur`, `file:///data/cur`) into a store
 * and the key prefix inside it.
 */
import { fileURLToPath } from 'node:url';
import { usageError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { AzureBlobStore, type AzureCredentials, azureCredentialsFromEnv } from './azure-blob-store.ts';
import { GcsStore, type GcsStoreOptions } from './gcs-store.ts';
import { LocalStore } from './local-store.ts';
import type { RetryPolicy } from './retry.ts';
import { S3Store } from './s3-store.ts';
import type { ObjectStore } from './store.ts';

export interface S3Settings {
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  profile?: string;
  checksumsWhenRequired?: boolean;
}

export interface StoreLocation {
  store: ObjectStore;
  /** Key prefix inside the store, without leading or trailing `/` (may be empty). */
  prefix: string;
}

export interface OpenStoreOptions {
  s3?: S3Settings;
  /** For `az://container/prefix` locations: how to reach the storage account. */
  azure?: AzureCredentials;
  /** For `gs://bucket/prefix` locations: project and endpoint (credentials are Application Default). */
  gcs?: Omit<GcsStoreOptions, 'bucket' | 'retry'>;
  retry?: RetryPolicy;
  logger?: Logger;
}

export function openStore(location: string, options: OpenStoreOptions = {}): StoreLocation {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1]?.toLowerCase();
  if (scheme === 's3') {
    const rest = location.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    if (!bucket)
      throw usageError(`no bucket in ${JSON.stringify(location)}`, 'write it as s3://bucket/prefix');
    const prefix = slash < 0 ? '' : trimSlashes(rest.slice(slash + 1));
    const store = new S3Store({ bucket, ...options.s3, retry: options.retry, logger: options.logger });
    return { store, prefix };
  }
  if (scheme === 'az') {
    const [container = '', ...rest] = location.slice('az://'.length).split('/');
    if (!container)
      throw usageError(`no container in ${JSON.stringify(location)}`, 'write it as az://container/path');
    const store = new AzureBlobStore({
      container,
      credentials: options.azure ?? azureCredentialsFromEnv(),
      retry: options.retry,
    });
    return { store, prefix: trimSlashes(rest.join('/')) };
  }
  if (scheme === 'gs') {
    const [bucket = '', ...rest] = location.slice('gs://'.length).split('/');
    if (!bucket)
      throw usageError(`no bucket in ${JSON.stringify(location)}`, 'write it as gs://bucket/prefix');
    const store = new GcsStore({ bucket, ...options.gcs, retry: options.retry });
    return { store, prefix: trimSlashes(rest.join('/')) };
  }
  if (scheme === 'file') return { store: new LocalStore(fileURLToPath(location)), prefix: '' };
  if (scheme) {
    throw usageError(
      `${scheme}:// locations are not supported by this command`,
      'use s3://bucket/prefix (also for S3-compatible stores with --endpoint) or a local folder',
    );
  }
  return { store: new LocalStore(location), prefix: '' };
}

export function trimSlashes(s: string): string {
  return s.replace(/^\/+|\/+$/g, '');
}

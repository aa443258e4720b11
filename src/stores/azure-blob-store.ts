/**
 * Azure Blob Storage through `@azure/storage-blob`: one container, keys are blob names. Three ways in,
 * in this order: a connection string (also what azurite takes), a SAS URL for the account or the
 * container, or the account name with `DefaultAzureCredential` (environment, workload identity,
 * managed identity, Azure CLI login). Secrets are never logged: messages name the container URL only.
 * Retries are the SDK's (exponential, on throttling, 5xx and connection faults), sized by our policy.
 * Errors keep the status and a redacted message, not the SDK error itself: it carries the request (and
 * with it a SAS signature) that a verbose log would print.
 */
import type { Readable } from 'node:stream';
import type { ContainerClient } from '@azure/storage-blob';
import { FinopsError, usageError } from '../errors.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry.ts';
import type { Listing, ObjectInfo, ObjectStore } from './store.ts';

export interface AzureCredentials {
  /** `DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...;BlobEndpoint=...` */
  connectionString?: string;
  /** `https://<account>.blob.core.windows.net/?sv=...` or a container URL with its SAS. */
  sasUrl?: string;
  /** Storage account name, for DefaultAzureCredential. */
  account?: string;
  /** Blob endpoint for the account name (default `https://<account>.blob.core.windows.net`). */
  endpoint?: string;
}

/** The standard variables, for az:// locations opened without configured credentials. */
export function azureCredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): AzureCredentials {
  return {
    connectionString: env.AZURE_STORAGE_CONNECTION_STRING || undefined,
    sasUrl: env.AZURE_STORAGE_SAS_URL || undefined,
    account: env.AZURE_STORAGE_ACCOUNT || undefined,
  };
}

export interface AzureBlobStoreOptions {
  container: string;
  credentials: AzureCredentials;
  retry?: RetryPolicy;
}

export class AzureBlobStore implements ObjectStore {
  readonly url: string;
  readonly isLocal = false;
  private readonly options: AzureBlobStoreOptions;
  private client?: Promise<ContainerClient>;

  constructor(options: AzureBlobStoreOptions) {
    checkCredentials(options);
    this.options = options;
    this.url = `az://${options.container}`;
  }

  /** The SDK loads on first use, so commands that never read az:// do not pay for it. */
  private container(): Promise<ContainerClient> {
    this.client ??= containerClient(this.options);
    return this.client;
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    try {
      const client = await this.container();
      for await (const blob of client.listBlobsFlat({ prefix })) yield toInfo(blob.name, blob.properties);
    } catch (error) {
      throw this.wrap(prefix, error);
    }
  }

  async listFolder(prefix: string): Promise<Listing> {
    const listing: Listing = { objects: [], folders: [] };
    try {
      const client = await this.container();
      for await (const item of client.listBlobsByHierarchy('/', { prefix })) {
        if (item.kind === 'prefix') listing.folders.push(item.name);
        else listing.objects.push(toInfo(item.name, item.properties));
      }
    } catch (error) {
      throw this.wrap(prefix, error);
    }
    return listing;
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const p = await (await this.container()).getBlobClient(key).getProperties();
      return toInfo(key, { contentLength: p.contentLength, etag: p.etag, lastModified: p.lastModified });
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw this.wrap(key, error);
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const response = await (await this.container()).getBlobClient(key).download();
      const body = response.readableStreamBody;
      if (!body) throw new Error('the response has no body stream');
      return body as Readable;
    } catch (error) {
      throw this.wrap(key, error);
    }
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    try {
      await (await this.container()).getBlockBlobClient(key).upload(bytes, bytes.length);
    } catch (error) {
      throw this.wrap(key, error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await (await this.container()).getBlobClient(key).deleteIfExists();
    } catch (error) {
      throw this.wrap(key, error);
    }
  }

  private wrap(key: string, error: unknown): unknown {
    if (error instanceof FinopsError) return error;
    const file = `${this.url}/${key}`;
    const status = statusOf(error);
    if (status === 404) {
      return new FinopsError('blob or container not found', { kind: 'input', file });
    }
    if (status === 403 || status === 401) {
      return new FinopsError('access denied', {
        file,
        hint: 'the identity needs the Storage Blob Data Reader role on the container (or a SAS with read and list)',
      });
    }
    return new FinopsError(`Azure Blob Storage request failed: ${redact((error as Error).message)}`, {
      file,
    });
  }
}

/** Refuses settings that cannot work before anything is loaded or sent. */
function checkCredentials(options: AzureBlobStoreOptions): void {
  const { credentials: c, container } = options;
  if (c.connectionString) return;
  if (c.sasUrl) {
    const named = sasContainer(c.sasUrl);
    if (named && named !== container) {
      throw usageError(
        `the SAS URL is for the container ${JSON.stringify(named)}, not ${JSON.stringify(container)}`,
        'use an account SAS URL, or the container the SAS URL names',
      );
    }
    return;
  }
  if (c.account) return;
  throw usageError(
    'no Azure storage account for az:// locations',
    'set AZURE_STORAGE_CONNECTION_STRING, or azure.sas_url_env / AZURE_STORAGE_SAS_URL, or azure.account (signs in with DefaultAzureCredential)',
  );
}

/** The container a SAS URL names (a container SAS), or '' for an account SAS URL. */
function sasContainer(sasUrl: string): string {
  const url = new URL(sasUrl);
  const segments = url.pathname.split('/').filter(Boolean);
  // Emulators (azurite) address path-style: http://127.0.0.1:10000/<account>/<container>.
  if (/^(localhost|\d+\.\d+\.\d+\.\d+|\[.*\])$/.test(url.hostname)) segments.shift();
  return segments.join('/');
}

async function containerClient(options: AzureBlobStoreOptions): Promise<ContainerClient> {
  const { BlobServiceClient, ContainerClient, StorageRetryPolicyType } = await import('@azure/storage-blob');
  const { credentials: c, container } = options;
  const retry = options.retry ?? defaultRetryPolicy;
  const pipeline = {
    retryOptions: {
      maxTries: retry.attempts,
      retryDelayInMs: Math.max(1, retry.baseDelayMs),
      maxRetryDelayInMs: retry.maxDelayMs,
      retryPolicyType: StorageRetryPolicyType.EXPONENTIAL,
    },
  };
  if (c.connectionString) {
    return BlobServiceClient.fromConnectionString(c.connectionString, pipeline).getContainerClient(container);
  }
  if (c.sasUrl) {
    return sasContainer(c.sasUrl)
      ? new ContainerClient(c.sasUrl, undefined, pipeline)
      : new BlobServiceClient(c.sasUrl, undefined, pipeline).getContainerClient(container);
  }
  const { DefaultAzureCredential } = await import('@azure/identity');
  const endpoint = c.endpoint ?? `https://${c.account}.blob.core.windows.net`;
  return new BlobServiceClient(endpoint, new DefaultAzureCredential(), pipeline).getContainerClient(
    container,
  );
}

function toInfo(key: string, p: { contentLength?: number; etag?: string; lastModified?: Date }): ObjectInfo {
  return { key, size: p.contentLength ?? 0, etag: p.etag?.replace(/"/g, ''), lastModified: p.lastModified };
}

/** SDK messages can quote the request URL; a SAS signature or an account key never reaches a log. */
export function redact(text: string): string {
  return text.replace(/\b(sig|AccountKey|SharedAccessSignature)=[^&;\s"']*/gi, '$1=REDACTED');
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number })?.statusCode;
}

/**
 * Amazon S3 and S3-compatible stores (MinIO, Cloudflare R2, GCS interoperability, Alibaba OSS), through
 * the AWS SDK v3 with its default credential chain: environment, shared config and SSO profiles, web
 * identity, container and instance roles. Retries are ours (see retry.ts), so the SDK makes one attempt.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ListObjectsV2CommandOutput, S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { FinopsError } from '../errors.ts';
import { type Logger, silentLogger } from '../log.ts';
import { defaultRetryPolicy, type RetryPolicy, withRetry } from './retry.ts';
import type { Listing, ObjectInfo, ObjectStore } from './store.ts';

type S3Sdk = typeof import('@aws-sdk/client-s3');

export interface S3StoreOptions {
  bucket: string;
  region?: string;
  /** Custom endpoint for S3-compatible stores, e.g. `http://localhost:9000`. */
  endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`); most S3-compatible stores need it. */
  forcePathStyle?: boolean;
  /** Named profile from ~/.aws/config; otherwise the default chain decides. */
  profile?: string;
  /**
   * Compute request checksums only when an operation requires them. Needed by S3-compatible stores
   * that reject the SDK's default streaming checksums (s3rver, some MinIO versions).
   */
  checksumsWhenRequired?: boolean;
  retry?: RetryPolicy;
  logger?: Logger;
}

export class S3Store implements ObjectStore {
  readonly url: string;
  readonly isLocal = false;
  readonly bucket: string;
  private readonly config: S3ClientConfig;
  private connection?: Promise<{ sdk: S3Sdk; client: S3Client }>;
  private readonly retry: RetryPolicy;
  private readonly logger: Logger;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.url = `s3://${options.bucket}`;
    this.retry = options.retry ?? defaultRetryPolicy;
    this.logger = options.logger ?? silentLogger;
    const config: S3ClientConfig = {
      region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      maxAttempts: 1,
    };
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.forcePathStyle) config.forcePathStyle = true;
    if (options.profile) config.profile = options.profile;
    if (options.checksumsWhenRequired) {
      config.requestChecksumCalculation = 'WHEN_REQUIRED';
      config.responseChecksumValidation = 'WHEN_REQUIRED';
    }
    this.config = config;
  }

  /** The SDK loads on first use, so commands that never read s3:// do not pay for it. */
  private connect(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    this.connection ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client(this.config),
    }));
    return this.connection;
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    do {
      const page = await this.listPage(prefix, token);
      for (const o of page.Contents ?? []) if (o.Key) yield toInfo(o.Key, o.Size, o.ETag, o.LastModified);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async listFolder(prefix: string): Promise<Listing> {
    const listing: Listing = { objects: [], folders: [] };
    let token: string | undefined;
    do {
      const page = await this.listPage(prefix, token, '/');
      for (const o of page.Contents ?? []) {
        if (o.Key) listing.objects.push(toInfo(o.Key, o.Size, o.ETag, o.LastModified));
      }
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) listing.folders.push(p.Prefix);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return listing;
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const { sdk, client } = await this.connect();
      const out = await this.call(key, () =>
        client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: key })),
      );
      return toInfo(key, out.ContentLength, out.ETag, out.LastModified);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw this.wrap(key, error);
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const { sdk, client } = await this.connect();
      const out = await this.call(key, () =>
        client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key })),
      );
      if (!(out.Body instanceof Readable)) throw new Error('the response has no body stream');
      return out.Body;
    } catch (error) {
      throw this.wrap(key, error);
    }
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const { sdk, client } = await this.connect();
    await this.call(key, () =>
      client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body })),
    );
  }

  /** One PutObject streamed from the file (up to S3's 5 GB limit for a single upload). */
  async putFile(key: string, file: string): Promise<void> {
    const { sdk, client } = await this.connect();
    const { size } = await stat(file);
    // A fresh stream for every attempt: a retry cannot reuse a half-read one.
    await this.call(key, () =>
      client.send(
        new sdk.PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: createReadStream(file),
          ContentLength: size,
        }),
      ),
    );
  }

  async delete(key: string): Promise<void> {
    const { sdk, client } = await this.connect();
    await this.call(key, () => client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  private async listPage(
    prefix: string,
    token?: string,
    delimiter?: string,
  ): Promise<ListObjectsV2CommandOutput> {
    const { sdk, client } = await this.connect();
    return this.call(`${this.url}/${prefix}`, () =>
      client.send(
        new sdk.ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ContinuationToken: token,
          Delimiter: delimiter,
        }),
      ),
    );
  }

  private call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    const label = what.startsWith('s3://') ? what : `${this.url}/${what}`;
    return withRetry(label, operation, this.retry, this.logger);
  }

  private wrap(key: string, error: unknown): unknown {
    if (error instanceof FinopsError) return error;
    const file = `${this.url}/${key}`;
    if (isMissing(error)) return new FinopsError('object not found', { kind: 'input', file, cause: error });
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 403) {
      return new FinopsError('access denied', {
        file,
        cause: error,
        hint: 'the credentials need s3:GetObject and s3:ListBucket on this bucket',
      });
    }
    return error;
  }
}

function toInfo(key: string, size?: number, etag?: string, lastModified?: Date): ObjectInfo {
  return { key, size: size ?? 0, etag: etag?.replace(/"/g, ''), lastModified };
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

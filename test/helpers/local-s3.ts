/**
 * A real S3 API on localhost (s3rver), started by the tests themselves, with helpers to upload a folder
 * laid out like a bucket. Clients talk to it through the same S3Store production uses.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3Settings } from '../../src/stores/open-store.ts';

export interface LocalS3 {
  endpoint: string;
  client: S3Client;
  /** Settings for openStore/S3Store against this server (or a proxy in front of it). */
  settings(endpoint?: string): S3Settings;
  createBucket(name: string): Promise<void>;
  /** Uploads every file below `dir` with its relative path as the key. */
  uploadFolder(bucket: string, dir: string, keyPrefix?: string): Promise<string[]>;
  put(bucket: string, key: string, body: Buffer | string): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalS3(): Promise<LocalS3> {
  // Lives as long as the server (not per test), so it is made and removed here.
  const directory = await mkdtemp(path.join(os.tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const address = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const put = async (bucket: string, key: string, body: Buffer | string) => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  };
  return {
    endpoint,
    client,
    settings: (at = endpoint) => ({
      endpoint: at,
      forcePathStyle: true,
      region: 'us-east-1',
      checksumsWhenRequired: true,
    }),
    createBucket: async (name) => {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    uploadFolder: async (bucket, dir, keyPrefix = '') => {
      const keys: string[] = [];
      for (const file of await listFiles(dir)) {
        const key = [keyPrefix, path.relative(dir, file).split(path.sep).join('/')].filter(Boolean).join('/');
        await put(bucket, key, await readFile(file));
        keys.push(key);
      }
      return keys;
    },
    put,
    stop: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out.sort();
}

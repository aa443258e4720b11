/**
 * Every object store finops reads, each behind the real client production uses and a real local server:
 * a local folder, the S3 API (s3rver), Azure Blob (azurite) and Google Cloud Storage (the repo's JSON API
 * stand-in). A backend is opened by the location a user would type, and seeded through the server's own
 * client, so the store under test only reads.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/stores/open-store.ts';
import type { ObjectStore } from '../../src/stores/store.ts';
import { startAzurite } from '../helpers/azurite.ts';
import { startGcsStandIn } from '../helpers/gcs-standin.ts';
import { startLocalS3 } from '../helpers/local-s3.ts';

export interface Backend {
  store: ObjectStore;
  /** Delivers an object as the provider would. */
  seed(key: string, body: string): Promise<void>;
  stop(): Promise<void>;
}

const retry = { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 };

export interface BackendKind {
  name: string;
  /**
   * Whether the server keeps a key such as `odd/../../x.csv` as written: GCS does (and so does AWS S3);
   * s3rver resolves the dots, azurite refuses them, and a folder cannot hold them.
   */
  keepsDotDotKeys: boolean;
  start(): Promise<Backend>;
}

export const backends: BackendKind[] = [
  {
    name: 'local folder',
    keepsDotDotKeys: false,
    async start() {
      // A folder inside a parent holding a file a `..` key would reach; it lives as long as the backend.
      const parent = await mkdtemp(path.join(os.tmpdir(), 'store-contract-'));
      const root = path.join(parent, 'bucket');
      await mkdir(root);
      await writeFile(path.join(parent, 'escape.csv'), 'outside the folder\n');
      return {
        store: openStore(root, { retry }).store,
        seed: async (key, body) => {
          const file = path.join(root, ...key.split('/'));
          await mkdir(path.dirname(file), { recursive: true });
          await writeFile(file, body);
        },
        stop: () => rm(parent, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'S3 API (s3rver)',
    keepsDotDotKeys: false,
    async start() {
      const s3 = await startLocalS3();
      await s3.createBucket('billing');
      return {
        store: openStore('s3://billing', { s3: s3.settings(), retry }).store,
        seed: (key, body) => s3.put('billing', key, body),
        stop: () => s3.stop(),
      };
    },
  },
  {
    name: 'Azure Blob (azurite)',
    keepsDotDotKeys: false,
    async start() {
      const azurite = await startAzurite();
      await azurite.createContainer('billing');
      return {
        store: openStore('az://billing', { azure: { connectionString: azurite.connectionString }, retry })
          .store,
        seed: (key, body) => azurite.put('billing', key, body),
        stop: () => azurite.stop(),
      };
    },
  },
  {
    name: 'Google Cloud Storage (stand-in)',
    keepsDotDotKeys: true,
    async start() {
      const gcs = await startGcsStandIn(2);
      return {
        store: openStore('gs://billing', { gcs: { apiEndpoint: gcs.endpoint, projectId: 'acme' }, retry })
          .store,
        seed: async (key, body) => gcs.put('billing', key, body),
        stop: () => gcs.stop(),
      };
    },
  },
];

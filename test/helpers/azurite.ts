/**
 * A real Azure Blob Storage API on localhost (azurite, in memory), started by the tests themselves, with
 * the emulator's well-known development account. Clients talk to it through the same AzureBlobStore
 * production uses: by connection string, or by a SAS URL the helper signs with the account key.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { AccountSASPermissions, AccountSASResourceTypes, BlobServiceClient } from '@azure/storage-blob';

const account = 'devstoreaccount1';
/** Azurite's published development key (not a secret). */
const accountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const bin = path.resolve(import.meta.dirname, '../../node_modules/.bin/azurite-blob');

export interface Azurite {
  blobEndpoint: string;
  connectionString: string;
  /** An account SAS URL allowing read and list (what a billing reader is given). */
  readOnlySasUrl(): string;
  createContainer(name: string): Promise<void>;
  /** Uploads every file below `dir` with its relative path as the blob name. */
  uploadFolder(container: string, dir: string): Promise<string[]>;
  put(container: string, name: string, body: Buffer | string): Promise<void>;
  stop(): Promise<void>;
}

export async function startAzurite(): Promise<Azurite> {
  const port = await freePort();
  const child = spawn(
    bin,
    [
      '--inMemoryPersistence',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--skipApiVersionCheck',
      '--silent',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForPort(port, child);
  const blobEndpoint = `http://127.0.0.1:${port}/${account}`;
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${accountKey};BlobEndpoint=${blobEndpoint};`;
  const service = BlobServiceClient.fromConnectionString(connectionString);
  const put = async (container: string, name: string, body: Buffer | string) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    await service.getContainerClient(container).getBlockBlobClient(name).upload(bytes, bytes.length);
  };
  return {
    blobEndpoint,
    connectionString,
    readOnlySasUrl: () =>
      service.generateAccountSasUrl(
        new Date(Date.now() + 3_600_000),
        AccountSASPermissions.parse('rl'),
        AccountSASResourceTypes.parse('sco').toString(),
      ),
    createContainer: async (name) => {
      await service.getContainerClient(name).createIfNotExists();
    },
    uploadFolder: async (container, dir) => {
      const names: string[] = [];
      for (const file of await listFiles(dir)) {
        const name = path.relative(dir, file).split(path.sep).join('/');
        await put(container, name, await readFile(file));
        names.push(name);
      }
      return names;
    },
    put,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`azurite exited (${child.exitCode}): ${stderr}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`azurite did not listen on port ${port} within 20 s: ${stderr}`);
}

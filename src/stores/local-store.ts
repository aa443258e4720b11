/**
 * A folder on this machine laid out like a bucket: `<root>/<key>`. Used for local deliveries, tests and
 * the demo. Keys that would resolve outside the root (`../x`) are refused, never followed.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FinopsError, inputError } from '../errors.ts';
import type { Listing, ObjectInfo, ObjectStore } from './store.ts';

export class LocalStore implements ObjectStore {
  readonly root: string;
  readonly url: string;
  readonly isLocal = true;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.url = this.root;
  }

  localPath(key: string): string {
    const full = path.resolve(this.root, ...key.split('/'));
    if (full !== this.root && !full.startsWith(this.root + path.sep)) {
      throw inputError(`object key ${JSON.stringify(key)} points outside the folder ${this.root}`);
    }
    return full;
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const slash = prefix.lastIndexOf('/');
    const base = slash < 0 ? '' : prefix.slice(0, slash + 1);
    for (const info of await this.walk(base)) {
      if (info.key.startsWith(prefix)) yield info;
    }
  }

  async listFolder(prefix: string): Promise<Listing> {
    const listing: Listing = { objects: [], folders: [] };
    const dir = this.localPath(prefix);
    for (const entry of await readdirOrEmpty(dir)) {
      const key = `${prefix}${entry.name}`;
      if (entry.isDirectory()) listing.folders.push(`${key}/`);
      else if (entry.isFile()) listing.objects.push(await this.info(key));
    }
    listing.folders.sort();
    listing.objects.sort((a, b) => a.key.localeCompare(b.key));
    return listing;
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      return await this.info(key);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.localPath(key);
    if (!(await this.head(key))) {
      throw new FinopsError('file not found', { kind: 'input', file });
    }
    return createReadStream(file);
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const file = this.localPath(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, file);
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }

  private async info(key: string): Promise<ObjectInfo> {
    const s = await stat(this.localPath(key));
    if (!s.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
    return { key, size: s.size, lastModified: s.mtime, etag: `${s.size}-${s.mtimeMs}` };
  }

  private async walk(base: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    const visit = async (prefix: string) => {
      for (const entry of await readdirOrEmpty(this.localPath(prefix))) {
        const key = `${prefix}${entry.name}`;
        if (entry.isDirectory()) await visit(`${key}/`);
        else if (entry.isFile()) out.push(await this.info(key));
      }
    };
    await visit(base);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

async function readdirOrEmpty(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isNotFound(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

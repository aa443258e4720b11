/**
 * A folder on this machine laid out like a bucket: `<root>/<key>`. Used for local deliveries, tests and
 * the demo. Keys that would resolve outside the root (`../x`) are refused, never followed.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FinopsError, inputError } from '../errors.ts';
import { removeStaleWork } from '../work-dir.ts';
import type { Listing, ObjectInfo, ObjectStore } from './store.ts';

export class LocalStore implements ObjectStore {
  readonly root: string;
  readonly url: string;
  readonly isLocal = true;
  /** Hidden (engines, Hadoop and globs skip dot folders) and outside every object's folder. */
  static readonly stagingFolder = '.finops-tmp';
  private puts = 0;
  private stagingReady?: Promise<void>;

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
    // Written in the store's staging folder, never beside the target (a reader of the target's folder,
    // an engine reading a lake partition, must not see it), removed again if the write fails (a full
    // disk), and renamed into place whole.
    const tmp = path.join(await this.staging(), `put-${process.pid}-${++this.puts}.tmp`);
    try {
      await writeFile(tmp, body);
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  /** `<root>/.finops-tmp`: temporary files, on the same file system as the objects they become. */
  async staging(): Promise<string> {
    const dir = path.join(this.root, LocalStore.stagingFolder);
    this.stagingReady ??= mkdir(dir, { recursive: true }).then(async () => {
      await removeStaleWork(dir, 'put');
    });
    await this.stagingReady;
    return dir;
  }

  /**
   * Moves a finished local file into place under `key` with one rename, so readers see the old object
   * or the new one, never a part. From another file system it is copied beside the target first.
   */
  async putFile(key: string, file: string): Promise<void> {
    const target = this.localPath(key);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(file, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await this.put(key, await readFile(file));
    }
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
        if (key === LocalStore.stagingFolder) continue;
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

/**
 * Free space, checked before writing. DuckDB on a full disk fails mid-commit, and the next process to
 * open that warehouse on the still-full disk can abort inside DuckDB; refusing to start the write while
 * space is short keeps both the data and the next run safe, and tells the user what to free.
 */
import { statfsSync } from 'node:fs';
import path from 'node:path';
import { FinopsError } from '../errors.ts';

const MB = 1024 * 1024;

/** Bytes a non-root user may still write in the file system holding `folder`, or undefined if unknown. */
export function freeBytes(folder: string): number | undefined {
  try {
    const s = statfsSync(folder);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return undefined;
  }
}

/** Fails, saying how much is free and how much is needed, unless `folder` has `needBytes` free. */
export function checkFreeSpace(folder: string, needBytes: number, what: string): void {
  const free = freeBytes(folder);
  if (free === undefined || free >= needBytes) return;
  throw diskFull(folder, free, needBytes, what);
}

export function diskFull(folder: string, free: number, needBytes: number | undefined, what: string) {
  const need = needBytes === undefined ? '' : `, need about ${Math.ceil(needBytes / MB)} MB`;
  return new FinopsError(
    `disk full: ${Math.floor(free / MB)} MB free at ${path.resolve(folder)}${need} (${what})`,
    {
      kind: 'runtime',
      hint: 'free space there (or point warehouse.temp_directory / --database elsewhere) and run again; nothing was changed',
    },
  );
}

/** Space a warehouse needs to open for writing at all: the ledger, migrations, a checkpoint. */
export const MIN_WRITE_BYTES = 64 * MB;

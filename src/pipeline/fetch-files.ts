/**
 * Fetch: the delivery's files onto this machine (the download cache, or in place for a local folder),
 * each one proven whole before DuckDB sees it: empty files are refused, gzip files are inflated once to
 * check they are complete, zip files are unpacked, and a CSV that mixes CRLF and LF line endings is
 * read from a copy with LF throughout. A file listed twice (a manifest naming one key two
 * times) is fetched and read once: reading it twice would count its rows twice.
 */
import os from 'node:os';
import path from 'node:path';
import { inputError } from '../errors.ts';
import type { Progress } from '../progress.ts';
import type { LocalDataFile } from '../sources/local-data-file.ts';
import type { DownloadCache } from '../stores/cache.ts';
import {
  CheckMemo,
  LineEndings,
  scanLineEndings,
  unzipSingleCsv,
  verifyGzip,
  withLfEndings,
} from '../stores/file-checks.ts';
import { mapLimit } from '../stores/map-limit.ts';
import { type ObjectInfo, type ObjectStore, objectUrl } from '../stores/store.ts';

export async function fetchFiles(
  cache: DownloadCache,
  store: ObjectStore,
  listed: ObjectInfo[],
  progress: Progress,
): Promise<LocalDataFile[]> {
  const objects = distinctKeys(listed);
  for (const o of objects) {
    if (o.size === 0) throw inputError('the file is empty (0 bytes)', { file: objectUrl(store, o.key) });
  }
  const cached = await cache.fetchAll(store, objects, progress);
  const memo = new CheckMemo(path.join(cache.root, 'checks'));
  let checked = 0;
  const check = async (file: (typeof cached)[number]): Promise<LocalDataFile> => {
    const url = objectUrl(store, file.key);
    let local = file.path;
    const gzip = /\.gz$/i.test(file.key);
    let endings: string | undefined;
    if (gzip) {
      endings = await memo.recall(local, 'gzip');
      if (endings === undefined) {
        const lines = new LineEndings();
        await verifyGzip(local, url, lines);
        endings = lines.kind;
        await memo.remember(local, 'gzip', endings);
      }
    } else if (/\.zip$/i.test(file.key)) {
      local = await unzipSingleCsv(local, `${cache.pathFor(store, file.key)}.d`, url);
    } else if (/\.csv$/i.test(file.key)) {
      endings = await memo.recall(local, 'lines');
      if (endings === undefined) {
        endings = (await scanLineEndings(local)).kind;
        await memo.remember(local, 'lines', endings);
      }
    }
    // DuckDB stops at a CSV that mixes CRLF and LF: read a copy with LF throughout.
    if (endings === 'mixed' && /\.csv(\.gz)?$/i.test(file.key)) {
      local = await withLfEndings(local, gzip, `${cache.pathFor(store, file.key)}.lf.csv`);
    }
    checked++;
    return { key: file.key, path: local, url, size: file.size, etag: file.etag };
  };
  // zlib runs on libuv's thread pool (4 threads by default), so several files inflate at once.
  return progress.step(
    `check ${cached.length} file(s)`,
    () => mapLimit(cached, Math.max(4, os.availableParallelism()), check),
    () => ({ done: checked, total: cached.length, unit: 'files' }),
  );
}

function distinctKeys(objects: ObjectInfo[]): ObjectInfo[] {
  const seen = new Map<string, ObjectInfo>();
  for (const o of objects) if (!seen.has(o.key)) seen.set(o.key, o);
  return [...seen.values()];
}

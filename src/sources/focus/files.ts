/**
 * Which files a native FOCUS import reads: the object the location names, or every CSV, CSV.gz and
 * Parquet file below it (providers write FOCUS exports as many partitioned files).
 */
import { inputError } from '../../errors.ts';
import type { ObjectInfo, ObjectStore } from '../../stores/store.ts';

export const focusFilePattern = /\.(csv|csv\.gz|parquet)$/i;

export async function listFocusFiles(store: ObjectStore, prefix: string): Promise<ObjectInfo[]> {
  const single = prefix && focusFilePattern.test(prefix) ? await store.head(prefix) : undefined;
  if (single) return [single];
  const files: ObjectInfo[] = [];
  const folder = prefix ? `${prefix.replace(/\/$/, '')}/` : '';
  for await (const o of store.list(folder)) if (focusFilePattern.test(o.key)) files.push(o);
  if (files.length === 0) {
    throw inputError(`no FOCUS files (.csv, .csv.gz, .parquet) at ${store.url}/${prefix}`, {
      hint: 'give a FOCUS file, or a folder that holds them',
    });
  }
  return files;
}

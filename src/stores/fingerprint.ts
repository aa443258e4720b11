/** A version id for a set of objects that carry none of their own: their keys, sizes and ETags. */
import { createHash } from 'node:crypto';
import type { ObjectInfo } from './store.ts';

export function fingerprint(files: ObjectInfo[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.key.localeCompare(b.key))) {
    hash.update(`${f.key}\0${f.size}\0${f.etag ?? ''}\n`);
  }
  return `sha256:${hash.digest('hex').slice(0, 32)}`;
}

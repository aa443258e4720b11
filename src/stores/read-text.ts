/** Reads a small object (a manifest) as UTF-8 text. */
import { text } from 'node:stream/consumers';
import type { ObjectStore } from './store.ts';

export async function readText(store: ObjectStore, key: string): Promise<string> {
  return text(await store.get(key));
}

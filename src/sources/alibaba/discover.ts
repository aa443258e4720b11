/**
 * Discover: every delivered file below the export's prefix that the layout pattern matches, grouped into
 * batches (period + batch folder). One recursive listing of the pattern's literal prefix costs a request
 * per thousand keys, far fewer than walking the dated folders one by one; nothing is downloaded here.
 */

import { inRange } from '../../billing-period.ts';
import { getOrCreate } from '../../map-cache.ts';
import { joinKey, type ObjectInfo, type ObjectStore } from '../../stores/store.ts';
import { batchOrder, type KeyMatch, type Layout } from './layout.ts';

/** What a delivered data file can be: CSV, gzip CSV, or a zip holding one CSV. */
export const dataFilePattern = /\.(csv|csv\.gz|zip)$/i;

export interface ExportRef {
  store: ObjectStore;
  /** Key prefix of the export inside the store ('' for the root). */
  prefix: string;
  layout: Layout;
}

export interface Batch extends KeyMatch {
  /** Data files of the batch, in key order. */
  objects: ObjectInfo[];
  bytes: number;
}

export interface Discovery {
  /** Batches in period order, each period's batches oldest first. */
  batches: Batch[];
  /** Keys below the prefix that the pattern does not match (or that are not data files). */
  ignored: string[];
}

export async function discoverBatches(
  exp: ExportRef,
  range: { start?: string; end?: string } = {},
): Promise<Discovery> {
  const root = exp.prefix ? `${exp.prefix.replace(/\/+$/, '')}/` : '';
  const listed = joinKey(exp.prefix, exp.layout.literalPrefix);
  const batches = new Map<string, Batch>();
  const ignored: string[] = [];
  for await (const o of exp.store.list(listed ? `${listed}/` : '')) {
    const relative = o.key.slice(root.length);
    const m = exp.layout.match(relative);
    if (!m || !dataFilePattern.test(o.key)) {
      ignored.push(o.key);
      continue;
    }
    if (!inRange(m.period, range.start, range.end)) continue;
    const batch = getOrCreate(batches, `${m.period}\u0000${m.batchId}`, () => ({
      ...m,
      objects: [],
      bytes: 0,
    }));
    batch.objects.push(o);
    batch.bytes += o.size;
  }
  const sorted = [...batches.values()].sort((a, b) =>
    a.period !== b.period ? (a.period < b.period ? -1 : 1) : batchOrder(a, b),
  );
  for (const b of sorted) b.objects.sort((x, y) => (x.key < y.key ? -1 : 1));
  return { batches: sorted, ignored };
}

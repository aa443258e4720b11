/**
 * Which batches need loading. A batch is loaded when the newest successful load of it recorded exactly
 * its current files (key, size, ETag): then nothing of it is downloaded again. A batch with a new,
 * changed or missing file is loaded again and replaces its own rows. In `snapshot` mode each batch holds
 * its period so far, so only the newest batch of a period counts and the older ones are superseded.
 */
import { usageError } from '../../errors.ts';
import { fingerprint } from '../../stores/fingerprint.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { Batch } from './discover.ts';
import { SOURCE_TYPE } from './tables.ts';

export type BatchMode = 'increment' | 'snapshot';
export type BatchState = 'new' | 'changed' | 'loaded' | 'superseded';

export interface BatchPlan {
  batch: Batch;
  state: BatchState;
  /** The batch's version: the ETag of a one-file batch, else a fingerprint of its files. */
  versionId: string;
  /** When the loaded version was published (UTC), if any. */
  loadedAt?: string;
}

interface LoadedFile {
  period: string;
  batch: string;
  key: string;
  size: string;
  etag: string | null;
  loaded_at: string;
}

export async function planBatches(
  w: Warehouse,
  sourceName: string,
  batches: Batch[],
  mode: BatchMode,
): Promise<BatchPlan[]> {
  const loaded = await loadedFiles(w, sourceName);
  const current = mode === 'snapshot' ? newestPerPeriod(batches) : undefined;
  return batches.map((batch) => {
    const versionId = versionOf(batch);
    if (current && current.get(batch.period) !== batch) return { batch, state: 'superseded', versionId };
    const files = loaded.get(`${batch.period}\u0000${batch.batchId}`);
    if (!files) return { batch, state: 'new', versionId };
    const same =
      files.length === batch.objects.length &&
      batch.objects.every((o) =>
        files.some((f) => f.key === o.key && Number(f.size) === o.size && (f.etag ?? undefined) === o.etag),
      );
    return { batch, state: same ? 'loaded' : 'changed', versionId, loadedAt: files[0]?.loaded_at };
  });
}

export function versionOf(batch: Batch): string {
  const only = batch.objects.length === 1 ? batch.objects[0] : undefined;
  return only?.etag ?? fingerprint(batch.objects);
}

/** Files of the newest successful load of each batch (the ledger's manifest_key is the batch id). */
async function loadedFiles(w: Warehouse, sourceName: string): Promise<Map<string, LoadedFile[]>> {
  const rows = await w.all<LoadedFile & Record<string, string | null>>(
    `SELECT l.billing_period AS period, l.manifest_key AS batch, f.key, f.size::VARCHAR AS size, f.etag,
            strftime(l.finished_at, '%Y-%m-%d %H:%M:%S') AS loaded_at
     FROM finops_meta.loads AS l JOIN finops_meta.load_files AS f ON f.load_id = l.load_id
     WHERE l.source_type = $type AND l.source_name = $sourceName AND l.status = 'succeeded'
     QUALIFY dense_rank() OVER (PARTITION BY l.billing_period, l.manifest_key ORDER BY l.load_id DESC) = 1`,
    { type: SOURCE_TYPE, sourceName },
  );
  const byBatch = new Map<string, LoadedFile[]>();
  for (const r of rows) {
    const key = `${r.period}\u0000${r.batch}`;
    byBatch.set(key, [...(byBatch.get(key) ?? []), r]);
  }
  return byBatch;
}

/** The newest batch per period; a snapshot export must be one stream (one account, one folder). */
function newestPerPeriod(batches: Batch[]): Map<string, Batch> {
  const newest = new Map<string, Batch>();
  for (const b of batches) {
    const seen = newest.get(b.period);
    if (seen && seen.stream !== b.stream) {
      throw usageError(
        `snapshot batches of ${b.period} come from two folders (${seen.stream}, ${b.stream})`,
        'configure one source per export folder (--source with a narrower prefix), or use --batches increment',
      );
    }
    newest.set(b.period, b);
  }
  return newest;
}

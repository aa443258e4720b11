/**
 * The drops of a connection's root: listing them (which is current), pointing a month back at an
 * earlier drop (CloudZero's "revert": the old drop stays until removed, and moving the manifest makes
 * CloudZero ingest it again), and pruning old drops. The current drop is never pruned.
 */
import { FinopsError, usageError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { type ObjectStore, objectUrl } from '../../stores/store.ts';
import {
  billingDataId,
  type CbfRoot,
  checkRoot,
  DROP_RECORD,
  dropFolder,
  lastSegment,
  monthFolder,
  periodOfBillingDataId,
} from './layout.ts';
import { readManifest, writeManifest } from './manifest.ts';
import { readDropRecord } from './record.ts';

export interface DropListing {
  period: string;
  billingDataId: string;
  dropId: string;
  current: boolean;
  dataFiles: number;
  bytes: number;
  /** From finops' record; null for a drop finops did not make. */
  rows: number | null;
  cost: string | null;
  currency: string | null;
  createdAt: string | null;
  madeByFinops: boolean;
}

/**
 * The drop folders of a month, oldest first (timestamp ids sort by age). A local folder emptied by a
 * prune stays on disk; it holds no drop, so it is not listed.
 */
export async function dropIds(root: CbfRoot, id: string): Promise<string[]> {
  const { folders } = await root.store.listFolder(monthFolder(root, id));
  const ids: string[] = [];
  for (const folder of folders) {
    const inside = await root.store.listFolder(folder);
    if (inside.objects.length > 0 || inside.folders.length > 0) ids.push(lastSegment(folder));
  }
  return ids.sort();
}

/** Every drop of `period`, or of every month under the root. */
export async function listDrops(root: CbfRoot, period?: string): Promise<DropListing[]> {
  checkRoot(root);
  const months = period ? [billingDataId(period)] : await monthIds(root);
  const out: DropListing[] = [];
  for (const id of months) {
    const current = (await readManifest(root, id))?.current_drop_id;
    for (const dropId of await dropIds(root, id)) {
      const { objects } = await root.store.listFolder(dropFolder(root, id, dropId));
      const data = objects.filter((o) => o.key.endsWith('.csv.gz'));
      const record = await readDropRecord(root, id, dropId);
      out.push({
        period: periodOfBillingDataId(id) ?? id,
        billingDataId: id,
        dropId,
        current: dropId === current,
        dataFiles: data.length,
        bytes: data.reduce((sum, o) => sum + o.size, 0),
        rows: record?.rows ?? null,
        cost: record?.totals['cost/cost'] ?? null,
        currency: record?.currency ?? null,
        createdAt: record?.createdAt ?? null,
        madeByFinops: record !== undefined,
      });
    }
  }
  return out;
}

/** Points `period` at `dropId` after checking the drop is whole; says whether the manifest moved. */
export async function revertMonth(
  root: CbfRoot,
  period: string,
  dropId: string,
  logger: Logger,
): Promise<{ moved: boolean; previous: string | null }> {
  checkRoot(root);
  const id = billingDataId(period);
  if (!/^[^/]+$/.test(dropId)) throw usageError(`${JSON.stringify(dropId)} is not a drop id`);
  await checkWhole(root, id, dropId);
  const previous = (await readManifest(root, id))?.current_drop_id ?? null;
  if (previous === dropId) return { moved: false, previous };
  await writeManifest(root, id, dropId);
  logger.info(`${period}: the manifest points to ${dropId} again (was ${previous ?? 'none'})`);
  return { moved: true, previous };
}

/** Leaves `keep` drops of a month: the current one and the newest others; removes the rest. */
export async function pruneDrops(root: CbfRoot, id: string, keep: number, logger: Logger): Promise<string[]> {
  if (!Number.isInteger(keep) || keep < 1) throw usageError(`--keep must be 1 or more, not ${keep}`);
  const current = (await readManifest(root, id))?.current_drop_id;
  const ids = await dropIds(root, id);
  const others = ids.filter((d) => d !== current);
  const room = keep - (current ? 1 : 0);
  const kept = new Set([...(current ? [current] : []), ...(room > 0 ? others.slice(-room) : [])]);
  const removed = ids.filter((d) => !kept.has(d));
  for (const dropId of removed) {
    await deleteFolder(root.store, dropFolder(root, id, dropId));
    logger.info(`removed the old drop ${objectUrl(root.store, dropFolder(root, id, dropId))}`);
  }
  return removed;
}

export async function deleteFolder(store: ObjectStore, folder: string): Promise<void> {
  const keys: string[] = [];
  for await (const o of store.list(folder)) keys.push(o.key);
  for (const key of keys) await store.delete(key);
}

async function monthIds(root: CbfRoot): Promise<string[]> {
  const { folders } = await root.store.listFolder(root.prefix === '' ? '' : `${root.prefix}/`);
  return folders
    .map(lastSegment)
    .filter((f) => periodOfBillingDataId(f) !== undefined)
    .sort();
}

/** A drop can be made current only with its data files in place, as its record lists them. */
async function checkWhole(root: CbfRoot, id: string, dropId: string): Promise<void> {
  const folder = dropFolder(root, id, dropId);
  const { objects } = await root.store.listFolder(folder);
  const sizes = new Map(objects.map((o) => [lastSegment(o.key), o.size]));
  if (![...sizes.keys()].some((name) => name.endsWith('.csv.gz'))) {
    throw new FinopsError(
      `no drop ${dropId} with data files in ${objectUrl(root.store, monthFolder(root, id))}`,
      {
        kind: 'usage',
        hint: 'list the drops with: finops export cbf drops --to ROOT --period YYYY-MM',
      },
    );
  }
  const record = await readDropRecord(root, id, dropId);
  const missing = (record?.files ?? []).filter((f) => sizes.get(f.name) !== f.bytes).map((f) => f.name);
  if (missing.length > 0) {
    throw new FinopsError(
      `the drop is incomplete: ${missing.join(', ')} missing or of another size than ${DROP_RECORD} says`,
      {
        kind: 'input',
        file: objectUrl(root.store, folder),
      },
    );
  }
}

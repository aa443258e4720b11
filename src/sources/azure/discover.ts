/**
 * Discovery: every export run under the location, read from the runs' manifests (never from a listing
 * of data files, which also holds runs that were superseded or are still being written). A manifest that
 * cannot be read fails its month alone; the other months still load.
 */

import { inRange, periodFromLabel } from '../../billing-period.ts';
import { FinopsError, inputError } from '../../errors.ts';
import { mapLimit } from '../../stores/map-limit.ts';
import { readText } from '../../stores/read-text.ts';
import { type ObjectInfo, type ObjectStore, objectUrl } from '../../stores/store.ts';
import { type BrokenDelivery, isBroken } from '../broken-delivery.ts';
import { type ExportRun, parseManifest } from './manifest.ts';

export interface AzureExportRef {
  store: ObjectStore;
  /** Key prefix of the exports (a root folder, one export's folder, or empty). */
  prefix: string;
  /** Only these exports (by exportName), when given. */
  exports?: string[];
  /** YYYY-MM, inclusive. */
  startDate?: string;
  endDate?: string;
}

/** An export run, or its manifest that cannot be used (that run's scope fails alone). */
export type DiscoveredRun = ExportRun | BrokenDelivery;

export const isManifestKey = (key: string) => /(^|\/)([^/]*_)?manifest\.json$/i.test(key);

export async function discoverRuns(exp: AzureExportRef): Promise<DiscoveredRun[]> {
  const folder = exp.prefix ? `${exp.prefix.replace(/\/+$/, '')}/` : '';
  const manifests = await findManifests(exp, folder, 0);
  const runs = await mapLimit(manifests, 8, (m) => readRun(exp.store, m));
  return runs.filter(
    (r): r is DiscoveredRun =>
      r !== undefined &&
      inRange(r.period.label, exp.startDate, exp.endDate) &&
      (isBroken(r) || !exp.exports?.length || exp.exports.includes(r.exportName)),
  );
}

const rangeFolder = /(?:^|\/)(\d{4})(\d{2})\d{2}-\d{8}\/$/;

/**
 * Manifests below `folder`: folder by folder down to the month folders (`YYYYMMDD-YYYYMMDD/`), skipping
 * months outside the requested range, then one flat listing per month (its runs and their blobs).
 */
async function findManifests(exp: AzureExportRef, folder: string, depth: number): Promise<ObjectInfo[]> {
  const month = rangeFolder.exec(folder);
  if (month || depth > 6) {
    if (month && !inRange(`${month[1]}-${month[2]}`, exp.startDate, exp.endDate)) return [];
    const found: ObjectInfo[] = [];
    for await (const o of exp.store.list(folder)) if (isManifestKey(o.key)) found.push(o);
    return found;
  }
  const listing = await exp.store.listFolder(folder);
  const below = await mapLimit(listing.folders, 8, (f) => findManifests(exp, f, depth + 1));
  return [...listing.objects.filter((o) => isManifestKey(o.key)), ...below.flat()];
}

async function readRun(store: ObjectStore, info: ObjectInfo): Promise<DiscoveredRun | undefined> {
  const url = objectUrl(store, info.key);
  try {
    return parseManifest(await readText(store, info.key), {
      manifestKey: info.key,
      url,
      lastModified: info.lastModified,
    });
  } catch (error) {
    if (!(error instanceof FinopsError) || error.kind !== 'input') throw error;
    const m = /(\d{4})(\d{2})\d{2}-\d{8}\//.exec(info.key);
    if (!m) throw error;
    return { manifestKey: info.key, period: periodFromLabel(`${m[1]}-${m[2]}`), error };
  }
}

/**
 * The objects of a run's blobs. Blob names are relative to the container; a copy of the exports in a
 * folder may start lower, so a blob is also looked for beside its manifest. Undefined names a blob that
 * does not exist (the run is incomplete).
 */
export async function statRun(
  store: ObjectStore,
  run: ExportRun,
): Promise<{ objects: ObjectInfo[]; missing: string[] }> {
  const folders = new Map<string, Map<string, ObjectInfo>>();
  const inFolder = async (key: string) => {
    const folder = key.slice(0, key.lastIndexOf('/') + 1);
    let listing = folders.get(folder);
    if (!listing) {
      listing = new Map((await store.listFolder(folder)).objects.map((o) => [o.key, o]));
      folders.set(folder, listing);
    }
    return listing.get(key);
  };
  const beside = run.manifestKey.slice(0, run.manifestKey.lastIndexOf('/') + 1);
  const objects: ObjectInfo[] = [];
  const missing: string[] = [];
  for (const blob of run.blobs) {
    const name = blob.blobName.replace(/^\/+/, '');
    const found = (await inFolder(name)) ?? (await inFolder(`${beside}${name.split('/').pop()}`));
    if (!found) missing.push(name);
    else if (blob.byteCount !== undefined && blob.byteCount !== found.size) {
      throw inputError(
        `the manifest says ${objectUrl(store, found.key)} has ${blob.byteCount} bytes, but it has ${found.size}`,
        { file: objectUrl(store, run.manifestKey), hint: 'the run may still be being written; re-run later' },
      );
    } else objects.push(found);
  }
  if (missing.length === 0 && run.blobCount !== run.blobs.length) {
    throw inputError(`the manifest counts ${run.blobCount} blobs but lists ${run.blobs.length}`, {
      file: objectUrl(store, run.manifestKey),
    });
  }
  return { objects, missing };
}

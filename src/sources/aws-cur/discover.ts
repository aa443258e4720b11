/**
 * Discovery: which billing periods an export has, and the current version of each, read from the
 * manifests (never from a listing of data files, which also holds superseded versions). Listings go one
 * folder level at a time, so years of deliveries cost a few requests, not a scan of every data file.
 */

import { type BillingPeriod, inRange, periodFromLabel } from '../../billing-period.ts';
import { FinopsError, inputError } from '../../errors.ts';
import { fingerprint } from '../../stores/fingerprint.ts';
import { mapLimit } from '../../stores/map-limit.ts';
import { readText } from '../../stores/read-text.ts';
import { type ObjectInfo, type ObjectStore, objectUrl } from '../../stores/store.ts';
import { type BrokenDelivery, isBroken } from '../broken-delivery.ts';
import {
  athenaPeriodFolder,
  athenaRoot,
  exportRoot,
  periodOfV1Folder,
  periodOfV2Folder,
  v2MetadataRoot,
} from './layout.ts';
import { type CurDelivery, type CurVersion, parseManifest } from './manifest.ts';

export interface CurExportRef {
  store: ObjectStore;
  /** Key prefix the export was configured with (may be empty). */
  prefix: string;
  exportName: string;
  /** Undefined: detect from the layout. */
  curVersion?: CurVersion;
  /** YYYY-MM, inclusive. */
  startDate?: string;
  endDate?: string;
}

/** A period's delivery, or its manifest that cannot be used (that period fails alone). */
export type Discovered = CurDelivery | BrokenDelivery;

export async function discover(exp: CurExportRef): Promise<Discovered[]> {
  const v1 = exp.curVersion !== 'v2' ? await discoverV1(exp) : [];
  const v2 = exp.curVersion !== 'v1' ? await discoverV2(exp) : [];
  if (!exp.curVersion && v1.length > 0 && v2.length > 0) {
    throw new FinopsError(
      `both legacy CUR and CUR 2.0 deliveries are under ${objectUrl(exp.store, exportRoot(exp.prefix, exp.exportName))}`,
      {
        kind: 'usage',
        hint: 'choose one with --cur-version v1 or --cur-version v2',
      },
    );
  }
  return [...v1, ...v2].sort((a, b) => a.period.label.localeCompare(b.period.label));
}

async function discoverV1(exp: CurExportRef): Promise<Discovered[]> {
  const root = exportRoot(exp.prefix, exp.exportName);
  const { folders } = await exp.store.listFolder(root);
  const periods = folders
    .map((f) => ({ folder: f, period: periodOfV1Folder(f) }))
    .filter((p): p is { folder: string; period: BillingPeriod } => !!p.period && wanted(exp, p.period));
  const found = await mapLimit(periods, 8, async ({ folder, period }) => ({
    folder,
    period,
    delivery: await readManifestIfPresent(exp, `${folder}${exp.exportName}-Manifest.json`, period),
  }));
  const deliveries = found.flatMap((f) => (f.delivery ? [f.delivery] : []));
  const covered = new Set(deliveries.map((d) => d.period.label));
  if (folders.includes(athenaRoot(exp.prefix, exp.exportName))) {
    for (const d of await discoverAthena(exp)) {
      if (covered.has(d.period.label)) continue;
      deliveries.push(d);
      covered.add(d.period.label);
    }
  }
  // A period folder without its manifest: AWS writes the manifest last, so the delivery is unfinished.
  for (const f of found) {
    if (f.delivery || covered.has(f.period.label)) continue;
    const key = `${f.folder}${exp.exportName}-Manifest.json`;
    deliveries.push({
      period: f.period,
      manifestKey: key,
      error: inputError(`the period folder has no manifest (${exp.exportName}-Manifest.json)`, {
        file: objectUrl(exp.store, f.folder),
        hint: 'AWS writes the manifest after the files: the delivery may be unfinished (re-run later) or the folder was copied without it',
      }),
    });
  }
  return deliveries;
}

async function discoverV2(exp: CurExportRef): Promise<Discovered[]> {
  const { folders } = await exp.store.listFolder(v2MetadataRoot(exp.prefix, exp.exportName));
  const periods = folders
    .map((folder) => ({ folder, period: periodOfV2Folder(folder) }))
    .filter((p): p is { folder: string; period: BillingPeriod } => !!p.period && wanted(exp, p.period));
  const found = await mapLimit(periods, 8, ({ folder, period }) =>
    readManifestIfPresent(exp, `${folder}${exp.exportName}-Manifest.json`, period),
  );
  return found.filter((d): d is Discovered => d !== undefined);
}

/**
 * The Athena (Parquet) delivery of legacy CUR overwrites `year=YYYY/month=M/` in place. A manifest in
 * the month's folder says which of its files are current (older parts can linger beside them); without
 * one, every Parquet file there is, and the version is a fingerprint of their keys, sizes and ETags.
 */
async function discoverAthena(exp: CurExportRef): Promise<Discovered[]> {
  const years = await exp.store.listFolder(athenaRoot(exp.prefix, exp.exportName));
  const out: Discovered[] = [];
  for (const yearFolder of years.folders) {
    const year = /year=(\d{4})\/$/.exec(yearFolder)?.[1];
    if (!year) continue;
    for (const monthFolder of (await exp.store.listFolder(yearFolder)).folders) {
      const month = /month=(\d{1,2})\/$/.exec(monthFolder)?.[1];
      if (!month) continue;
      const period = periodFromLabel(`${year}-${month.padStart(2, '0')}`);
      if (!wanted(exp, period)) continue;
      const found = await athenaMonth(exp, period);
      if (found) out.push(found);
    }
  }
  return out;
}

async function athenaMonth(exp: CurExportRef, period: BillingPeriod): Promise<Discovered | undefined> {
  const objects: ObjectInfo[] = [];
  for await (const o of exp.store.list(athenaPeriodFolder(exp.prefix, exp.exportName, period)))
    objects.push(o);
  const manifest = objects.find((o) => /Manifest\.json$/i.test(o.key));
  if (manifest) {
    const found = await readManifestIfPresent(exp, manifest.key, period);
    return found && !isBroken(found) ? { ...found, format: 'parquet', athena: true } : found;
  }
  const files = objects.filter((o) => o.key.endsWith('.parquet'));
  if (files.length === 0) return undefined;
  return {
    curVersion: 'v1',
    period,
    versionId: fingerprint(files),
    files: files.map((f) => f.key),
    format: 'parquet',
    columnTypes: new Map(),
    athena: true,
  };
}

function wanted(exp: CurExportRef, period: BillingPeriod): boolean {
  return inRange(period.label, exp.startDate, exp.endDate);
}

async function readManifestIfPresent(
  exp: CurExportRef,
  key: string,
  period: BillingPeriod,
): Promise<Discovered | undefined> {
  if (!(await exp.store.head(key))) return undefined;
  try {
    const text = await readText(exp.store, key);
    const delivery = parseManifest(text, {
      url: objectUrl(exp.store, key),
      manifestKey: key,
      folderPeriod: period,
      exportName: exp.exportName,
      prefix: exp.prefix,
    });
    if (delivery.period.label !== period.label) {
      throw inputError(
        `the manifest is for billing period ${delivery.period.label}, but sits in the folder of ${period.label}`,
        {
          file: objectUrl(exp.store, key),
        },
      );
    }
    return delivery;
  } catch (error) {
    if (!(error instanceof FinopsError) || error.kind !== 'input') throw error;
    return { period, manifestKey: key, error };
  }
}

/**
 * Size and ETag of every file a delivery lists, from one listing per folder. A file the manifest names
 * but the store does not have is an error before anything is downloaded.
 */
export async function statFiles(store: ObjectStore, delivery: CurDelivery): Promise<ObjectInfo[]> {
  const folders = new Map<string, Map<string, ObjectInfo>>();
  for (const key of delivery.files) {
    const folder = key.slice(0, key.lastIndexOf('/') + 1);
    if (!folders.has(folder)) {
      const listing = await store.listFolder(folder);
      folders.set(folder, new Map(listing.objects.map((o) => [o.key, o])));
    }
  }
  return delivery.files.map((key) => {
    const info = folders.get(key.slice(0, key.lastIndexOf('/') + 1))?.get(key);
    if (!info) {
      throw inputError(`the manifest lists ${objectUrl(store, key)}, which does not exist`, {
        file: delivery.manifestKey ? objectUrl(store, delivery.manifestKey) : undefined,
        hint: 'the delivery may be incomplete or still being written; re-run later, or check the bucket',
      });
    }
    return info;
  });
}

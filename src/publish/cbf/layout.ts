/**
 * Where a CloudZero AnyCost Bucket drop lives, and the ids in its path. CloudZero's "Configuring AnyCost
 * Bucket File Drops" (docs.cloudzero.com/docs/anycost-cbf-drop-specs) fixes the layout:
 *
 *   <root>/<billing_data_id>/<drop_id>/<data_file>.csv.gz
 *   <root>/<billing_data_id>/manifest.json
 *
 * `billing_data_id` is one calendar month, first day to first day of the next (`20220501-20220601`); the
 * root must be a folder, never the bucket's root. The drop id may be any unique id; the docs' best
 * practice, a UTC timestamp `YYYYMMDDTHHMMSSZ`, is what we use, so drops sort by age.
 */

import { periodFromLabel } from '../../billing-period.ts';
import { usageError } from '../../errors.ts';
import { joinKey, type ObjectStore } from '../../stores/store.ts';

export const MANIFEST = 'manifest.json';
/** finops' own record of a drop (what is in it, its fingerprint), beside the data files. */
export const DROP_RECORD = 'finops-drop.json';
/** CloudZero's limit per data file (same page: "Limited to a maximum of 1 million rows"). */
export const MAX_ROWS_PER_FILE = 1_000_000;

const billingDataIdPattern = /^(\d{4})(\d{2})01-(\d{4})(\d{2})01$/;
const dropIdPattern = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `2024-03` -> `20240301-20240401`. */
export function billingDataId(period: string): string {
  const p = periodFromLabel(period);
  return `${p.start.replaceAll('-', '')}-${p.end.replaceAll('-', '')}`;
}

/** `20240301-20240401` -> `2024-03`, or undefined for a folder that is no billing data id. */
export function periodOfBillingDataId(id: string): string | undefined {
  const m = billingDataIdPattern.exec(id);
  if (!m) return undefined;
  const period = `${m[1]}-${m[2]}`;
  return billingDataId(period) === id ? period : undefined;
}

export function formatDropId(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export function dropIdTime(id: string): Date | undefined {
  const m = dropIdPattern.exec(id);
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : undefined;
}

/**
 * The id for a new drop: now, or one second after the newest existing timestamp id when that is not
 * earlier (two exports in one second, a clock that went back), so a new drop never reuses a folder
 * and always sorts after the drops before it.
 */
export function nextDropId(now: Date, existing: readonly string[]): string {
  let next = new Date(Math.floor(now.getTime() / 1000) * 1000);
  for (const id of existing) {
    const t = dropIdTime(id);
    if (t && t.getTime() >= next.getTime()) next = new Date(t.getTime() + 1000);
  }
  return formatDropId(next);
}

/** The root of a connection: a store and a key prefix that is a folder. */
export interface CbfRoot {
  store: ObjectStore;
  prefix: string;
}

/** CloudZero refuses drops at a bucket's root; a local folder is its own root and always fine. */
export function checkRoot(root: CbfRoot): void {
  if (!root.store.isLocal && root.prefix === '') {
    throw usageError(
      `${root.store.url} is the bucket's root; CloudZero reads drops only from a folder inside the bucket`,
      `add the connection's Bucket Path, for example ${root.store.url}/cloudzero`,
    );
  }
}

export function monthFolder(root: CbfRoot, id: string): string {
  return `${joinKey(root.prefix, id)}/`;
}

export function dropFolder(root: CbfRoot, id: string, dropId: string): string {
  return `${joinKey(root.prefix, id, dropId)}/`;
}

export function manifestKey(root: CbfRoot, id: string): string {
  return joinKey(root.prefix, id, MANIFEST);
}

/** `cbf-0001.csv.gz`: names sort in file order. */
export function dataFileName(index: number): string {
  return `cbf-${String(index).padStart(4, '0')}.csv.gz`;
}

/** The last segment of a key or folder (`root/20240101-20240201/20240301T000000Z/` -> `20240301T000000Z`). */
export function lastSegment(folder: string): string {
  return folder.replace(/\/$/, '').split('/').pop() ?? '';
}

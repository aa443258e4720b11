/**
 * `finops-drop.json`: what finops put in a drop, written into the drop folder after its data files and
 * before the manifest points at it. It is how a re-run knows the month is unchanged (same fingerprint
 * as the current drop), how `drops` shows rows and totals without reading the data, and how a revert
 * checks that a drop is still whole. CloudZero reads only the `.csv.gz` files of a drop.
 */
import { readText } from '../../stores/read-text.ts';
import { joinKey } from '../../stores/store.ts';
import { type CbfRoot, DROP_RECORD, dropFolder } from './layout.ts';

export interface DropFile {
  name: string;
  rows: number;
  bytes: number;
  /** MD5 of the gzip bytes, hex: what a single-part S3 upload's ETag is. */
  md5: string;
}

/** Sums of the cost columns as exact decimal text (null when every value is blank). */
export type CostTotals = {
  'cost/cost': string | null;
  'cost/amortized_cost': string | null;
  'cost/on_demand_cost': string | null;
};

export interface DropRecord {
  format: 'finops-cbf-drop/1';
  billingDataId: string;
  dropId: string;
  createdAt: string;
  /** SHA-256 of the drop's CSV text (every file, decompressed, in order). */
  fingerprint: string;
  empty: boolean;
  rows: number;
  files: DropFile[];
  /** BillingCurrency of every row (CBF carries no currency column); null for an empty drop. */
  currency: string | null;
  totals: CostTotals;
  scope: { provider: string | null; currency: string | null };
  tagColumns: number;
  /** Rows dated before or after the month, moved to its first or last hour. */
  movedRows: number;
  /** Rows with tags but no resource id: CBF allows tags only with a resource id. */
  untaggedRows: number;
}

export function recordKey(root: CbfRoot, billingDataId: string, dropId: string): string {
  return joinKey(dropFolder(root, billingDataId, dropId), DROP_RECORD);
}

/** The drop's record, or undefined for a drop finops did not make (or whose record is unreadable). */
export async function readDropRecord(
  root: CbfRoot,
  billingDataId: string,
  dropId: string,
): Promise<DropRecord | undefined> {
  const key = recordKey(root, billingDataId, dropId);
  if (!(await root.store.head(key))) return undefined;
  try {
    const record = JSON.parse(await readText(root.store, key)) as DropRecord;
    return record?.format === 'finops-cbf-drop/1' ? record : undefined;
  } catch {
    return undefined;
  }
}

export function renderDropRecord(record: DropRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

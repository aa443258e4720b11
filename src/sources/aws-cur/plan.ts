/**
 * The plan of an import: for each billing period found, its current delivery, its files with sizes,
 * and whether the warehouse already holds that version. `aws list-manifests` prints it; `aws import-cur`
 * executes it.
 */
import { FinopsError } from '../../errors.ts';
import type { ObjectInfo } from '../../stores/store.ts';
import { publishedVersion } from '../../warehouse/ledger.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { BillingPeriod } from '../billing-period.ts';
import { type CurExportRef, discover, isBroken, statFiles } from './discover.ts';
import type { CurDelivery } from './manifest.ts';

export const SOURCE_TYPE = 'aws-cur';

export interface PeriodPlan {
  delivery: CurDelivery;
  objects: ObjectInfo[];
  bytes: number;
  /** The version the warehouse holds for this period, if any. */
  loadedVersion?: string;
}

/** A period that cannot be loaded as delivered (broken manifest, missing file); it fails alone. */
export interface BlockedPeriod {
  period: BillingPeriod;
  manifestKey: string;
  versionId?: string;
  error: unknown;
}

export type PlanEntry = PeriodPlan | BlockedPeriod;

export const isBlocked = (p: PlanEntry): p is BlockedPeriod => 'error' in p;

export async function planImport(exp: CurExportRef, sourceName: string, w?: Warehouse): Promise<PlanEntry[]> {
  const plans: PlanEntry[] = [];
  for (const found of await discover(exp)) {
    if (isBroken(found)) {
      plans.push(found);
      continue;
    }
    const loadedVersion = w && (await publishedVersion(w, SOURCE_TYPE, sourceName, found.period.label));
    try {
      const objects = await statFiles(exp.store, found);
      plans.push({
        delivery: found,
        objects,
        bytes: objects.reduce((sum, o) => sum + o.size, 0),
        loadedVersion,
      });
    } catch (error) {
      if (!(error instanceof FinopsError) || error.kind !== 'input') throw error;
      plans.push({
        period: found.period,
        manifestKey: found.manifestKey ?? '',
        versionId: found.versionId,
        error,
      });
    }
  }
  return plans;
}

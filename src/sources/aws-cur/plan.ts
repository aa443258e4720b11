/**
 * The plan of an import: for each billing period found, its current delivery, its files with sizes,
 * and whether the warehouse already holds that version. `aws list-manifests` prints it; `aws import-cur`
 * executes it.
 */
import type { ObjectInfo } from '../../stores/store.ts';
import { publishedVersion } from '../../warehouse/ledger.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { type CurExportRef, discover, statFiles } from './discover.ts';
import type { CurDelivery } from './manifest.ts';

export const SOURCE_TYPE = 'aws-cur';

export interface PeriodPlan {
  delivery: CurDelivery;
  objects: ObjectInfo[];
  bytes: number;
  /** The version the warehouse holds for this period, if any. */
  loadedVersion?: string;
}

export async function planImport(
  exp: CurExportRef,
  sourceName: string,
  w?: Warehouse,
): Promise<PeriodPlan[]> {
  const plans: PeriodPlan[] = [];
  for (const delivery of await discover(exp)) {
    const objects = await statFiles(exp.store, delivery);
    plans.push({
      delivery,
      objects,
      bytes: objects.reduce((sum, o) => sum + o.size, 0),
      loadedVersion: w && (await publishedVersion(w, SOURCE_TYPE, sourceName, delivery.period.label)),
    });
  }
  return plans;
}

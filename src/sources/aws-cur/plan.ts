/**
 * The plan of an import: for each billing period found, its current delivery and its files with sizes.
 * A period whose manifest is broken or names a missing file is a blocked unit: it fails alone.
 * `aws list-manifests` prints it; `aws import-cur` executes it.
 */
import { FinopsError } from '../../errors.ts';
import type { ObjectInfo } from '../../stores/store.ts';
import { isBroken } from '../broken-delivery.ts';
import type { PlanContext, Target, Unit } from '../source.ts';
import { athenaUpdating } from './athena-status.ts';
import { type CurExportRef, discover, statFiles } from './discover.ts';
import type { CurDelivery } from './manifest.ts';

export interface AwsTarget extends Target {
  exp: CurExportRef;
  /** Load Athena months even while AWS says it is writing the report (--allow-partial). */
  allowPartial?: boolean;
}

/** A billing period of one export, with its delivery (absent when the unit is blocked). */
export interface AwsUnit extends Unit {
  delivery?: CurDelivery;
  objects: ObjectInfo[];
}

export async function planPeriods(ctx: PlanContext, target: AwsTarget): Promise<AwsUnit[]> {
  const units = await planDeliveries(target.exp);
  if (
    !target.allowPartial &&
    units.some((u) => u.delivery?.athena) &&
    (await athenaUpdating(ctx, target.exp))
  ) {
    for (const u of units) {
      if (u.delivery?.athena) {
        u.deferred =
          'AWS is writing this report now (cost_and_usage_data_status says UPDATING); a later run loads it, or --allow-partial now';
      }
    }
  }
  return units;
}

async function planDeliveries(exp: CurExportRef): Promise<AwsUnit[]> {
  const units: AwsUnit[] = [];
  for (const found of await discover(exp)) {
    const blocked = { period: found.period.label, files: 0, bytes: 0, objects: [] };
    if (isBroken(found)) {
      units.push({ ...blocked, versionId: '', manifestKey: found.manifestKey, blocked: found.error });
      continue;
    }
    try {
      const objects = await statFiles(exp.store, found);
      units.push({
        period: found.period.label,
        versionId: found.versionId,
        manifestKey: found.manifestKey,
        files: objects.length,
        bytes: objects.reduce((sum, o) => sum + o.size, 0),
        delivery: found,
        objects,
      });
    } catch (error) {
      if (!(error instanceof FinopsError) || error.kind !== 'input') throw error;
      units.push({ ...blocked, versionId: found.versionId, manifestKey: found.manifestKey, blocked: error });
    }
  }
  return units;
}

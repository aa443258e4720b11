/**
 * The plan of an import: for each month, the runs that make it up (select-runs.ts), their blobs with
 * sizes, a version id for that set of runs, and the version the warehouse already holds.
 * `azure list-exports` prints it; `azure import` executes it.
 */
import { createHash } from 'node:crypto';
import { FinopsError, inputError } from '../../errors.ts';
import type { ObjectInfo } from '../../stores/store.ts';
import { objectUrl } from '../../stores/store.ts';
import { publishedVersion } from '../../warehouse/ledger.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { BillingPeriod } from '../billing-period.ts';
import { type AzureExportRef, type DiscoveredRun, discoverRuns, isBrokenRun, statRun } from './discover.ts';
import type { ExportRun } from './manifest.ts';
import { type CandidateRun, type SelectedRun, selectRuns } from './select-runs.ts';
import { SOURCE_TYPE } from './tables.ts';

export interface PlannedRun extends SelectedRun {
  objects: ObjectInfo[];
}

export interface MonthPlan {
  period: BillingPeriod;
  runs: PlannedRun[];
  versionId: string;
  files: number;
  bytes: number;
  notes: string[];
  loadedVersion?: string;
}

/** A month that cannot be loaded as delivered (unreadable manifest, no complete run); it fails alone. */
export interface BlockedMonth {
  period: BillingPeriod;
  manifestKey: string;
  notes: string[];
  error: unknown;
}

export type MonthEntry = MonthPlan | BlockedMonth;

export const isBlockedMonth = (m: MonthEntry): m is BlockedMonth => 'error' in m;

export async function planAzureImport(
  exp: AzureExportRef,
  sourceName: string,
  w?: Warehouse,
): Promise<MonthEntry[]> {
  const byMonth = new Map<string, DiscoveredRun[]>();
  for (const run of await discoverRuns(exp)) {
    byMonth.set(run.period.label, [...(byMonth.get(run.period.label) ?? []), run]);
  }
  const entries: MonthEntry[] = [];
  for (const label of [...byMonth.keys()].sort()) {
    const runs = byMonth.get(label) as DiscoveredRun[];
    try {
      const plan = await planMonth(exp, runs);
      plan.loadedVersion = w && (await publishedVersion(w, SOURCE_TYPE, sourceName, label));
      entries.push(plan);
    } catch (error) {
      if (!(error instanceof FinopsError) || error.kind !== 'input') throw error;
      const period = (runs[0] as DiscoveredRun).period;
      const key = (runs.find(isBrokenRun) ?? runs[0])?.manifestKey ?? '';
      entries.push({ period, manifestKey: key, notes: [], error });
    }
  }
  return entries;
}

async function planMonth(exp: AzureExportRef, runs: DiscoveredRun[]): Promise<MonthPlan> {
  const broken = runs.find(isBrokenRun);
  if (broken) throw broken.error;
  const candidates: (CandidateRun & { objects: ObjectInfo[] })[] = [];
  for (const run of runs as ExportRun[]) {
    const { objects, missing } = await statRun(exp.store, run);
    candidates.push({ run, missing, objects });
  }
  const selection = selectRuns(candidates);
  if (selection.selected.length === 0) {
    const c = selection.incomplete;
    if (c) {
      throw inputError(
        `the manifest lists ${objectUrl(exp.store, c.missing[0] as string)}, which does not exist`,
        {
          file: objectUrl(exp.store, c.run.manifestKey),
          hint: 'the run may be incomplete or still being written; re-run later, or run the export again',
        },
      );
    }
    throw inputError(`no run of this month has rows (${selection.notes.join('; ')})`, {
      file: objectUrl(exp.store, (runs[0] as ExportRun).manifestKey),
    });
  }
  const planned = selection.selected.map((s) => ({
    ...s,
    objects: candidates.find((c) => c.run === s.run)?.objects ?? [],
  }));
  const objects = planned.flatMap((p) => p.objects);
  return {
    period: (runs[0] as ExportRun).period,
    runs: planned,
    versionId: versionOf(planned),
    files: objects.length,
    bytes: objects.reduce((n, o) => n + o.size, 0),
    notes: selection.notes,
  };
}

/** The month's version: which runs, over which days, with which blobs (a re-delivered blob changes it). */
function versionOf(runs: PlannedRun[]): string {
  const hash = createHash('sha256');
  const sorted = [...runs].sort((a, b) => a.run.manifestKey.localeCompare(b.run.manifestKey));
  for (const r of sorted) {
    hash.update(`${r.run.runId}\0${r.run.manifestKey}\0${JSON.stringify(r.excluded)}\n`);
    for (const o of r.objects) hash.update(`${o.key}\0${o.size}\0${o.etag ?? ''}\n`);
  }
  return `runs:${hash.digest('hex').slice(0, 24)}`;
}

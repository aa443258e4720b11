/**
 * The plan of an import: for each month and export scope, the runs that make it up (select-runs.ts),
 * their blobs with sizes and a version id for that set of runs. A scope is the unit because its exports
 * pair with each other (ActualCost with AmortizedCost, FocusCost instead of both) and with nothing else:
 * a scope whose manifest cannot be read or that has no complete run is a blocked unit and fails alone,
 * while the month's other scopes land. `azure list-exports` prints the plan; `azure import` executes it.
 */
import { createHash } from 'node:crypto';
import type { BillingPeriod } from '../../billing-period.ts';
import { FinopsError, inputError } from '../../errors.ts';
import type { ObjectInfo } from '../../stores/store.ts';
import { objectUrl } from '../../stores/store.ts';
import { isBroken } from '../broken-delivery.ts';
import type { Target, Unit } from '../source.ts';
import { type AzureExportRef, type DiscoveredRun, discoverRuns, statRun } from './discover.ts';
import type { ExportRun } from './manifest.ts';
import { type ScopeGroup, scopeGroups } from './scope-groups.ts';
import { type CandidateRun, type SelectedRun, selectRuns } from './select-runs.ts';

export interface AzureTarget extends Target {
  exp: AzureExportRef;
}

export interface PlannedRun extends SelectedRun {
  objects: ObjectInfo[];
}

/** One month of one export scope of an Azure source: its runs (none when the scope is blocked). */
export interface AzureUnit extends Unit {
  billingPeriod: BillingPeriod;
  runs: PlannedRun[];
  /** The scopes whose rows the unit replaces (`finops_scope`, `x_ExportScope`). */
  scopes: string[];
}

export async function planMonths(exp: AzureExportRef): Promise<AzureUnit[]> {
  const byMonth = new Map<string, DiscoveredRun[]>();
  for (const run of await discoverRuns(exp)) {
    byMonth.set(run.period.label, [...(byMonth.get(run.period.label) ?? []), run]);
  }
  const units: AzureUnit[] = [];
  for (const label of [...byMonth.keys()].sort()) {
    for (const group of scopeGroups(byMonth.get(label) as DiscoveredRun[])) {
      units.push(await planGroup(exp, group));
    }
  }
  return units;
}

async function planGroup(exp: AzureExportRef, group: ScopeGroup): Promise<AzureUnit> {
  try {
    return { ...(await planScope(exp, group.runs)), part: group.part, scopes: group.scopes };
  } catch (error) {
    if (!(error instanceof FinopsError) || error.kind !== 'input') throw error;
    const period = (group.runs[0] as DiscoveredRun).period;
    const key = (group.runs.find(isBroken) ?? group.runs[0])?.manifestKey ?? '';
    return {
      period: period.label,
      billingPeriod: period,
      part: group.part,
      scopes: group.scopes,
      versionId: '',
      manifestKey: key,
      runs: [],
      files: 0,
      bytes: 0,
      blocked: error,
    };
  }
}

async function planScope(
  exp: AzureExportRef,
  runs: DiscoveredRun[],
): Promise<Omit<AzureUnit, 'part' | 'scopes'>> {
  const broken = runs.find(isBroken);
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
    // Exports with no rows: nothing to publish, and nothing wrong (a quiet subscription, a new export).
    // The month's rows stay as they are until a run delivers some.
    const period = (runs[0] as ExportRun).period;
    return {
      period: period.label,
      billingPeriod: period,
      runs: [],
      versionId: '',
      files: 0,
      bytes: 0,
      notes: selection.notes,
      deferred: 'no run of this month and scope has rows yet',
    };
  }
  const planned = selection.selected.map((s) => ({
    ...s,
    objects: candidates.find((c) => c.run === s.run)?.objects ?? [],
  }));
  const objects = planned.flatMap((p) => p.objects);
  const period = (runs[0] as ExportRun).period;
  return {
    period: period.label,
    billingPeriod: period,
    runs: planned,
    versionId: versionOf(planned),
    manifestKey: planned.map((r) => r.run.manifestKey).join(','),
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

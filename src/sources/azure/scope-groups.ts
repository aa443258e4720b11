/**
 * The export scopes of a month: the runs whose rows pair with each other, and so land or fail together.
 * Runs whose manifest names no scope (older exports, scope `export:<name>`) pair by billing account in
 * chosen.sql, so they form one group. A run whose manifest cannot be read joins the runs of its export
 * (same folder above the month folders), or stands alone when it is the export's only run.
 */
import { isBroken } from '../broken-delivery.ts';
import type { DiscoveredRun } from './discover.ts';

export interface ScopeGroup {
  /** Short, stable name of the slice, for the output and the ledger. */
  part: string;
  /** The `finops_scope` values of its rows. */
  scopes: string[];
  runs: DiscoveredRun[];
}

const UNSCOPED = 'unscoped';

export function scopeGroups(runs: DiscoveredRun[]): ScopeGroup[] {
  const groups = new Map<string, ScopeGroup>();
  const groupOfExport = new Map<string, ScopeGroup>();
  for (const run of runs) {
    if (isBroken(run)) continue;
    const unscoped = run.scope.startsWith('export:');
    const part = unscoped ? UNSCOPED : partName(run.scope);
    let group = groups.get(part);
    if (!group) {
      group = { part, scopes: [], runs: [] };
      groups.set(part, group);
    }
    group.runs.push(run);
    if (!group.scopes.includes(run.scope)) group.scopes.push(run.scope);
    groupOfExport.set(exportFolder(run.manifestKey), group);
  }
  for (const run of runs.filter(isBroken)) {
    const folder = exportFolder(run.manifestKey);
    const group = groupOfExport.get(folder) ?? { part: `export ${folder || '/'}`, scopes: [], runs: [] };
    group.runs.push(run);
    groups.set(group.part, group);
  }
  return [...groups.values()].sort((a, b) => a.part.localeCompare(b.part));
}

/** `/providers/Microsoft.Billing/billingAccounts/1234` → `billingaccounts/1234`; `/subscriptions/…` → `subscriptions/…`. */
function partName(scope: string): string {
  return scope.replace(/^\/providers\/microsoft\.billing\//, '').replace(/^\/+/, '') || '/';
}

/** The export's folder: the key above its month folder (`YYYYMMDD-YYYYMMDD/`). */
function exportFolder(manifestKey: string): string {
  const month = /(^|\/)\d{8}-\d{8}\//.exec(manifestKey);
  if (month) return manifestKey.slice(0, month.index);
  return manifestKey.slice(0, Math.max(0, manifestKey.lastIndexOf('/')));
}

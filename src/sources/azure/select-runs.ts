/**
 * Which runs make up a month. Per scope and dataset the newest complete run wins, day by day: a run
 * supplies the days it covers that no newer run covers, so a one-time export of a few days replaces
 * those days and leaves the rest of the month as the month-to-date run delivered it. A run with no rows
 * (dataRowCount 0) is skipped, never published as an empty month. Where a scope has a FocusCost export,
 * it is the month's data and that scope's ActualCost/AmortizedCost runs are left out (they hold the
 * same costs).
 */
import type { ExportRun } from './manifest.ts';

export interface DayRange {
  /** `YYYY-MM-DD`, both included. */
  first: string;
  last: string;
}

export interface CandidateRun {
  run: ExportRun;
  /** Blobs the manifest lists that the store does not have; a run with any is incomplete. */
  missing: string[];
}

export interface SelectedRun {
  run: ExportRun;
  /** Days newer selected runs of the same scope and dataset supply instead. */
  excluded: DayRange[];
}

export interface Selection {
  selected: SelectedRun[];
  /** Why runs were left out, for `azure list-exports` and the log. */
  notes: string[];
  /** Newest incomplete run when no complete run could stand in for it. */
  incomplete?: CandidateRun;
}

export function selectRuns(candidates: CandidateRun[]): Selection {
  const notes: string[] = [];
  const groups = new Map<string, CandidateRun[]>();
  const focusScopes = new Set(
    candidates.filter((c) => c.run.dataset === 'FocusCost').map((c) => c.run.scope),
  );
  for (const c of candidates) {
    if (c.run.dataset !== 'FocusCost' && focusScopes.has(c.run.scope)) {
      notes.push(`${describe(c.run)}: left out, the scope has a FocusCost export`);
      continue;
    }
    const key = `${c.run.scope}\u0000${c.run.dataset}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const selected: SelectedRun[] = [];
  let incomplete: CandidateRun | undefined;
  for (const group of groups.values()) {
    const result = selectInGroup(group, notes);
    selected.push(...result.selected);
    if (result.incomplete && result.selected.length === 0) incomplete ??= result.incomplete;
  }
  return { selected, notes, incomplete };
}

function selectInGroup(group: CandidateRun[], notes: string[]) {
  const newestFirst = [...group].sort((a, b) => b.run.submittedTime.localeCompare(a.run.submittedTime));
  const selected: SelectedRun[] = [];
  const covered: DayRange[] = [];
  let incomplete: CandidateRun | undefined;
  for (const c of newestFirst) {
    const range = { first: c.run.firstDay, last: c.run.lastDay };
    if (c.run.dataRowCount === 0) {
      notes.push(`${describe(c.run)}: skipped, the run has no rows (dataRowCount 0)`);
      continue;
    }
    if (c.missing.length > 0) {
      notes.push(`${describe(c.run)}: skipped, incomplete (missing ${c.missing[0]})`);
      incomplete ??= c;
      continue;
    }
    if (coveredBy(range, covered)) {
      notes.push(`${describe(c.run)}: superseded by newer runs`);
      continue;
    }
    selected.push({ run: c.run, excluded: [...covered] });
    covered.push(range);
  }
  return { selected, incomplete };
}

/** Whether every day of `range` is inside one of `ranges`. */
export function coveredBy(range: DayRange, ranges: DayRange[]): boolean {
  let day = range.first;
  while (day <= range.last) {
    const holder = ranges.find((r) => r.first <= day && day <= r.last);
    if (!holder) return false;
    day = nextDay(holder.last);
  }
  return true;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export function describe(run: ExportRun): string {
  return `${run.exportName} run ${run.runId} (${run.dataset}, ${run.firstDay}..${run.lastDay})`;
}

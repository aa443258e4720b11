/**
 * Precision and recall of findings against the injected events. Findings are counted the way a team
 * receives them: as alerts, one per incident (a series' findings chained while each is at most
 * group_days after the previous one, as incidents.sql does). An alert is true when its first day falls
 * where an event changed the cost (a spike's day; a step or drift from its start until the baselines
 * have caught up with the new level), false otherwise.
 * Recall: a spike is found when a finding falls on its day; a step within a week of its start; a drift
 * while it climbs or in the week after.
 */
import type { EventKind, InjectedEvent } from './generate.ts';

export interface Finding {
  series: string;
  day: number;
}

export interface Scores {
  alerts: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
  recall: Record<EventKind, { found: number; total: number }>;
  /** Recall of spikes of 3 to 4 noise sigmas: the hard ones. */
  smallSpikes: { found: number; total: number };
}

export interface ScoreOptions {
  groupDays: number;
  /** Days after a step or drift during which findings are still that event (baselines catching up). */
  settleDays: number;
}

export function scoreFindings(findings: Finding[], events: InjectedEvent[], options: ScoreOptions): Scores {
  const bySeries = groupBySeries(findings);
  const eventsBySeries = new Map<string, InjectedEvent[]>();
  for (const e of events) eventsBySeries.set(e.series, [...(eventsBySeries.get(e.series) ?? []), e]);

  let alerts = 0;
  let truePositives = 0;
  for (const [series, days] of bySeries) {
    for (const first of incidentStarts(days, options.groupDays)) {
      alerts++;
      if ((eventsBySeries.get(series) ?? []).some((e) => explains(e, first, options))) truePositives++;
    }
  }
  const recall = { spike: tally(), step: tally(), drift: tally() };
  const smallSpikes = tally();
  for (const e of events) {
    const found = (bySeries.get(e.series) ?? []).some((d) => detects(e, d));
    recall[e.kind].total++;
    if (found) recall[e.kind].found++;
    if (e.kind === 'spike' && e.sigmas < 4) {
      smallSpikes.total++;
      if (found) smallSpikes.found++;
    }
  }
  return {
    alerts,
    truePositives,
    falsePositives: alerts - truePositives,
    precision: alerts === 0 ? 1 : truePositives / alerts,
    recall,
    smallSpikes,
  };
}

export function ratio(part: { found: number; total: number }): number {
  return part.total === 0 ? 1 : part.found / part.total;
}

function tally() {
  return { found: 0, total: 0 };
}

function groupBySeries(findings: Finding[]): Map<string, number[]> {
  const out = new Map<string, Set<number>>();
  for (const f of findings) out.set(f.series, (out.get(f.series) ?? new Set()).add(f.day));
  return new Map([...out].map(([k, v]) => [k, [...v].sort((a, b) => a - b)]));
}

/** First days of the incidents in a series' sorted finding days. */
export function incidentStarts(days: number[], groupDays: number): number[] {
  return days.filter((d, i) => i === 0 || d - (days[i - 1] as number) > groupDays);
}

function explains(e: InjectedEvent, day: number, options: ScoreOptions): boolean {
  if (e.kind === 'spike') return day === e.start;
  const end = e.kind === 'step' ? e.start + options.settleDays : e.end + options.settleDays;
  return day >= e.start && day <= end;
}

function detects(e: InjectedEvent, day: number): boolean {
  if (e.kind === 'spike') return day === e.start;
  if (e.kind === 'step') return day >= e.start && day <= e.start + 6;
  return day >= e.start && day <= e.end + 7;
}

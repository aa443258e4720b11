/**
 * Precision and recall of findings against what the backtest injected, per kind of event and per noise
 * level. Findings are counted the way a team receives them: as alerts, one per incident (a series'
 * findings chained while each is at most group_days after the previous one, as incidents.sql does), of
 * the kind of its first finding.
 *   An event explains a day: a spike its days; a level shift the day before it to a week after it
 *   starts; new spend its first week; stopped spend its first day to a week after.
 *   An alert is true when an event explains its first day; in a kind's row, when an event of that kind
 *   does. An event is found when a finding falls on a day it explains.
 *   alerts_per_event: the alerts from an event's start to 4 weeks on that no other event explains, per
 *   event found: 1 when a change is said once.
 *   gap: alerts in the 3 days after a source's gap in delivery (false ones are findings from a gap).
 */
import type { BacktestData, EventKind, InjectedEvent } from './generate.ts';

export interface Finding {
  series: string;
  day: number;
  kind: string;
}

export interface Alert extends Finding {}

export interface Row {
  slice: string;
  events: number | null;
  found: number | null;
  recall: number | null;
  /** Recall of spikes of 2.5x or more among the row's events. */
  recall_2_5x: number | null;
  alerts: number | null;
  false_alerts: number | null;
  precision: number | null;
  alerts_per_event: number | null;
}

const kinds: EventKind[] = ['spike', 'level_shift', 'new', 'stopped'];
const settleDays = 28;
const afterGapDays = 3;

export function scoreBacktest(findings: Finding[], data: BacktestData, groupDays: number): Row[] {
  const alerts = alertsOf(findings, groupDays);
  const noiseOf = new Map(data.series.map((s) => [s.key, s.noise]));
  const found = new Set(
    data.events.filter((e) => findings.some((f) => f.series === e.series && explains(e, f.day))),
  );
  const slice = (name: string, events: InjectedEvent[], shown: Alert[], kind?: string): Row => ({
    slice: name,
    events: events.length,
    found: events.filter((e) => found.has(e)).length,
    recall: ratio(events.filter((e) => found.has(e)).length, events.length),
    recall_2_5x: bigSpikeRecall(events, found),
    alerts: shown.length,
    false_alerts: shown.filter((a) => !isTrue(a, data.events, kind)).length,
    precision: ratio(shown.filter((a) => isTrue(a, data.events, kind)).length, shown.length),
    alerts_per_event: perEvent(events, found, alerts, data.events),
  });
  const rows: Row[] = [slice('all', data.events, alerts)];
  for (const kind of kinds) {
    rows.push(
      slice(
        kind,
        data.events.filter((e) => e.kind === kind),
        alerts.filter((a) => a.kind === kind),
        kind,
      ),
    );
  }
  rows.push(gapRow(alerts, data));
  for (const noise of [...new Set(noiseOf.values())].sort((a, b) => a - b)) {
    const keys = new Set(data.series.filter((s) => s.noise === noise).map((s) => s.key));
    rows.push(
      slice(
        `noise ${Math.round(noise * 100)}%`,
        data.events.filter((e) => keys.has(e.series)),
        alerts.filter((a) => keys.has(a.series)),
      ),
    );
  }
  return rows;
}

/** One alert per incident: its first day, and the kind of that day's finding (a change over a spike). */
export function alertsOf(findings: Finding[], groupDays: number): Alert[] {
  const bySeries = new Map<string, Finding[]>();
  for (const f of findings) bySeries.set(f.series, [...(bySeries.get(f.series) ?? []), f]);
  const alerts: Alert[] = [];
  for (const list of bySeries.values()) {
    const days = [...new Set(list.map((f) => f.day))].sort((a, b) => a - b);
    for (const day of incidentStarts(days, groupDays)) {
      const that = list.filter((f) => f.day === day);
      alerts.push(that.find((f) => f.kind !== 'spike') ?? (that[0] as Finding));
    }
  }
  return alerts.sort((a, b) => a.day - b.day || a.series.localeCompare(b.series));
}

/** First days of the incidents in a series' sorted finding days. */
export function incidentStarts(days: number[], groupDays: number): number[] {
  return days.filter((d, i) => i === 0 || d - (days[i - 1] as number) > groupDays);
}

export function explains(e: InjectedEvent, day: number): boolean {
  switch (e.kind) {
    case 'spike':
      return day >= e.start && day <= e.end;
    case 'level_shift':
      return day >= e.start - 1 && day <= e.start + 7;
    case 'new':
      return day >= e.start && day <= e.start + 6;
    case 'stopped':
      return day >= e.start && day <= e.start + 7;
  }
}

function isTrue(a: Alert, events: InjectedEvent[], kind?: string): boolean {
  return events.some(
    (e) => e.series === a.series && (kind === undefined || e.kind === kind) && explains(e, a.day),
  );
}

function bigSpikeRecall(events: InjectedEvent[], found: Set<InjectedEvent>): number | null {
  const big = events.filter((e) => e.kind === 'spike' && e.factor >= 2.5);
  return big.length === 0 ? null : ratio(big.filter((e) => found.has(e)).length, big.length);
}

function perEvent(
  events: InjectedEvent[],
  found: Set<InjectedEvent>,
  alerts: Alert[],
  all: InjectedEvent[],
): number | null {
  const hits = events.filter((e) => found.has(e));
  if (hits.length === 0) return null;
  let count = 0;
  for (const e of hits) {
    count += alerts.filter(
      (a) =>
        a.series === e.series &&
        a.day >= e.start - 1 &&
        a.day <= e.start + settleDays &&
        !all.some((o) => o !== e && o.series === a.series && explains(o, a.day)),
    ).length;
  }
  return round(count / hits.length);
}

function gapRow(alerts: Alert[], data: BacktestData): Row {
  const sourceOf = new Map(data.series.map((s) => [s.key, s.source]));
  const after = alerts.filter((a) =>
    data.gaps.some(
      (g) => g.source === sourceOf.get(a.series) && a.day > g.end && a.day <= g.end + afterGapDays,
    ),
  );
  const falseOnes = after.filter((a) => !isTrue(a, data.events)).length;
  return {
    slice: 'gap',
    events: data.gaps.length,
    found: null,
    recall: null,
    recall_2_5x: null,
    alerts: after.length,
    false_alerts: falseOnes,
    precision: ratio(after.length - falseOnes, after.length),
    alerts_per_event: null,
  };
}

function ratio(part: number, total: number): number | null {
  return total === 0 ? null : round(part / total);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * What the backtest injects into its series, after the warm-up:
 *   spike        1 to 3 per series: 1.5x to 6x for one day (80%), two (15%) or three (5%);
 *   level_shift  on 20% of the series: the level steps up 1.5x to 3x for good;
 *   new          on 7%: the series has no rows before its start;
 *   stopped      on 7% of the others: no rows from its start on, while its source still delivers.
 * And the gaps in the sources' deliveries: 0 to 2 per source of 1 to 4 days, and the last source stops
 * delivering 5 to 10 days before the end (as an export that covers the first days of a month does).
 * Events keep clear of each other, of gaps and of a series' month-effect days, so each finding is
 * explained by one event or by none.
 */
import type { Random } from '../../sample/random.ts';

export type EventKind = 'spike' | 'level_shift' | 'new' | 'stopped';

export interface InjectedEvent {
  series: string;
  kind: EventKind;
  /** First and last day (0-based index) of the event; a level shift or a stop lasts to the end. */
  start: number;
  end: number;
  /** The spike's or the step's factor on the cost; 1 for new and stopped series. */
  factor: number;
}

/** Days a source delivered nothing. */
export interface Gap {
  source: string;
  start: number;
  end: number;
}

interface Window {
  days: number;
  warmup: number;
}

export function planGaps(sources: string[], random: Random, w: Window): Gap[] {
  const gaps: Gap[] = [];
  for (const source of sources) {
    for (let n = random.int(0, 2); n > 0; n--) {
      const start = random.int(7, w.days - 20);
      gaps.push({ source, start, end: start + random.int(0, 3) });
    }
  }
  const last = sources[sources.length - 1] as string;
  gaps.push({ source: last, start: w.days - random.int(5, 10), end: w.days - 1 });
  return gaps;
}

/**
 * `gapDays(from, to)`: the days in [from, to] the series' source delivered nothing. `monthDays`: the
 * days the series' monthly pattern changes the cost.
 */
export function planEvents(
  series: string,
  random: Random,
  w: Window,
  gapDays: (from: number, to: number) => number[],
  monthDays: Set<number>,
): InjectedEvent[] {
  const events: InjectedEvent[] = [];
  const blocked: [number, number][] = [];
  const clear = (from: number, to: number) =>
    gapDays(from, to).length === 0 &&
    blocked.every(([a, b]) => to < a || from > b) &&
    [...monthDays].every((d) => d < from || d > to);
  const place = (from: number, to: number, length: number): number | undefined => {
    for (let tries = 0; tries < 50; tries++) {
      const start = random.int(from, to);
      if (clear(start, start + length - 1)) return start;
    }
    return undefined;
  };
  const lifecycle = random.next();
  if (lifecycle < 0.07) {
    const start = place(w.warmup, w.days - 35, 1);
    if (start !== undefined) {
      events.push({ series, kind: 'new', start, end: start + 6, factor: 1 });
      // Before it, nothing; in its first four weeks, no history to judge a spike by.
      blocked.push([0, start + 28]);
    }
  } else if (lifecycle < 0.14) {
    const start = place(w.warmup + 7, w.days - 15, 7);
    if (start !== undefined) {
      events.push({ series, kind: 'stopped', start, end: w.days - 1, factor: 1 });
      blocked.push([start - 7, w.days - 1]);
    }
  }
  if (random.chance(0.2)) {
    const start = place(w.warmup, w.days - 15, 7);
    if (start !== undefined) {
      events.push({ series, kind: 'level_shift', start, end: w.days - 1, factor: 1.5 + random.next() * 1.5 });
      blocked.push([start - 7, start + 14]);
    }
  }
  for (let n = random.int(1, 3); n > 0; n--) {
    const roll = random.next();
    const length = roll < 0.8 ? 1 : roll < 0.95 ? 2 : 3;
    const start = place(w.warmup, w.days - length, length);
    if (start === undefined) continue;
    events.push({ series, kind: 'spike', start, end: start + length - 1, factor: 1.5 + random.next() * 4.5 });
    blocked.push([start - 7, start + length + 6]);
  }
  return events.sort((a, b) => a.start - b.start);
}

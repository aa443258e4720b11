/**
 * Synthetic daily cost series for the backtest, deterministic for a seed, shaped like real spend: each
 * series has a level (50 to 10,000 a day), a trend (-0.1% to +0.3% a day), multiplicative Gaussian
 * noise of 3%, 5%, 8%, 12% or 20% (a fifth of the series each), a weekly pattern on 70% of them
 * (weekends at 55% to 90%, weekdays +/-8%) and a monthly one on a quarter (the first day of the month
 * 1.5x to 2.5x on 15%, the last 1.4x to 2x on 10%). Series come from 10 sources (exports), which
 * deliver every day except in their gaps. After a warm-up that gives every series its history, the
 * events to find (events.ts): spikes, level shifts, new series and series that stop.
 */
import { Random } from '../../sample/random.ts';
import { addDays } from '../dates.ts';
import { type Gap, type InjectedEvent, planEvents, planGaps } from './events.ts';

export type { EventKind, Gap, InjectedEvent } from './events.ts';

export const noiseLevels = [0.03, 0.05, 0.08, 0.12, 0.2] as const;
export const backtestStart = '2024-01-01';
const sourceCount = 10;

export interface GeneratedSeries {
  key: string;
  source: string;
  noise: number;
  /** Cost per day, to the cent; null on days the series has no rows (not there yet, stopped, a gap). */
  costs: (string | null)[];
}

export interface BacktestData {
  series: GeneratedSeries[];
  events: InjectedEvent[];
  gaps: Gap[];
  days: number;
}

export interface GenerateOptions {
  series: number;
  days: number;
  seed: number;
  /** Days before the first event: every series has its full history by then. */
  warmup: number;
}

interface Shape {
  level: number;
  noise: number;
  weekly: number[];
  growth: number;
  /** Factor on the first and on the last day of each month. */
  monthFirst: number;
  monthLast: number;
}

export function generateBacktest(options: GenerateOptions): BacktestData {
  const random = new Random(options.seed);
  const sources = Array.from({ length: sourceCount }, (_, i) => `source-${i + 1}`);
  const gaps = planGaps(sources, random, options);
  const series: GeneratedSeries[] = [];
  const events: InjectedEvent[] = [];
  for (let i = 0; i < options.series; i++) {
    const key = `series-${String(i + 1).padStart(4, '0')}`;
    const source = sources[i % sourceCount] as string;
    const shape = shapeOf(random, i);
    const days = (from: number, to: number) => gapDays(gaps, source, from, to);
    const planned = planEvents(key, random, options, days, monthDays(options.days, shape));
    series.push({ key, source, noise: shape.noise, costs: costsOf(shape, planned, days, random, options) });
    events.push(...planned);
  }
  return { series, events, gaps, days: options.days };
}

function shapeOf(random: Random, index: number): Shape {
  const month = random.next();
  return {
    level: Math.exp(uniform(random, Math.log(50), Math.log(10_000))),
    noise: noiseLevels[index % noiseLevels.length] as number,
    weekly: weeklyProfile(random),
    growth: uniform(random, -0.001, 0.003),
    monthFirst: month < 0.15 ? uniform(random, 1.5, 2.5) : 1,
    monthLast: month >= 0.15 && month < 0.25 ? uniform(random, 1.4, 2) : 1,
  };
}

function costsOf(
  shape: Shape,
  events: InjectedEvent[],
  gapDaysIn: (from: number, to: number) => number[],
  random: Random,
  options: GenerateOptions,
): (string | null)[] {
  const born = events.find((e) => e.kind === 'new')?.start ?? 0;
  const stopped = events.find((e) => e.kind === 'stopped')?.start ?? options.days;
  const gaps = new Set(gapDaysIn(0, options.days - 1));
  const costs: (string | null)[] = [];
  for (let t = 0; t < options.days; t++) {
    // Draw the noise every day, so a series' other days do not depend on where its gaps fall.
    const noise = 1 + shape.noise * gaussian(random);
    if (t < born || t >= stopped || gaps.has(t)) {
      costs.push(null);
      continue;
    }
    let value = shape.level * (shape.weekly[t % 7] as number) * Math.exp(shape.growth * t) * noise;
    value *= monthFactor(shape, t);
    for (const e of events) {
      if (e.kind === 'level_shift' && t >= e.start) value *= e.factor;
      if (e.kind === 'spike' && t >= e.start && t <= e.end) value *= e.factor;
    }
    costs.push(Math.max(0, value).toFixed(2));
  }
  return costs;
}

function monthFactor(shape: Shape, t: number): number {
  const date = addDays(backtestStart, t);
  if (date.endsWith('-01')) return shape.monthFirst;
  if (addDays(date, 1).endsWith('-01')) return shape.monthLast;
  return 1;
}

/** The days whose month effect the series has: events avoid them, so what is found is unambiguous. */
function monthDays(days: number, shape: Shape): Set<number> {
  const out = new Set<number>();
  for (let t = 0; t < days; t++) if (monthFactor(shape, t) !== 1) out.add(t);
  return out;
}

function gapDays(gaps: Gap[], source: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (const g of gaps) {
    if (g.source !== source) continue;
    for (let t = Math.max(from, g.start); t <= Math.min(to, g.end); t++) out.push(t);
  }
  return out;
}

/** Factors per weekday (mean 1): 70% of series have quieter weekends and uneven weekdays. */
function weeklyProfile(random: Random): number[] {
  if (!random.chance(0.7)) return [1, 1, 1, 1, 1, 1, 1];
  const weekend = uniform(random, 0.55, 0.9);
  const raw = [0, 1, 2, 3, 4, 5, 6].map((d) => (d >= 5 ? weekend : 1 + uniform(random, -0.08, 0.08)));
  const mean = raw.reduce((s, v) => s + v, 0) / 7;
  return raw.map((v) => v / mean);
}

export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random.next();
}

/** Standard normal (Box-Muller). */
function gaussian(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

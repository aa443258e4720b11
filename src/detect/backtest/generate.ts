/**
 * Synthetic daily cost series for the backtest, deterministic for a seed. Each series has a level
 * (100 to 10,000 a day), multiplicative Gaussian noise (4% to 15%), a weekly pattern on most series
 * (quieter weekends, uneven weekdays) and slow organic growth or decline; on top of that, after a
 * warm-up that gives every detector its history, the events the detectors should find:
 *   spike  one day higher by k x the series' noise (k from 3 to 8), 1 to 3 per series
 *   step   the level rises for good by k x the noise, on a quarter of the series
 *   drift  the level climbs by k x the noise over 3 to 6 weeks, on a quarter of the series
 * "The series' noise" is the standard deviation of that day's value: noise x the day's expected cost.
 */
import { Random } from '../../sample/random.ts';

export type EventKind = 'spike' | 'step' | 'drift';

export interface InjectedEvent {
  series: string;
  kind: EventKind;
  /** First and last day (0-based index) the event changes the cost. A step lasts to the end. */
  start: number;
  end: number;
  /** Size in multiples of the series' noise. */
  sigmas: number;
}

export interface GeneratedSeries {
  key: string;
  /** Cost per day, to the cent. */
  costs: string[];
}

export interface BacktestData {
  series: GeneratedSeries[];
  events: InjectedEvent[];
  days: number;
}

export interface GenerateOptions {
  series: number;
  days: number;
  seed: number;
  /** Days before the first event: every detector has its full history by then. */
  warmup: number;
}

export function generateBacktest(options: GenerateOptions): BacktestData {
  const random = new Random(options.seed);
  const series: GeneratedSeries[] = [];
  const events: InjectedEvent[] = [];
  for (let i = 0; i < options.series; i++) {
    const key = `series-${String(i + 1).padStart(4, '0')}`;
    const made = generateOne(key, random, options);
    series.push({ key, costs: made.costs });
    events.push(...made.events);
  }
  return { series, events, days: options.days };
}

function generateOne(key: string, random: Random, options: GenerateOptions) {
  const { days, warmup } = options;
  const level = Math.exp(uniform(random, Math.log(100), Math.log(10_000)));
  const noise = uniform(random, 0.04, 0.15);
  const weekly = weeklyProfile(random);
  const growth = uniform(random, -0.001, 0.002);
  const events = planEvents(key, random, days, warmup);
  const costs: string[] = [];
  for (let t = 0; t < days; t++) {
    const expected = level * (weekly[t % 7] as number) * (1 + growth * t) * levelChange(events, t, noise);
    const spike = events.find((e) => e.kind === 'spike' && e.start === t);
    const value = expected * (1 + noise * gaussian(random)) + (spike ? spike.sigmas * noise * expected : 0);
    costs.push(Math.max(0, value).toFixed(2));
  }
  return { costs, events };
}

/** Multiplier of the level from steps and drifts at day t. */
function levelChange(events: InjectedEvent[], t: number, noise: number): number {
  let factor = 1;
  for (const e of events) {
    if (e.kind === 'step' && t >= e.start) factor *= 1 + e.sigmas * noise;
    if (e.kind === 'drift' && t >= e.start) {
      const done = Math.min(1, (t - e.start + 1) / (e.end - e.start + 1));
      factor *= 1 + e.sigmas * noise * done;
    }
  }
  return factor;
}

function planEvents(series: string, random: Random, days: number, warmup: number): InjectedEvent[] {
  const events: InjectedEvent[] = [];
  const free = (from: number, to: number) => events.every((e) => to < e.start - 7 || from > e.end + 7);
  if (random.chance(0.25)) {
    const start = random.int(warmup, days - 15);
    events.push({ series, kind: 'step', start, end: days - 1, sigmas: uniform(random, 3, 8) });
  } else if (random.chance(1 / 3)) {
    const length = random.int(21, 42);
    const start = random.int(warmup, Math.max(warmup, days - length - 1));
    events.push({ series, kind: 'drift', start, end: start + length - 1, sigmas: uniform(random, 3, 6) });
  }
  const spikes = random.int(1, 3);
  for (let n = 0, tries = 0; n < spikes && tries < 50; tries++) {
    const day = random.int(warmup, days - 1);
    if (!free(day, day)) continue;
    events.push({ series, kind: 'spike', start: day, end: day, sigmas: uniform(random, 3, 8) });
    n++;
  }
  return events.sort((a, b) => a.start - b.start);
}

/** Factors per weekday (mean 1): 70% of series have quieter weekends and uneven weekdays. */
function weeklyProfile(random: Random): number[] {
  if (!random.chance(0.7)) return [1, 1, 1, 1, 1, 1, 1];
  const weekend = uniform(random, 0.55, 0.9);
  const raw = [0, 1, 2, 3, 4, 5, 6].map((d) => (d >= 5 ? weekend : 1 + uniform(random, -0.08, 0.08)));
  const mean = raw.reduce((s, v) => s + v, 0) / 7;
  return raw.map((v) => v / mean);
}

function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random.next();
}

/** Standard normal (Box-Muller). */
function gaussian(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

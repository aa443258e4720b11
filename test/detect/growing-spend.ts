/**
 * Spend shaped like a growing company's, built here and not with the backtest's generator: 24 daily
 * series from 2024-01-01 to 2024-03-31 (91 days), each with its own level, weekends at 65% of weekdays,
 * growth of 0.2% a day, 8% day-to-day noise, and 16 one-day spikes of 2.5x to 6x spread over February
 * and March. Rows go into a FOCUS-shaped focus.costs (helpers.ts), one resource per series and day.
 */
import { Random } from '../../src/sample/random.ts';
import { type CostRow, day } from './helpers.ts';

export interface Spike {
  service: string;
  day: string;
  factor: number;
}

export interface GrowingSpend {
  rows: CostRow[];
  spikes: Spike[];
}

export const growingSeries = 24;
export const growingDays = 91;

export function growingSpend(seed: number): GrowingSpend {
  const random = new Random(seed);
  const spikes = plantSpikes(random);
  const rows: CostRow[] = [];
  for (let s = 0; s < growingSeries; s++) {
    const service = `Service ${String(s + 1).padStart(2, '0')}`;
    const level = 50 + random.next() * 950;
    for (let t = 0; t < growingDays; t++) {
      const weekend = t % 7 >= 5; // 2024-01-01 is a Monday
      const usual = level * (weekend ? 0.65 : 1) * 1.002 ** t * (1 + 0.08 * gaussian(random));
      const spike = spikes.find((k) => k.service === service && k.day === day(t));
      const cost = usual * (spike?.factor ?? 1);
      rows.push({
        day: day(t),
        service,
        resource: `res-${s + 1}`,
        usageType: 'Usage',
        cost: cost.toFixed(2),
      });
    }
  }
  return { rows, spikes };
}

/** 16 spikes on distinct series-days in days 31 to 90 (February and March). */
function plantSpikes(random: Random): Spike[] {
  const spikes: Spike[] = [];
  while (spikes.length < 16) {
    const service = `Service ${String(random.int(1, growingSeries)).padStart(2, '0')}`;
    const at = day(random.int(31, growingDays - 1));
    if (spikes.some((k) => k.service === service && k.day === at)) continue;
    spikes.push({ service, day: at, factor: 2.5 + random.next() * 3.5 });
  }
  return spikes;
}

/** Standard normal (Box-Muller). */
function gaussian(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

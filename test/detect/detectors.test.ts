/**
 * The classic detectors' maths on hand-made series whose answers are worked out here, by hand: the mean
 * and standard deviation, the median and MAD, the same-weekday baseline, the spread floor, the score
 * cap and the gates. (The forecast detector has its own story: forecast.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { day, detect } from './helpers.ts';

// 14 ordinary days: mean 100, sample sd sqrt(38/13), median 100, MAD 1.
const fortnight = [100, 102, 98, 101, 99, 100, 103, 97, 100, 101, 99, 100, 102, 98];
const sd = Math.sqrt(38 / 13);
/** Scores are reported to one decimal. */
const tenth = (n: number) => Math.round(n * 10) / 10;

describe('z-score and robust detectors', () => {
  it('score a spike against the 14 days before it', async () => {
    const found = await detect({ web: [...fortnight, 130] }, { detectors: ['zscore', 'robust'] });
    expect(found).toEqual([
      // robust: (130 - median 100) / (1.4826 x MAD 1)
      {
        series_key: 'web',
        day: day(14),
        detector: 'robust',
        kind: 'spike',
        actual: '130.000000000000000000',
        expected: '100.000000',
        impact: '30.000000',
        score: tenth(30 / 1.4826),
      },
      // zscore: (130 - mean 100) / sd
      {
        series_key: 'web',
        day: day(14),
        detector: 'zscore',
        kind: 'spike',
        actual: '130.000000000000000000',
        expected: '100.000000',
        impact: '30.000000',
        score: tenth(30 / sd),
      },
    ]);
  });

  it('the median shrugs off a past spike, the mean does not', async () => {
    // The day after the spike: its 14 days before hold the 130. Median stays 100, MAD becomes 1.5.
    const found = await detect({ web: [...fortnight, 130, 112] }, { detectors: ['zscore', 'robust'] });
    const next = found.filter((f) => f.day === day(15));
    expect(next).toEqual([
      expect.objectContaining({
        detector: 'robust',
        expected: '100.000000',
        score: tenth(12 / (1.4826 * 1.5)),
      }),
    ]);
    // The mean (102.14) and sd (8.3) the spike inflated put 112 at barely 1.2: zscore stays quiet.
    const window = [...fortnight.slice(1), 130];
    const mean = window.reduce((s, v) => s + v, 0) / 14;
    const spread = Math.sqrt(window.reduce((s, v) => s + (v - mean) ** 2, 0) / 13);
    expect((112 - mean) / spread).toBeLessThan(3);
  });

  it('only increases are findings', async () => {
    expect(await detect({ web: [...fortnight, 70] }, { detectors: ['zscore', 'robust'] })).toEqual([]);
  });

  it('floors the spread of a flat series at 0.5% of expected', async () => {
    const flat = Array<number>(14).fill(100);
    // spread 0 -> 0.5: one unit over is score 2 (nothing), three units over is score 6 (both fire).
    expect(await detect({ flat: [...flat, 101] }, { detectors: ['zscore', 'robust'] })).toEqual([]);
    const found = await detect({ flat: [...flat, 103] }, { detectors: ['zscore', 'robust'] });
    expect(found.map((f) => [f.detector, f.score])).toEqual([
      ['robust', 6],
      ['zscore', 6],
    ]);
  });

  it('caps the score: a spend from nothing is far off, not 10 billion spreads off', async () => {
    // A series at 0 for two weeks: median 0, MAD 0, the spread floored at 1e-9; 5 over is "100".
    const found = await detect({ idle: [...Array<number>(14).fill(0), 5] }, { detectors: ['robust'] });
    expect(found.map((f) => [f.detector, f.expected, f.score])).toEqual([['robust', '0.000000', 100]]);
  });

  it('skips days without data: they are not days of zero spend', async () => {
    // The source delivered nothing on days 14 to 20: no score for them, and day 21 is compared with
    // the 14 days with data before it, not with a week of zeros.
    const gap = Array<null>(7).fill(null);
    const found = await detect({ web: [...fortnight, ...gap, 101] }, { detectors: ['zscore', 'robust'] });
    expect(found).toEqual([]);
  });

  it('waits for min_history_days of history', async () => {
    expect(await detect({ young: [100, 101, 99, 100, 500] }, { detectors: ['robust', 'zscore'] })).toEqual(
      [],
    );
  });
});

describe('seasonal detector', () => {
  // Weekdays 100, weekends 50 (2024-01-01 is a Monday), with a wobble of period 5 so that every
  // weekday has some spread.
  const wobble = [0, 1, -1, 2, -2];
  const weekly = Array.from({ length: 76 }, (_, t) => (t % 7 >= 5 ? 50 : 100) + (wobble[t % 5] as number));

  it('compares a day with the same weekday of the weeks before', async () => {
    // Saturday 2024-03-16 (day 75) costs 85: a weekday's cost on a weekend.
    const series = [...weekly.slice(0, 75), 85];
    const found = await detect({ batch: series }, { detectors: ['seasonal'] });
    // Expected: the mean of the 6 Saturdays before (days 33..68): 52, 50, 49, 48, 51, 52.
    expect(found).toEqual([
      expect.objectContaining({
        day: day(75),
        detector: 'seasonal',
        expected: '50.333333',
        impact: '34.666667',
      }),
    ]);
    expect(found[0]?.score).toBeGreaterThan(2.6);
  });

  it('is quiet on the ordinary weekly rhythm that the robust detector alone would not understand', async () => {
    expect(await detect({ batch: weekly }, { detectors: ['seasonal', 'robust', 'zscore'] })).toEqual([]);
  });
});

describe('gates', () => {
  const spike = [...fortnight.map((v) => v + 900), 1030];

  it('a day below min_daily_cost never alerts', async () => {
    const tiny = [...fortnight.map((v) => v / 100), 5];
    expect(await detect({ tiny: tiny }, { detectors: ['robust'] })).toHaveLength(1);
    expect(await detect({ tiny: tiny }, { detectors: ['robust'], min_daily_cost: 10 })).toEqual([]);
  });

  it('nor an increase below min_impact or min_percent', async () => {
    // 1030 against 1000: score 20 (MAD 1), but +30 and +3% only.
    expect(await detect({ big: spike }, { detectors: ['robust'] })).toHaveLength(1);
    expect(await detect({ big: spike }, { detectors: ['robust'], min_impact: 50 })).toEqual([]);
    expect(await detect({ big: spike }, { detectors: ['robust'], min_percent: 10 })).toEqual([]);
    expect(await detect({ big: spike }, { detectors: ['robust'], min_percent: 3 })).toHaveLength(1);
  });
});

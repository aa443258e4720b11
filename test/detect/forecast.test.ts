/**
 * The forecast detector on a shop's daily spend: weekdays 100, weekends 65, growing 0.2% a day, with a
 * fixed wobble of up to 2% (period 5, so every weekday sees all of it). Each story changes the spend in
 * one way and says what a team should be told: nothing while it only grows, one finding of the right
 * kind when something happens, nothing from days without data.
 */
import { describe, expect, it } from 'vitest';
import { type Sensitivity, sensitivityThresholds } from '../../src/detect/settings.ts';
import { day, detect, forecastDays } from './helpers.ts';

const wobble = [0, 0.02, -0.02, 0.01, -0.01];
const cents = (n: number) => Math.round(n * 100) / 100;
/** 2024-01-01 (a Monday) to 2024-03-31. */
const shop = Array.from({ length: 91 }, (_, t) =>
  cents((t % 7 >= 5 ? 65 : 100) * 1.002 ** t * (1 + (wobble[t % 5] as number))),
);
const changed = (from: number, to: number, change: (cost: number) => number | null) =>
  shop.map((cost, t) => (t >= from && t <= to ? change(cost) : cost));
const only = (found: { day: string; kind: string }[]) => found.map((f) => [f.day, f.kind]);

describe('forecast: expected values that follow the series', () => {
  it('follows growth and the weekly rhythm: March is expected within 3%, and nothing is found', async () => {
    const days = await forecastDays({ shop });
    const march = days.filter((d) => d.day >= '2024-03-01');
    expect(march).toHaveLength(31);
    for (const d of march) {
      expect(Math.abs(d.actual / d.expected - 1), d.day).toBeLessThan(0.03);
      expect(d.low).toBeLessThan(d.actual);
      expect(d.high).toBeGreaterThan(d.actual);
    }
    expect(await detect({ shop })).toEqual([]);
    // The same-weekday mean of the weeks before lags the growth: the seasonal detector alone cries wolf.
    expect((await detect({ shop }, { detectors: ['seasonal'] })).length).toBeGreaterThan(3);
  });

  it('learns a month-start bill from the months before, and still sees a first one', async () => {
    // Jan 1, Feb 1, Mar 1 at twice the usual: by Feb 1 the history has shown it once, by Mar 1 twice.
    const monthly = shop.map((cost, t) => ([0, 31, 60].includes(t) ? cents(cost * 2) : cost));
    expect(await detect({ shop: monthly })).toEqual([]);
    const once = shop.map((cost, t) => (t === 60 ? cents(cost * 2) : cost));
    expect(only(await detect({ shop: once }))).toEqual([[day(60), 'spike']]);
  });
});

describe('forecast: kinds of change, said once', () => {
  it('a spike: one day 2.5x, expected as if nothing had happened', async () => {
    const found = await detect({ shop: changed(80, 80, (c) => cents(c * 2.5)) });
    expect(only(found)).toEqual([[day(80), 'spike']]);
    const expected = Number(found[0]?.expected);
    expect(Math.abs(expected / (shop[80] as number) - 1)).toBeLessThan(0.03);
  });

  it('a spike of three days is three findings of one spike, not a level shift', async () => {
    const found = await detect({ shop: changed(70, 72, (c) => cents(c * 3)) });
    expect(only(found)).toEqual([
      [day(70), 'spike'],
      [day(71), 'spike'],
      [day(72), 'spike'],
    ]);
  });

  it('a level shift: spend doubles for good, found once on its first day, then the new level is normal', async () => {
    const found = await detect({ shop: changed(70, 90, (c) => cents(c * 2)) });
    expect(only(found)).toEqual([[day(70), 'level_shift']]);
    // Three weeks on, the doubled spend is what is expected.
    const last = (await forecastDays({ shop: changed(70, 90, (c) => cents(c * 2)) })).at(-1);
    expect(Math.abs((last?.actual ?? 0) / (last?.expected ?? 1) - 1)).toBeLessThan(0.03);
  });

  it('spend that stops: one finding on the first day without spend, against what was expected', async () => {
    const found = await detect({ shop: changed(70, 90, () => 0) });
    expect(only(found)).toEqual([[day(70), 'stopped']]);
    expect(found[0]).toMatchObject({ actual: '0.000000000000000000', score: -100 });
    expect(Number(found[0]?.impact)).toBeCloseTo(-Number(found[0]?.expected), 6);
  });

  it('new spend: a series that appears is one finding with its first week cost', async () => {
    const fresh = shop.map((_, t) => (t < 60 ? null : 40));
    const found = await detect({ shop, fresh });
    expect(found).toEqual([
      expect.objectContaining({
        series_key: 'fresh',
        day: day(60),
        kind: 'new',
        actual: '280.000000000000000000',
      }),
    ]);
    expect(found[0]).toMatchObject({ expected: '0.000000', impact: '280.000000', score: 100 });
  });
});

describe('forecast: days without data and flat series', () => {
  it('a week the source did not deliver is no finding, and the day after it is judged normally', async () => {
    expect(await detect({ shop: changed(60, 66, () => null) })).toEqual([]);
    // Data back after the gap with a real spike: found, against the usual expectation.
    const spikeAfter = changed(60, 66, () => null).map((c, t) => (t === 67 ? cents((c as number) * 3) : c));
    expect(only(await detect({ shop: spikeAfter }))).toEqual([[day(67), 'spike']]);
  });

  it('a flat series (MAD 0) scores against a floor, and a huge jump scores the cap, not billions', async () => {
    const flat = Array<number>(91).fill(100);
    expect(await detect({ flat: [...flat, 103] })).toEqual([]);
    const found = await detect({ flat: [...flat, 1_000_000] });
    expect(found.map((f) => [f.kind, f.expected, f.score])).toEqual([['spike', '100.000000', 100]]);
  });
});

describe('forecast: sensitivity per group of series', () => {
  // A 10% rise on one day: a few spreads, so whether it is a finding is the team's choice.
  const rise = changed(80, 80, (c) => cents(c * 1.1));

  it('the sensitivity sets the threshold, in spreads', async () => {
    const score = (await forecastDays({ shop: rise })).find((d) => d.day === day(80))?.score ?? 0;
    const found = async (sensitivity: Sensitivity) => (await detect({ shop: rise }, { sensitivity })).length;
    for (const level of ['low', 'medium', 'high'] as const) {
      expect(await found(level), level).toBe(score >= sensitivityThresholds[level] ? 1 : 0);
    }
    expect(await found('high')).toBe(1);
    expect(await found('low')).toBe(0);
  });

  it('a group picked by a glob gets its own sensitivity and gates; the first match wins', async () => {
    const series = { 'Amazon EC2': rise, 'Amazon S3': rise };
    const groups = [
      { match: { service: 'Amazon S3' }, sensitivity: 'high' as const },
      { match: { service: 'Amazon EC2' }, sensitivity: 'high' as const, min_impact: 50 },
      { match: { service: 'Amazon *' }, sensitivity: 'low' as const },
    ];
    // EC2 is sensitive but only to changes of 50 or more (this one is about 10): only S3 is found.
    const found = await detect(series, { sensitivity: 'low', groups });
    expect(found.map((f) => f.series_key)).toEqual(['Amazon S3']);
  });
});

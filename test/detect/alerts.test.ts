/**
 * A team's story with anomaly alerts: a runaway instance shows up in focus.costs, the spike is found,
 * stored and alerted once (Slack and a JSON webhook, real local servers) with the instance named;
 * running again, the spike going on, and the spike ending never alert again. A sink that was down gets
 * the alert on the next run, and only that sink.
 */
import { describe, expect, it } from 'vitest';
import { incidentAlert } from '../../src/detect/alerts.ts';
import { detectAnomalies } from '../../src/detect/detect.ts';
import { notifyAnomalies } from '../../src/detect/notify.ts';
import { withDefaults } from '../../src/detect/settings.ts';
import { listFindings, storeFindings } from '../../src/detect/store.ts';
import { silentLogger } from '../../src/log.ts';
import { createSinks } from '../../src/notify/sinks.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../notify/receivers.ts';
import { appendFocusCosts, type CostRow, createFocusCosts, day, steadyRows } from './helpers.ts';

const settings = withDefaults({});
const since = day(84);

function runaway(t: number, extra = '600.00'): CostRow {
  return {
    day: day(t),
    service: 'Amazon EC2',
    resource: 'i-0bbb',
    usageType: 'BoxUsage:p4d.24xlarge',
    cost: extra,
  };
}

/** What `finops anomalies --since ... --notify` does. */
async function runOnce(w: Warehouse, slack: WebhookReceiver, hook: WebhookReceiver) {
  const sinks = createSinks(
    {
      timeout_seconds: 2,
      attempts: 2,
      sinks: [
        { type: 'slack', name: 'team-channel', url: `${slack.url}/services/T/B/token` },
        { type: 'webhook', name: 'incidents', url: `${hook.url}/finops` },
      ],
    },
    { policy: { baseDelayMs: 1, maxDelayMs: 5 } },
  );
  const run = await detectAnomalies(w, settings, { since });
  await storeFindings(w, settings, run.since);
  return notifyAnomalies(w, settings, sinks, run.since, silentLogger);
}

async function stored(w: Warehouse) {
  return (await listFindings(w, settings, since)).map((f) => ({
    day: f.day,
    service: f.service_name,
    kind: f.kind,
    status: f.status,
    resolved: f.resolved_at !== null,
  }));
}

describe('anomaly alerts', () => {
  it('alert once per spike, with the resource that caused it', async () => {
    const w = await Warehouse.open({ path: ':memory:' });
    const slack = await startWebhookReceiver();
    const hook = await startWebhookReceiver();
    // 13 quiet weeks, then on Sunday 2024-03-31 (day 90) an instance costs 600 more.
    await createFocusCosts(w, [...steadyRows(91), runaway(90)]);

    const first = await runOnce(w, slack, hook);
    expect(first.map((o) => [o.status, o.title])).toEqual([
      ['sent', 'Cost spike: Amazon EC2 in AWS account 111122223333 (prod) on 2024-03-31'],
    ]);
    expect(await stored(w)).toEqual([
      { day: day(90), service: 'Amazon EC2', kind: 'spike', status: 'alerted', resolved: false },
    ]);
    const message = slack.requests[0]?.body as { text: string };
    const summary =
      /EffectiveCost was 839\.00 USD on 2024-03-31 against ([\d.]+) USD expected \(\+([\d.]+) USD, \+([\d.]+)%; normal range ([\d.]+)-([\d.]+)\)\./.exec(
        message.text,
      );
    const [expected, impact, percent, low, high] = (summary?.slice(1) ?? []).map(Number) as number[];
    // Expected: a usual Sunday of the two instances, 120.25 + 120.75 and a wobble of a few dollars.
    expect(Math.abs((expected as number) - 241)).toBeLessThan(6);
    expect(impact).toBeCloseTo(839 - (expected as number), 2);
    expect(percent).toBeCloseTo(((impact as number) / (expected as number)) * 100, 1);
    expect(low).toBeLessThan(expected as number);
    expect(high).toBeGreaterThan(expected as number);
    expect(high).toBeLessThan(839);
    expect(message.text).toMatch(/Kind: spike/);
    expect(message.text).toMatch(/Detectors: forecast \(score \d+\.\d\)/);
    // The top contributor is the runaway instance: 600 more than its usual Sunday.
    expect(message.text).toMatch(
      /Top contributors[^\n]*\ni-0bbb {2}BoxUsage:p4d\.24xlarge: 600\.00 USD \(\+600\.00 vs 0\.00\)$/,
    );
    expect(hook.requests.map((r) => (r.body as { event: string }).event)).toEqual(['anomalies']);

    // The same data again: the same findings, no new alert.
    expect(await runOnce(w, slack, hook)).toEqual([]);
    // The spike goes on the next day: a new finding of the same incident, no new alert.
    await appendFocusCosts(w, [...steadyRows(92).slice(-3), runaway(91)]);
    const goingOn = await runOnce(w, slack, hook);
    expect(goingOn.map((o) => o.status)).toEqual(['grouped']);
    // Then costs are back to normal: the findings are resolved, and nobody is told again.
    await appendFocusCosts(w, steadyRows(96).slice(-12));
    expect(await runOnce(w, slack, hook)).toEqual([]);
    expect(await stored(w)).toEqual([
      { day: day(91), service: 'Amazon EC2', kind: 'spike', status: 'grouped', resolved: true },
      { day: day(90), service: 'Amazon EC2', kind: 'spike', status: 'alerted', resolved: true },
    ]);
    expect(slack.requests).toHaveLength(1);
    expect(hook.requests).toHaveLength(1);
    w.close();
  });

  it('a sink that was down gets the alert on the next run, the others do not get it twice', async () => {
    const w = await Warehouse.open({ path: ':memory:' });
    const slack = await startWebhookReceiver();
    const hook = await startWebhookReceiver();
    hook.replies.push(503, 503);
    await createFocusCosts(w, [...steadyRows(91), runaway(90)]);

    const failed = await runOnce(w, slack, hook);
    expect(failed.map((o) => [o.status, o.sinks.map((s) => s.status)])).toEqual([
      ['failed', ['delivered', 'failed']],
    ]);
    expect(failed[0]?.sinks[1]?.error).toBe(
      'alert sink "incidents" failed after 2 attempts: HTTP 503 status 503',
    );
    expect((await stored(w)).map((f) => f.status)).toEqual(['new']);

    const retried = await runOnce(w, slack, hook);
    expect(retried.map((o) => [o.status, o.sinks.map((s) => s.status)])).toEqual([
      ['sent', ['already delivered', 'delivered']],
    ]);
    expect(slack.requests).toHaveLength(1);
    expect(hook.requests).toHaveLength(3);
    expect((await stored(w)).map((f) => f.status)).toEqual(['alerted']);
    w.close();
  });

  it('a level shift alerts once, on its first day, and its new level is then normal', async () => {
    const w = await Warehouse.open({ path: ':memory:' });
    const slack = await startWebhookReceiver();
    const hook = await startWebhookReceiver();
    const steady = steadyRows(93);
    await createFocusCosts(
      w,
      steady.filter((r) => r.day < day(84)),
    );
    // From Monday 2024-03-25 (day 84) a third instance runs for good, and finops runs every day.
    const sent: string[] = [];
    for (let t = 84; t < 93; t++) {
      const extra = { ...runaway(t, t % 7 >= 5 ? '120.00' : '200.00'), resource: 'i-0ccc' };
      await appendFocusCosts(w, [...steady.filter((r) => r.day === day(t)), extra]);
      for (const o of await runOnce(w, slack, hook))
        if (o.status === 'sent') sent.push(`${day(t)}: ${o.title}`);
    }
    // Alerted the day it started, as a spike (a day is all there was); a week on, it is a level shift.
    expect(sent).toEqual([
      '2024-03-25: Cost spike: Amazon EC2 in AWS account 111122223333 (prod) on 2024-03-25',
    ]);
    const found = await stored(w);
    expect(found.at(-1)).toEqual({
      day: day(84),
      service: 'Amazon EC2',
      kind: 'level_shift',
      status: 'alerted',
      resolved: false,
    });
    // The days after it that were seen before the shift was clear are grouped under that one alert.
    expect(found.slice(0, -1).every((f) => f.status === 'grouped' && f.day < day(91))).toBe(true);
    expect(slack.requests).toHaveLength(1);
    w.close();
  });

  it('new and stopped spend say what they are, with a warning unless the amount is critical', () => {
    const base = {
      fingerprint: 'f',
      series_key: 'k',
      metric: 'EffectiveCost',
      provider: 'AWS',
      sub_account_id: '111122223333',
      sub_account_name: 'prod',
      service_name: 'Amazon SQS',
      tag_key: null,
      tag_value: null,
      currency: 'USD',
      day: '2024-03-04',
      detector: 'forecast',
      status: 'new' as const,
      alert_key: null,
      first_seen: '',
      alerted_at: null,
      resolved_at: null,
    };
    const fresh = incidentAlert(
      [
        {
          ...base,
          kind: 'new',
          actual: '280.00',
          expected: '0',
          expected_low: '0',
          expected_high: '0',
          impact: '280.00',
          score: 100,
        },
      ],
      { days: 1, lastDay: base.day },
      [],
      settings,
    );
    expect([fresh.severity, fresh.title, fresh.summary]).toEqual([
      'warning',
      'New spend: Amazon SQS in AWS account 111122223333 (prod) on 2024-03-04',
      'EffectiveCost of a series not seen before: 280.00 USD in its first week from 2024-03-04.',
    ]);
    const stopped = incidentAlert(
      [
        {
          ...base,
          kind: 'stopped',
          actual: '0',
          expected: '1200.00',
          expected_low: '1000.00',
          expected_high: '1400.00',
          impact: '-1200.00',
          score: -100,
        },
      ],
      { days: 1, lastDay: base.day },
      [],
      settings,
    );
    expect([stopped.severity, stopped.title, stopped.summary]).toEqual([
      'critical',
      'Spend stopped: Amazon SQS in AWS account 111122223333 (prod) on 2024-03-04',
      'EffectiveCost stopped on 2024-03-04: no spend for a week of delivered data, against 1,200.00 USD ' +
        'expected (-1,200.00 USD, -100%; normal range 1,000.00-1,400.00).',
    ]);
  });

  it('refuses to run before anything was loaded', async () => {
    const w = await Warehouse.open({ path: ':memory:' });
    await expect(detectAnomalies(w, settings)).rejects.toThrow(
      'focus.costs does not exist: nothing has been loaded yet',
    );
    w.close();
  });
});

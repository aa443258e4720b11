/**
 * A team's story with anomaly alerts: a runaway instance shows up in focus.costs, the spike is found,
 * stored and alerted once (Slack and a JSON webhook, real local servers) with the instance named;
 * running again, the spike going on, and the spike ending never alert again. A sink that was down gets
 * the alert on the next run, and only that sink.
 */
import { describe, expect, it } from 'vitest';
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
    detector: f.detector,
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
    // Newest day first, biggest impact first (the seasonal baseline is the quieter Sunday).
    expect(await stored(w)).toEqual([
      { day: day(90), service: 'Amazon EC2', detector: 'seasonal', status: 'alerted', resolved: false },
      { day: day(90), service: 'Amazon EC2', detector: 'robust', status: 'alerted', resolved: false },
    ]);
    const message = slack.requests[0]?.body as { text: string };
    // Expected: the mean of the 6 Sundays before, each 120.25 + 120.75 - 2 x 1 (the wobble).
    expect(message.text).toContain(
      'EffectiveCost was 839.00 USD on 2024-03-31 against 239.00 USD expected (+600.00 USD, +251%).',
    );
    expect(message.text).toMatch(/Detectors: (seasonal|robust) \(score \d+\.\d\), (seasonal|robust)/);
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
      { day: day(91), service: 'Amazon EC2', detector: 'robust', status: 'grouped', resolved: true },
      { day: day(91), service: 'Amazon EC2', detector: 'seasonal', status: 'grouped', resolved: true },
      { day: day(90), service: 'Amazon EC2', detector: 'seasonal', status: 'alerted', resolved: true },
      { day: day(90), service: 'Amazon EC2', detector: 'robust', status: 'alerted', resolved: true },
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
    expect((await stored(w)).map((f) => f.status)).toEqual(['new', 'new']);

    const retried = await runOnce(w, slack, hook);
    expect(retried.map((o) => [o.status, o.sinks.map((s) => s.status)])).toEqual([
      ['sent', ['already delivered', 'delivered']],
    ]);
    expect(slack.requests).toHaveLength(1);
    expect(hook.requests).toHaveLength(3);
    expect((await stored(w)).map((f) => f.status)).toEqual(['alerted', 'alerted']);
    w.close();
  });

  it('refuses to run before anything was loaded', async () => {
    const w = await Warehouse.open({ path: ':memory:' });
    await expect(detectAnomalies(w, settings)).rejects.toThrow(
      'focus.costs does not exist: nothing has been loaded yet',
    );
    w.close();
  });
});

/**
 * The Slack-compatible and JSON webhook sinks against a real HTTP server on 127.0.0.1: what arrives,
 * retries with backoff on 5xx and timeouts, no retry on a refusal, and webhook tokens kept out of
 * errors and logs.
 */
import { describe, expect, it } from 'vitest';
import type { NotifyConfig } from '../../src/config/schema.ts';
import { FinopsError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';
import { createSinks, sinksFor } from '../../src/notify/sinks.ts';
import { alert } from './alert-fixture.ts';
import { closedPort, startWebhookReceiver } from './receivers.ts';

const fast = { baseDelayMs: 5, maxDelayMs: 50 };

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string) => {
    lines.push(m);
  };
  return { lines, debug: keep, info: keep, warn: keep, error: keep };
}

function config(sinks: NotifyConfig['sinks'], overrides: Partial<NotifyConfig> = {}): NotifyConfig {
  return { timeout_seconds: 2, attempts: 4, sinks, ...overrides };
}

describe('Slack-compatible webhook', () => {
  it('posts text and Block Kit blocks with the fields and the details', async () => {
    const slack = await startWebhookReceiver();
    const [sink] = createSinks(config([{ type: 'slack', url: `${slack.url}/services/T1/B2/s3cr3t-token` }]), {
      policy: fast,
    });
    await sink?.send(alert);

    expect(slack.requests).toHaveLength(1);
    const { path, headers, body } = slack.requests[0] as {
      path: string;
      headers: Record<string, string>;
      body: { text: string; blocks: { text: { text: string }; fields?: unknown[] }[] };
    };
    expect(path).toBe('/services/T1/B2/s3cr3t-token');
    expect(headers['content-type']).toBe('application/json');
    expect(body.text).toContain('Cost spike: Amazon EC2');
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: alert.title, emoji: true },
    });
    expect(body.blocks[1]?.text.text).toMatch(/^:rotating_light: EffectiveCost was 812\.40 USD/);
    expect(body.blocks[2]?.fields).toEqual([
      { type: 'mrkdwn', text: '*Service*\nAmazon EC2' },
      { type: 'mrkdwn', text: '*Impact*\n+502.28 USD' },
    ]);
    expect(body.blocks[3]?.text.text).toContain('i-0abc  BoxUsage:c6i.xlarge');
    expect(body.blocks[4]?.text.text).toBe('<https://finops.example/anomalies|Details>');
  });

  it('retries 5xx and timeouts with backoff, then delivers once', async () => {
    const slack = await startWebhookReceiver();
    slack.replies.push(503, 500);
    slack.delays.push(0, 0, 400); // the third attempt outlasts the 200 ms timeout
    const logger = recordingLogger();
    const [sink] = createSinks(
      config([{ type: 'slack', url: `${slack.url}/services/T1/B2/s3cr3t-token` }], { timeout_seconds: 0.2 }),
      { policy: fast, logger },
    );
    await sink?.send(alert);

    expect(slack.requests).toHaveLength(4);
    expect(logger.lines).toEqual([
      expect.stringMatching(/^alert sink "slack-1": HTTP 503 status 503; retry 1\/3 in \d+ ms$/),
      expect.stringMatching(/^alert sink "slack-1": HTTP 500 status 500; retry 2\/3 in \d+ ms$/),
      expect.stringMatching(/^alert sink "slack-1": no answer within 200 ms; retry 3\/3 in \d+ ms$/),
    ]);
    expect(logger.lines.join('\n')).not.toContain('s3cr3t');
  });

  it('gives up at once on a refusal, and the error does not show the token', async () => {
    const slack = await startWebhookReceiver();
    slack.replies.push(403);
    const [sink] = createSinks(config([{ type: 'slack', url: `${slack.url}/services/T1/B2/s3cr3t-token` }]), {
      policy: fast,
    });
    const error = await sink?.send(alert).catch((e: unknown) => e);
    expect(slack.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(FinopsError);
    expect((error as Error).message).toBe('alert sink "slack-1" failed: HTTP 403 status 403');
  });

  it('reports a receiver that is down by its reason, without the URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/services/T1/B2/s3cr3t-token`;
    const [sink] = createSinks(config([{ type: 'slack', url }], { attempts: 2 }), { policy: fast });
    const error = (await sink?.send(alert).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('alert sink "slack-1" failed after 2 attempts: ECONNREFUSED');
  });
});

describe('JSON webhook', () => {
  it('posts the alert as one document, with the bearer token from the environment', async () => {
    const hook = await startWebhookReceiver();
    const sinks = createSinks(
      config([
        { type: 'webhook', name: 'pagerbridge', url_env: 'HOOK_URL', bearer_token_env: 'HOOK_TOKEN' },
        { type: 'webhook', name: 'governance-only', url: hook.url, events: ['governance'] },
      ]),
      { env: { HOOK_URL: `${hook.url}/hooks/finops?key=abc123`, HOOK_TOKEN: 'tok-123' }, policy: fast },
    );
    const forAnomalies = sinksFor(sinks, 'anomalies');
    expect(forAnomalies.map((s) => s.name)).toEqual(['pagerbridge']);
    await forAnomalies[0]?.send(alert);

    expect(hook.requests).toHaveLength(1);
    const { path, headers, body } = hook.requests[0] as {
      path: string;
      headers: Record<string, string>;
      body: unknown;
    };
    expect(path).toBe('/hooks/finops?key=abc123');
    expect(headers.authorization).toBe('Bearer tok-123');
    expect(body).toEqual({
      id: expect.stringMatching(/^finops-[0-9a-f]{32}$/),
      source: 'finops',
      event: 'anomalies',
      title: alert.title,
      summary: alert.summary,
      severity: 'critical',
      fields: alert.fields,
      lines: alert.lines,
      link: alert.link,
      sent_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it('sends a receiver too slow for the timeout every attempt with one id, so it can drop the repeats', async () => {
    const hook = await startWebhookReceiver();
    hook.delays.push(400, 400, 0); // answers after the 200 ms timeout twice: the receiver got them all
    const [sink] = createSinks(config([{ type: 'webhook', url: hook.url }], { timeout_seconds: 0.2 }), {
      policy: fast,
    });
    await sink?.send(alert);
    await sink?.send(alert); // the next run alerts the same incident again
    const ids = hook.requests.map((r) => (r.body as { id: string }).id);
    const keys = hook.requests.map((r) => r.headers['idempotency-key']);
    expect(hook.requests).toHaveLength(4);
    expect(new Set(ids).size).toBe(1);
    expect(keys).toEqual(ids);
    const other = { ...alert, title: `${alert.title} (another day)` };
    await sink?.send(other);
    expect((hook.requests[4]?.body as { id: string } | undefined)?.id).not.toBe(ids[0]);
  });

  it('names the configuration key when the environment variable is missing', () => {
    expect(() =>
      createSinks(config([{ type: 'webhook', url_env: 'NOT_SET_ANYWHERE' }]), { env: {} }),
    ).toThrow('notify.sinks.0.url_env: the environment variable NOT_SET_ANYWHERE is not set');
  });
});

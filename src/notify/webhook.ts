/**
 * Generic JSON webhook: the alert as one JSON document, for incident tools, automation and anything
 * that is not a chat. An optional bearer token (from an environment variable) is sent as Authorization.
 */
import { type Alert, alertId, type Sink } from './alert.ts';
import { deliverWithRetry } from './deliver.ts';
import { postJson } from './http.ts';
import type { WebhookSinkOptions } from './slack.ts';

export interface JsonWebhookOptions extends WebhookSinkOptions {
  bearerToken?: string;
}

/** What a JSON webhook receives. `fields` keeps its order as a list of {label, value}. */
export interface WebhookDocument {
  /** The same on every attempt and rerun of this alert: drop a document whose id you have seen. */
  id: string;
  source: 'finops';
  event: string;
  title: string;
  summary: string;
  severity: Alert['severity'];
  fields: Alert['fields'];
  lines: string[];
  link: string | null;
  sent_at: string;
}

export function jsonWebhookSink(options: JsonWebhookOptions): Sink {
  const headers: Record<string, string> = options.bearerToken
    ? { authorization: `Bearer ${options.bearerToken}` }
    : {};
  return {
    name: options.name,
    type: 'webhook',
    events: options.events,
    send: (alert) =>
      deliverWithRetry(
        { name: options.name, secrets: [options.url, options.bearerToken] },
        (signal) =>
          postJson(options.url, webhookDocument(alert), signal, {
            ...headers,
            'idempotency-key': alertId(alert),
          }),
        options.policy,
        options.logger,
      ),
  };
}

export function webhookDocument(alert: Alert): WebhookDocument {
  return {
    id: alertId(alert),
    source: 'finops',
    event: alert.kind ?? 'alert',
    title: alert.title,
    summary: alert.summary,
    severity: alert.severity,
    fields: alert.fields,
    lines: alert.lines,
    link: alert.link ?? null,
    sent_at: new Date().toISOString(),
  };
}

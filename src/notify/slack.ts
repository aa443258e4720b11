/**
 * Slack-compatible incoming webhook: `text` (the notification and fallback) plus Block Kit `blocks`
 * (header, summary, fields, details, link). Mattermost, Rocket.Chat and Discord's /slack endpoint take
 * the same payload. Slack's limits are applied here so a long alert is shortened, not refused.
 */
import type { Logger } from '../log.ts';
import { type Alert, alertText, type Severity, type Sink } from './alert.ts';
import { type DeliveryPolicy, deliverWithRetry } from './deliver.ts';
import { postJson } from './http.ts';

const icons: Record<Severity, string> = {
  info: ':information_source:',
  warning: ':warning:',
  critical: ':rotating_light:',
};

export interface WebhookSinkOptions {
  name: string;
  url: string;
  events?: readonly string[];
  policy: DeliveryPolicy;
  logger: Logger;
}

export function slackSink(options: WebhookSinkOptions): Sink {
  return {
    name: options.name,
    type: 'slack',
    events: options.events,
    send: (alert) =>
      deliverWithRetry(
        { name: options.name, secrets: [options.url] },
        (signal) => postJson(options.url, slackPayload(alert), signal),
        options.policy,
        options.logger,
      ),
  };
}

type Block = Record<string, unknown>;

export function slackPayload(alert: Alert): { text: string; blocks: Block[] } {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(alert.title, 150), emoji: true } },
    { type: 'section', text: mrkdwn(`${icons[alert.severity]} ${cut(alert.summary, 2900)}`) },
  ];
  if (alert.fields.length > 0) {
    blocks.push({
      type: 'section',
      // Slack takes at most 10 fields per section.
      fields: alert.fields.slice(0, 10).map((f) => mrkdwn(cut(`*${f.label}*\n${f.value}`, 2000))),
    });
  }
  if (alert.lines.length > 0) {
    blocks.push({ type: 'section', text: mrkdwn(cut(`\`\`\`${alert.lines.join('\n')}\`\`\``, 2990)) });
  }
  if (alert.link) blocks.push({ type: 'section', text: mrkdwn(`<${alert.link}|Details>`) });
  blocks.push({ type: 'context', elements: [mrkdwn(`finops · severity *${alert.severity}*`)] });
  return { text: cut(alertText(alert), 3900), blocks };
}

function mrkdwn(text: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text };
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

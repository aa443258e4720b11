/**
 * E-mail over SMTP with nodemailer: a plain-text body (readable in any client and in `mail` on a
 * server) and an HTML alternative with the fields as a table. The password comes from an environment
 * variable named in config.toml, never from the file itself.
 */
import type { Transporter } from 'nodemailer';
import type { Logger } from '../log.ts';
import { type Alert, alertId, alertText, type Sink } from './alert.ts';
import { DeliveryFailure, type DeliveryPolicy, deliverWithRetry } from './deliver.ts';

export interface EmailSinkOptions {
  name: string;
  host: string;
  port: number;
  /** Implicit TLS (port 465). Otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  requireTls: boolean;
  user?: string;
  password?: string;
  from: string;
  to: readonly string[];
  events?: readonly string[];
  policy: DeliveryPolicy;
  logger: Logger;
}

// Errors that say the message or the configuration is wrong: the same message would fail again.
const permanentCodes = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE', 'ECONFIG', 'EMAXRECIPIENTS', 'ENOAUTH']);

export function emailSink(options: EmailSinkOptions): Sink {
  // nodemailer loads when the first alert is sent, not with every command that reads the sinks.
  let transport: Promise<Transporter> | undefined;
  const connect = () =>
    (transport ??= import('nodemailer').then((m) =>
      m.createTransport({
        host: options.host,
        port: options.port,
        secure: options.secure,
        requireTLS: options.requireTls,
        auth: options.user ? { user: options.user, pass: options.password ?? '' } : undefined,
        connectionTimeout: options.policy.timeoutMs,
        greetingTimeout: options.policy.timeoutMs,
        socketTimeout: options.policy.timeoutMs,
      }),
    ));
  const send = async (alert: Alert) => {
    try {
      await (await connect()).sendMail({
        from: options.from,
        to: [...options.to],
        subject: `[finops] ${alert.severity}: ${alert.title}`,
        // The same Message-ID on a resend lets mail systems drop the repeat.
        messageId: `<${alertId(alert)}@finops>`,
        text: alertText(alert),
        html: alertHtml(alert),
      });
    } catch (error) {
      throw smtpFailure(error);
    }
  };
  return {
    name: options.name,
    type: 'email',
    events: options.events,
    send: (alert) =>
      deliverWithRetry(
        { name: options.name, secrets: [options.password] },
        () => send(alert),
        options.policy,
        options.logger,
      ),
  };
}

function smtpFailure(error: unknown): DeliveryFailure {
  const e = error as { code?: string; responseCode?: number; permanent?: boolean; message?: string };
  const what = [e.code, e.responseCode].filter(Boolean).join(' ');
  const message = `SMTP ${what}: ${e.message ?? String(error)}`.replace(/\s+/g, ' ');
  const permanent = e.permanent === true || (e.code !== undefined && permanentCodes.has(e.code));
  return new DeliveryFailure(message, !permanent);
}

export function alertHtml(alert: Alert): string {
  const rows = alert.fields
    .map((f) => `<tr><th align="left">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`)
    .join('');
  const lines = alert.lines.length ? `<pre>${escapeHtml(alert.lines.join('\n'))}</pre>` : '';
  const link = alert.link ? `<p><a href="${escapeHtml(alert.link)}">Details</a></p>` : '';
  return [
    `<h2>${escapeHtml(alert.title)}</h2>`,
    `<p><b>${escapeHtml(alert.severity)}</b>: ${escapeHtml(alert.summary)}</p>`,
    `<table>${rows}</table>`,
    lines,
    link,
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * What every alert sink sends, and the one interface a sink implements. Alerts are plain data so
 * anomaly detection and governance build them the same way, and each sink decides its own layout
 * (Slack blocks, a JSON document, an e-mail).
 */
import { createHash } from 'node:crypto';

export type Severity = 'info' | 'warning' | 'critical';

export interface AlertField {
  label: string;
  value: string;
}

export interface Alert {
  /** Stable across deliveries of the same alert; derived from kind and title when not given. */
  id?: string;
  /** What kind of alert this is (e.g. "anomalies"); sinks can be limited to kinds with `events`. */
  kind?: string;
  /** One line: what happened, where. */
  title: string;
  /** A sentence or two with the numbers that matter. */
  summary: string;
  severity: Severity;
  /** Labelled facts, in the order they are shown. */
  fields: AlertField[];
  /** Details, one per line (e.g. the top contributing resources). */
  lines: string[];
  /** Where to read more, when there is such a place. */
  link?: string;
}

export interface Sink {
  /** The sink's configured name (never its URL: that carries a token). */
  readonly name: string;
  readonly type: 'slack' | 'webhook' | 'email';
  /** Kinds of alert this sink takes; undefined takes every kind. */
  readonly events?: readonly string[];
  /** Delivers one alert, retrying transient failures; throws a FinopsError when it gives up. */
  send(alert: Alert): Promise<void>;
}

/** The alert as plain text: the e-mail body and the fallback text of chat messages. */
export function alertText(alert: Alert): string {
  const fields = alert.fields.map((f) => `${f.label}: ${f.value}`);
  const lines = alert.lines.length ? ['', ...alert.lines] : [];
  const link = alert.link ? ['', alert.link] : [];
  return [`[${alert.severity}] ${alert.title}`, '', alert.summary, '', ...fields, ...lines, ...link].join(
    '\n',
  );
}

/**
 * The alert's id: the same for every attempt and every run that sends this alert again, so a receiver
 * can drop repeats (a slow receiver may get an attempt it answered too late for).
 */
export function alertId(alert: Alert): string {
  if (alert.id) return alert.id;
  const hash = createHash('sha256')
    .update(`${alert.kind ?? 'alert'}\u0000${alert.title}`)
    .digest('hex');
  return `finops-${hash.slice(0, 32)}`;
}

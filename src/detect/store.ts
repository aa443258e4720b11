/**
 * Findings in the warehouse (`finops_meta.anomalies`, migrations 004 and 011): stored once per series, day and
 * detector, listed for the command's output, and marked alerted or grouped once an alert went out.
 */
import { readSql } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { runScript } from './script.ts';
import type { DetectSettings } from './settings.ts';

/** spike: a day or a few; level_shift: a step that stays; new: a series that appeared; stopped. */
export type FindingKind = 'spike' | 'level_shift' | 'new' | 'stopped';

export interface StoredFinding {
  [column: string]: string | number | null;
  fingerprint: string;
  series_key: string;
  metric: string;
  provider: string;
  sub_account_id: string;
  sub_account_name: string | null;
  service_name: string;
  tag_key: string | null;
  tag_value: string | null;
  currency: string;
  day: string;
  detector: string;
  kind: FindingKind;
  actual: string;
  expected: string;
  expected_low: string | null;
  expected_high: string | null;
  impact: string;
  score: number;
  status: 'new' | 'alerted' | 'grouped';
  alert_key: string | null;
  first_seen: string;
  alerted_at: string | null;
  resolved_at: string | null;
}

/** Stores the session's anomaly_findings (see store.sql), in one transaction. */
export async function storeFindings(w: Warehouse, settings: DetectSettings, since: string): Promise<void> {
  await w.transaction(() =>
    runScript(w, readSql(import.meta.url, 'store.sql'), {
      metric_name: settings.metric,
      tag_key: settings.tag_key ?? '',
      since,
    }),
  );
}

const columns = `fingerprint, series_key, metric, provider, sub_account_id, sub_account_name, service_name,
  tag_key, tag_value, currency, CAST(day AS VARCHAR) AS day, detector, kind, CAST(actual AS VARCHAR) AS actual,
  CAST(expected AS VARCHAR) AS expected, CAST(expected_low AS VARCHAR) AS expected_low,
  CAST(expected_high AS VARCHAR) AS expected_high, CAST(impact AS VARCHAR) AS impact, score, status, alert_key,
  CAST(first_seen AS VARCHAR) AS first_seen, CAST(alerted_at AS VARCHAR) AS alerted_at,
  CAST(resolved_at AS VARCHAR) AS resolved_at`;

/** Stored findings of this metric and tag split from `since` on: newest day first, biggest change first. */
export async function listFindings(
  w: Warehouse,
  settings: DetectSettings,
  since: string,
): Promise<StoredFinding[]> {
  return w.all<StoredFinding>(
    `SELECT ${columns} FROM finops_meta.anomalies
     WHERE metric = $metric AND coalesce(tag_key, '') = $tag_key AND day >= CAST($since AS DATE)
     ORDER BY day DESC, abs(impact) DESC, series_key, detector`,
    { metric: settings.metric, tag_key: settings.tag_key ?? '', since },
  );
}

/** Findings of the given fingerprints, in the order of the list. */
export async function findingsByFingerprint(w: Warehouse, fingerprints: string[]): Promise<StoredFinding[]> {
  if (fingerprints.length === 0) return [];
  return w.all<StoredFinding>(
    `SELECT ${columns} FROM finops_meta.anomalies WHERE list_contains($fingerprints, fingerprint)
     ORDER BY day, series_key, score DESC`,
    { fingerprints },
  );
}

/** Records that an alert went out: its head findings `alerted`, the rest of its incident `grouped`. */
export async function markAlerted(
  w: Warehouse,
  alertKey: string,
  head: string[],
  grouped: string[],
): Promise<void> {
  await w.transaction(async () => {
    await w.run(
      `UPDATE finops_meta.anomalies SET status = 'alerted', alert_key = $alertKey, alerted_at = now()
       WHERE list_contains($head, fingerprint)`,
      { alertKey, head },
    );
    await markGrouped(w, alertKey, grouped);
  });
}

/** Findings that belong to an incident whose alert was already sent. */
export async function markGrouped(w: Warehouse, alertKey: string, fingerprints: string[]): Promise<void> {
  if (fingerprints.length === 0) return;
  await w.run(
    `UPDATE finops_meta.anomalies SET status = 'grouped', alert_key = $alertKey
     WHERE list_contains($fingerprints, fingerprint) AND status = 'new'`,
    { alertKey, fingerprints },
  );
}

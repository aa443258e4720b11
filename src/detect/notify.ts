/**
 * Alerting on stored findings: each incident (incidents.sql) alerts once, through every sink that
 * takes "anomalies". Findings are marked alerted only when every sink has the alert; a sink that
 * failed is retried on the next run while the others are not sent it again (notify/dispatch.ts).
 */
import type { Logger } from '../log.ts';
import type { Sink } from '../notify/alert.ts';
import { dispatchAlert, type SinkOutcome } from '../notify/dispatch.ts';
import { readSql } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { incidentAlert, topContributors } from './alerts.ts';
import type { DetectSettings } from './settings.ts';
import { findingsByFingerprint, markAlerted, markGrouped } from './store.ts';

interface IncidentRow {
  [column: string]: string | number | boolean;
  fingerprint: string;
  series_key: string;
  lead_day: string;
  last_day: string;
  days: number;
  alert_key: string;
  already_alerted: boolean;
  is_lead: boolean;
}

export interface AlertOutcome {
  alertKey: string;
  title: string;
  /** sent: every sink has it; grouped: it joined an incident alerted before; failed: a sink failed. */
  status: 'sent' | 'grouped' | 'failed';
  findings: number;
  sinks: SinkOutcome[];
}

export async function notifyAnomalies(
  w: Warehouse,
  settings: DetectSettings,
  sinks: readonly Sink[],
  since: string,
  logger: Logger,
): Promise<AlertOutcome[]> {
  const rows = await w.all<IncidentRow>(readSql(import.meta.url, 'incidents.sql'), {
    metric: settings.metric,
    tag_key: settings.tag_key ?? '',
    group_days: settings.group_days,
    since,
  });
  const outcomes: AlertOutcome[] = [];
  for (const incident of groupBy(rows, (r) => r.alert_key)) {
    const first = incident[0] as IncidentRow;
    const fingerprints = incident.map((r) => r.fingerprint);
    if (first.already_alerted) {
      await markGrouped(w, first.alert_key, fingerprints);
      outcomes.push({
        alertKey: first.alert_key,
        title: '',
        status: 'grouped',
        findings: incident.length,
        sinks: [],
      });
      continue;
    }
    const head = incident.filter((r) => r.is_lead).map((r) => r.fingerprint);
    const headFindings = (await findingsByFingerprint(w, head)).sort((a, b) => b.score - a.score);
    const top = headFindings[0];
    if (!top) continue;
    const alert = incidentAlert(
      headFindings,
      { days: first.days, lastDay: first.last_day },
      await topContributors(w, settings, top),
      settings,
    );
    const sent = await dispatchAlert(w, first.alert_key, alert, sinks, logger);
    const ok = sent.every((s) => s.status !== 'failed');
    if (ok) {
      await markAlerted(
        w,
        first.alert_key,
        head,
        fingerprints.filter((f) => !head.includes(f)),
      );
    }
    outcomes.push({
      alertKey: first.alert_key,
      title: alert.title,
      status: ok ? 'sent' : 'failed',
      findings: incident.length,
      sinks: sent,
    });
  }
  return outcomes;
}

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups.values()];
}

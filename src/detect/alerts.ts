/**
 * An incident as an Alert for the sinks: what spiked, by how much against what was expected, which
 * detectors saw it, and the resources and usage types that made the difference.
 */
import type { Alert, Severity } from '../notify/alert.ts';
import { fillTemplate, quoteIdent, readSql } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { changePercent, describeSeries, money } from './present.ts';
import type { DetectSettings } from './settings.ts';
import type { StoredFinding } from './store.ts';

export interface Contributor {
  [column: string]: string;
  resource: string;
  usage_type: string;
  on_day: string;
  before: string;
  increase: string;
}

export interface IncidentSpan {
  /** Days with findings in the incident, and the last of them. */
  days: number;
  lastDay: string;
}

/** The top contributors to a finding's day, from focus.costs (contributors.sql). */
export async function topContributors(
  w: Warehouse,
  settings: DetectSettings,
  f: StoredFinding,
): Promise<Contributor[]> {
  if (settings.top_contributors === 0) return [];
  const sql = fillTemplate(readSql(import.meta.url, 'contributors.sql'), { metric: quoteIdent(f.metric) });
  return w.all<Contributor>(sql, {
    categories: [...settings.charge_categories],
    provider: f.provider,
    sub_account_id: f.sub_account_id,
    service_name: f.service_name,
    currency: f.currency,
    tag_key: f.tag_key ?? '',
    tag_value: f.tag_value ?? '',
    day: f.day,
    window: settings.window_days,
    limit: settings.top_contributors,
  });
}

/** `head`: the incident's first-day findings, highest score first. */
export function incidentAlert(
  head: StoredFinding[],
  span: IncidentSpan,
  contributors: Contributor[],
  settings: DetectSettings,
): Alert {
  const top = head[0] as StoredFinding;
  const pct = changePercent(top.impact, top.expected);
  const cur = top.currency;
  const detectors = head.map((f) => `${f.detector} (score ${f.score.toFixed(1)})`).join(', ');
  const later = span.days > 1 ? ` Still anomalous on ${span.days - 1} later day(s), to ${span.lastDay}.` : '';
  const resolved = top.resolved_at ? ' It has been back to normal since.' : '';
  return {
    kind: 'anomalies',
    title: `Cost spike: ${describeSeries(top)} on ${top.day}`,
    summary:
      `${top.metric} was ${money(top.actual, cur)} on ${top.day} against ${money(top.expected, cur)} expected ` +
      `(+${money(top.impact, cur)}${pct === null ? '' : `, +${pct}%`}).${later}${resolved}`,
    severity: severityOf(top, pct, settings),
    fields: [
      { label: 'Provider', value: top.provider },
      { label: 'Sub account', value: top.sub_account_name ?? top.sub_account_id },
      { label: 'Service', value: top.service_name },
      ...(top.tag_key ? [{ label: `Tag ${top.tag_key}`, value: top.tag_value ?? '' }] : []),
      { label: 'Day (UTC)', value: top.day },
      { label: 'Actual', value: money(top.actual, cur) },
      { label: 'Expected', value: money(top.expected, cur) },
      { label: 'Impact', value: `+${money(top.impact, cur)}${pct === null ? '' : ` (+${pct}%)`}` },
      { label: 'Detectors', value: detectors },
    ],
    lines: contributorLines(contributors, cur),
  };
}

function severityOf(f: StoredFinding, pct: number | null, settings: DetectSettings): Severity {
  const doubled = pct === null || pct >= 100;
  return doubled || Number(f.impact) >= settings.critical_impact ? 'critical' : 'warning';
}

function contributorLines(contributors: Contributor[], currency: string): string[] {
  if (contributors.length === 0) return [];
  return [
    'Top contributors (resource, usage type: that day, vs daily average before):',
    ...contributors.map(
      (c) =>
        `${c.resource}  ${c.usage_type}: ${money(c.on_day, currency)} ` +
        `(${c.increase.startsWith('-') ? '' : '+'}${money(c.increase)} vs ${money(c.before)})`,
    ),
  ];
}

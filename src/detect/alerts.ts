/**
 * An incident as an Alert for the sinks: what changed and how (a spike, a level shift, new or stopped
 * spend), by how much against what was expected, which detectors saw it, and the resources and usage
 * types that made the difference.
 */
import type { Alert, Severity } from '../notify/alert.ts';
import { fillTemplate, quoteIdent, readSql } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { changePercent, describeSeries, kindTitles, money } from './present.ts';
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
    direction: f.kind === 'stopped' ? -1 : 1,
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
  const change = `${signed(top.impact, cur)}${pct === null ? '' : `, ${pct > 0 ? '+' : ''}${pct}%`}`;
  return {
    kind: 'anomalies',
    title: `${kindTitles[top.kind]}: ${describeSeries(top)} on ${top.day}`,
    summary: `${summaryOf(top, cur, change)}${later}${resolved}`,
    severity: severityOf(top, pct, settings),
    fields: [
      { label: 'Provider', value: top.provider },
      { label: 'Sub account', value: top.sub_account_name ?? top.sub_account_id },
      { label: 'Service', value: top.service_name },
      ...(top.tag_key ? [{ label: `Tag ${top.tag_key}`, value: top.tag_value ?? '' }] : []),
      { label: 'Day (UTC)', value: top.day },
      { label: 'Kind', value: top.kind },
      { label: top.kind === 'new' ? 'First week' : 'Actual', value: money(top.actual, cur) },
      { label: 'Expected', value: expectedText(top, cur) },
      { label: 'Impact', value: change },
      { label: 'Detectors', value: detectors },
    ],
    lines: contributorLines(contributors, cur),
  };
}

function summaryOf(f: StoredFinding, cur: string, change: string): string {
  const range = rangeText(f);
  const against = `against ${money(f.expected, cur)} expected (${change}${range ? `; normal range ${range}` : ''})`;
  switch (f.kind) {
    case 'new':
      return `${f.metric} of a series not seen before: ${money(f.actual, cur)} in its first week from ${f.day}.`;
    case 'stopped':
      return `${f.metric} stopped on ${f.day}: no spend for a week of delivered data, ${against}.`;
    case 'level_shift':
      return `${f.metric} stepped up on ${f.day} and stayed up: ${money(f.actual, cur)} ${against}.`;
    default:
      return `${f.metric} was ${money(f.actual, cur)} on ${f.day} ${against}.`;
  }
}

/** "239.00 USD (normal range 200.10-281.50)" */
function expectedText(f: StoredFinding, cur: string): string {
  if (f.kind === 'new') return 'nothing: the series is new';
  const range = rangeText(f);
  return `${money(f.expected, cur)}${range ? ` (normal range ${range})` : ''}`;
}

/** The range a day could have taken without a finding, or '' when there is none (new spend). */
function rangeText(f: StoredFinding): string {
  if (f.expected_low === null || f.expected_high === null || f.kind === 'new') return '';
  return `${money(f.expected_low)}-${money(f.expected_high)}`;
}

function signed(amount: string, cur: string): string {
  return amount.startsWith('-') ? `-${money(amount.slice(1), cur)}` : `+${money(amount, cur)}`;
}

/** Critical: a change of critical_impact or more, or a spike or step that at least doubled the spend. */
function severityOf(f: StoredFinding, pct: number | null, settings: DetectSettings): Severity {
  const big = Math.abs(Number(f.impact)) >= settings.critical_impact;
  const rise = f.kind === 'spike' || f.kind === 'level_shift';
  const doubled = rise && (pct === null || pct >= 100);
  return big || doubled ? 'critical' : 'warning';
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

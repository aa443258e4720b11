/**
 * Alerts when a period's non-compliant (untagged or mis-tagged) spend crosses the policy's threshold,
 * through the sinks shared with anomaly alerts ([[notify.sinks]], kind "tags"). One alert per period and
 * currency: a run after a delivery failure retries only the sinks that failed (notify/dispatch.ts).
 */
import { money } from '../detect/present.ts';
import type { Logger } from '../log.ts';
import type { Alert, Sink } from '../notify/alert.ts';
import { dispatchAlert, type SinkOutcome } from '../notify/dispatch.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { compareDecimal } from './decimal.ts';
import type { TagPolicy } from './policy.ts';
import { type TagReport, untaggedSpend } from './tag-report.ts';

export const TAG_ALERT_KIND = 'tags';

export interface TagAlertOutcome {
  period: string;
  currency: string;
  cost: string;
  percent: number;
  status: 'below threshold' | 'sent' | 'failed';
  sinks: SinkOutcome[];
}

export async function alertUntaggedSpend(
  w: Warehouse,
  report: TagReport,
  policy: TagPolicy,
  sinks: readonly Sink[],
  logger: Logger,
): Promise<TagAlertOutcome[]> {
  const period = report.period;
  if (!period) return [];
  const outcomes: TagAlertOutcome[] = [];
  for (const spend of untaggedSpend(report)) {
    const base = { period, currency: spend.currency, cost: spend.cost, percent: spend.percent };
    const reasons = crossed(policy, spend);
    if (reasons.length === 0) {
      outcomes.push({ ...base, status: 'below threshold', sinks: [] });
      continue;
    }
    const alert = untaggedAlert(report, spend, reasons);
    const sent = await dispatchAlert(w, `tags:${period}:${spend.currency}`, alert, sinks, logger);
    const ok = sent.every((s) => s.status !== 'failed');
    outcomes.push({ ...base, status: ok ? 'sent' : 'failed', sinks: sent });
  }
  return outcomes;
}

function crossed(policy: TagPolicy, spend: { cost: string; percent: number; currency: string }): string[] {
  const reasons: string[] = [];
  const { maxUntaggedPercent: pct, maxUntaggedCost: cost } = policy.alert ?? {};
  if (pct !== undefined && spend.percent > pct) reasons.push(`more than ${pct}% of the spend`);
  if (cost !== undefined && compareDecimal(spend.cost, String(cost)) > 0) {
    reasons.push(`more than ${money(String(cost), spend.currency)}`);
  }
  return reasons;
}

function untaggedAlert(
  report: TagReport,
  spend: { currency: string; cost: string; percent: number; total: string },
  reasons: string[],
): Alert {
  const currency = spend.currency;
  const keys = report.keys.filter((k) => k.currency === currency).slice(0, 5);
  const resources = report.resources.filter((r) => r.currency === currency).slice(0, 5);
  return {
    kind: TAG_ALERT_KIND,
    title: `Untagged spend ${spend.percent}% of ${report.period} (${currency})`,
    summary:
      `${money(spend.cost, currency)} of ${money(spend.total, currency)} ${report.metric} in ${report.period} ` +
      `misses a required tag or carries an invalid value: ${reasons.join(' and ')}. It is routed to the unallocated owner.`,
    severity: spend.percent >= 50 ? 'critical' : 'warning',
    fields: [
      { label: 'Period', value: report.period ?? '' },
      { label: 'Untagged', value: money(spend.cost, currency) },
      { label: 'Share', value: `${spend.percent}%` },
      ...keys.map((k) => ({ label: `${k.problem} ${k.key}`, value: money(k.cost, currency) })),
    ],
    lines: resources.map((r) => `${r.name}: ${money(r.cost, currency)} (${r.violations.join(', ')})`),
  };
}

/**
 * How findings read to a person: amounts rounded to cents from their exact decimal text (no floating
 * point on money), the change in percent, the series in words.
 */
import { formatMoney } from '../format.ts';
import type { FindingKind, StoredFinding } from './store.ts';

export { groupThousands, roundDecimal } from '../format.ts';

/** An amount for a person: see formatMoney. */
export function money(text: string, currency?: string): string {
  return formatMoney(text, currency);
}

/** The increase in percent of the expected value, or null when nothing was expected. */
export function changePercent(impact: string, expected: string): number | null {
  const base = Number(expected);
  if (!(base > 0)) return null;
  return Math.round((Number(impact) / base) * 1000) / 10;
}

/** What a finding is, in words: the title of its alert. */
export const kindTitles: Record<FindingKind, string> = {
  spike: 'Cost spike',
  level_shift: 'Level shift',
  new: 'New spend',
  stopped: 'Spend stopped',
};

/** One word for where a finding stands: new, alerted, grouped (into an alert sent before), resolved. */
export function statusWord(f: Pick<StoredFinding, 'status' | 'resolved_at'>): string {
  return f.resolved_at ? 'resolved' : f.status;
}

/** "Amazon EC2 in AWS account 012345678901 (prod), team=platform" */
export function describeSeries(f: StoredFinding): string {
  const account =
    f.sub_account_name && f.sub_account_name !== f.sub_account_id
      ? `${f.sub_account_id} (${f.sub_account_name})`
      : f.sub_account_id;
  const tag = f.tag_key ? `, ${f.tag_key}=${f.tag_value}` : '';
  return `${f.service_name} in ${f.provider} account ${account}${tag}`;
}

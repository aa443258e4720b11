/**
 * How findings read to a person: amounts rounded to cents from their exact decimal text (no floating
 * point on money), the change in percent, the series in words.
 */
import type { FindingKind, StoredFinding } from './store.ts';

/** Decimal text rounded half away from zero to `digits` fractional digits: 1234.5678 -> 1234.57. */
export function roundDecimal(text: string, digits = 2): string {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return text;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const scaled = BigInt(whole + fraction.padEnd(digits, '0').slice(0, digits));
  const roundUp = (fraction[digits] ?? '0') >= '5';
  const value = (scaled + (roundUp ? 1n : 0n)).toString().padStart(digits + 1, '0');
  const text2 = digits === 0 ? value : `${value.slice(0, -digits)}.${value.slice(-digits)}`;
  return sign && /[1-9]/.test(text2) ? `-${text2}` : text2;
}

/** Thousands separators on rounded decimal text: 1234567.89 -> 1,234,567.89. */
export function groupThousands(text: string): string {
  const [whole = '', fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

export function money(text: string, currency?: string): string {
  const amount = groupThousands(roundDecimal(text));
  return currency ? `${amount} ${currency}` : amount;
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

/**
 * Billing periods are calendar months in UTC, written `YYYY-MM` everywhere a user sees them.
 */
import { usageError } from './errors.ts';

export interface BillingPeriod {
  /** `YYYY-MM` */
  label: string;
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** First day of the next month (exclusive end), `YYYY-MM-DD`. */
  end: string;
}

export function periodFromLabel(label: string): BillingPeriod {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12)
    throw usageError(`invalid billing period ${JSON.stringify(label)}`, 'use YYYY-MM');
  const year = Number(m[1]);
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return { label, start: `${label}-01`, end: `${next}-01` };
}

/** The period that starts at `date` (any ISO-ish date or compact `YYYYMMDD...`). */
export function periodOfDate(date: string): BillingPeriod {
  const m = /^(\d{4})-?(\d{2})/.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return periodFromLabel(`${m[1]}-${m[2]}`);
}

/** Consecutive periods from `first` to `last`, both included. */
export function periodRange(first: string, last: string): BillingPeriod[] {
  const out: BillingPeriod[] = [];
  for (let p = periodFromLabel(first); p.label <= last; p = periodOfDate(p.end)) out.push(p);
  return out;
}

export function inRange(label: string, start?: string, end?: string): boolean {
  return (!start || label >= start) && (!end || label <= end);
}

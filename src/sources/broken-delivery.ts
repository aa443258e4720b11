/**
 * A delivery that discovery found but cannot use (its manifest does not parse, or names no files): it
 * becomes a blocked unit that fails alone, with a ledger row, while the other deliveries still load.
 */
import type { BillingPeriod } from '../billing-period.ts';

export interface BrokenDelivery {
  period: BillingPeriod;
  manifestKey: string;
  error: unknown;
}

export const isBroken = <T extends object>(found: T | BrokenDelivery): found is BrokenDelivery =>
  'error' in found;

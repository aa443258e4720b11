/**
 * A delivery that discovery found but cannot use (a manifest that cannot be read or does not say what it must): it
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

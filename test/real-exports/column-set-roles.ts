/**
 * What the generated rows of a column set mean to each importer: the few columns whose values must agree
 * with the billing period (its start and end, the usage hour, the invoice month), or name the currency
 * and kind of charge. Every other column gets an invented value of its recorded shape. All values are
 * invented; none comes from a real file.
 */
import {
  formatTime,
  type GeneratedCsv,
  inventValue,
  monthStart,
  renderCsv,
  type ValueContext,
  type ValueRole,
} from './column-set-render.ts';
import type { ColumnSet, ColumnShape } from './column-sets.ts';

const HOUR = 3600_000;

/** A column's name for matching: the English name of a localized header (`Maßeinheit (UnitOfMeasure)`), no
 * separators, lower case (`bill/BillingPeriodStartDate` and `bill_billing_period_start_date` are one key). */
export const roleKey = (name: string) =>
  (/\(([^)]+)\)\s*$/.exec(name)?.[1] ?? name).replace(/[^A-Za-z0-9]/g, '').toLowerCase();

/** A time in the column's own date pattern (the row's pattern when the column has several). */
export function timeAs(column: ColumnShape, c: ValueContext, t: Date): string | undefined {
  const patterns = column.values.flatMap((v) => (v.kind === 'datetime' ? [v.pattern] : []));
  if (patterns.length === 0) return undefined;
  return formatTime(t, patterns[c.row % patterns.length] as string);
}

const lastDay = (period: string) => new Date(monthStart(period, 1).getTime() - 24 * HOUR);

/** AWS CUR (legacy and CUR 2.0 names): billing period, usage hours, line item type, currency. */
export function awsRole(currency: string): ValueRole {
  return (column, c) => {
    switch (roleKey(column.name)) {
      case 'billbillingperiodstartdate':
        return timeAs(column, c, monthStart(c.period));
      case 'billbillingperiodenddate':
        return timeAs(column, c, monthStart(c.period, 1));
      case 'lineitemusageenddate':
        return timeAs(column, c, new Date(c.usage.getTime() + HOUR));
      case 'lineitemcurrencycode':
      case 'pricingcurrency':
        return currency;
      case 'lineitemlineitemtype':
        return 'Usage';
      case 'billbilltype':
        return 'Anniversary';
      case 'billbillingentity':
        return 'AWS';
      case 'lineitemproductcode':
      case 'productservicecode':
        return 'AmazonEC2';
      case 'productregion':
        return 'us-east-1';
      case 'lineitemusagetype':
      case 'productusagetype':
        return 'BoxUsage:m5.large';
      case 'pricingterm':
        return 'OnDemand';
      case 'pricingunit':
        return 'Hrs';
      default:
        return undefined;
    }
  };
}

/**
 * Azure cost details (EA, MCA, CSP, the legacy pay-as-you-go usage export; any case, localized names):
 * usage date, billing and service periods, charge type, currency. `currency` undefined keeps the column's
 * own shape (koku's anonymized two-letter `BillingCurrencyCode`).
 */
export function azureRole(set: ColumnSet, currency: string | undefined): ValueRole {
  const billing = set.billingPeriodOfRows;
  // One billing currency per file: without one given, an invented code of the column's own shape.
  let own: string | undefined;
  return (column, c) => {
    switch (roleKey(column.name)) {
      case 'billingperiodstartdate':
        return timeAs(column, c, monthStart(billing ?? c.period));
      case 'billingperiodenddate':
        return timeAs(column, c, lastDay(billing ?? c.period));
      case 'serviceperiodstartdate':
      case 'exchangeratedate':
        return timeAs(column, c, monthStart(c.period));
      case 'serviceperiodenddate':
        return timeAs(column, c, lastDay(c.period));
      case 'chargetype':
        return 'Usage';
      case 'billingcurrencycode':
      case 'billingcurrency':
      case 'currency':
      case 'pricingcurrency':
        own ??= column.values[0] && inventValue(column.values[0], c);
        return currency ?? own;
      case 'exchangeratepricingtobilling':
        return column.values[0]?.kind === 'integer' ? '1' : '1.0';
      case 'publishertype':
        return 'Azure';
      case 'frequency':
        return 'UsageBased';
      case 'pricingmodel':
        return 'OnDemand';
      case 'unitofmeasure':
        return '1 Hour';
      default:
        return undefined;
    }
  };
}

/** GCP's BigQuery export as files: invoice month, usage hours, export time, currency, cost type. */
export function gcpRole(): ValueRole {
  return (column, c) => {
    switch (roleKey(column.name)) {
      case 'invoicemonth':
        return c.period.replace('-', '');
      case 'usageendtime':
        return timeAs(column, c, new Date(c.usage.getTime() + HOUR));
      case 'exporttime':
        return timeAs(column, c, new Date(c.usage.getTime() + 5 * HOUR + 123));
      case 'currency':
        return 'USD';
      case 'currencyconversionrate':
        return '1.0';
      case 'costtype':
        return 'regular';
      default:
        return undefined;
    }
  };
}

/** The rows of a column set as its provider would write them: up to `perPeriod` rows per billing period. */
export function generate(set: ColumnSet, role: ValueRole | undefined, perPeriod = 4): GeneratedCsv {
  return renderCsv(set, { perPeriod, role, seed: `${set.file}#${perPeriod}` });
}

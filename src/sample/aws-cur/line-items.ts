/**
 * Line items of one generated billing period, keyed by legacy CUR header. Commitments are consistent
 * the way AWS makes them: a Reserved Instance (partial upfront) whose DiscountedUsage rows carry the
 * amortized effective cost and whose monthly RIFee row carries the unused part; a Compute Savings Plan
 * whose covered usage is negated and whose daily recurring fee reports the used commitment. Around them:
 * on-demand and spot usage, a support fee, a credit, a refund of last month's usage, and tax.
 */

import type { BillingPeriod } from '../../billing-period.ts';
import { getOrCreate } from '../../map-cache.ts';
import { curNumber, dec, fixed, mul } from '../fixed-decimal.ts';
import type { Random } from '../random.ts';
import { accounts, payer, regions, tagValues, type UsageKind, usageKinds } from './catalog.ts';
import { v1TagColumns } from './columns.ts';

export type LineItem = Record<string, string>;

export interface PeriodSpec {
  period: BillingPeriod;
  monthIndex: number;
  /** Usage days included (a partial, earlier version of the month has fewer). */
  days: number;
  /** Target row count (approximate for the commitment rows, exact for the rest). */
  rows: number;
  /** Whether the month's invoice is issued (closed months have an invoice id). */
  invoiced: boolean;
}

const ENTITY = 'Amazon Web Services, Inc.';
const HOUR = dec('1');

interface Resource {
  id: string;
  account: (typeof accounts)[number];
  region: (typeof regions)[number];
  az: string;
  tags: Record<string, string>;
}

export class LineItemFactory {
  private readonly pools = new Map<string, Resource[]>();
  private readonly skus = new Map<string, string>();
  private readonly tagColumns: string[];

  constructor(
    private readonly random: Random,
    private readonly spec: PeriodSpec,
  ) {
    this.tagColumns = v1TagColumns(spec.monthIndex);
  }

  /** Every header of this period's files, base columns then tags. */
  headers(base: readonly string[]): string[] {
    return [...base, ...this.tagColumns];
  }

  private readonly days = new Map<number, string>();

  dayStart(day: number): string {
    return getOrCreate(this.days, day, () => {
      const ms = Date.parse(`${this.spec.period.start}T00:00:00Z`) + day * 86_400_000;
      return new Date(ms).toISOString().replace('.000Z', 'Z');
    });
  }

  private base(type: string, account: string, day: number, days = 1): LineItem {
    const start = this.dayStart(day);
    const end = this.dayStart(day + days);
    return {
      'identity/LineItemId': this.random.hex(52),
      'identity/TimeInterval': `${start}/${end}`,
      'bill/InvoiceId': this.spec.invoiced ? `${2_000_000_000 + this.spec.monthIndex * 7919}` : '',
      'bill/InvoicingEntity': ENTITY,
      'bill/BillingEntity': 'AWS',
      'bill/BillType': 'Anniversary',
      'bill/PayerAccountId': payer.id,
      'bill/BillingPeriodStartDate': `${this.spec.period.start}T00:00:00Z`,
      'bill/BillingPeriodEndDate': `${this.spec.period.end}T00:00:00Z`,
      'lineItem/UsageAccountId': account,
      'lineItem/LineItemType': type,
      'lineItem/UsageStartDate': start,
      'lineItem/UsageEndDate': end,
      'lineItem/CurrencyCode': 'USD',
      'lineItem/LegalEntity': ENTITY,
      'pricing/currency': 'USD',
    };
  }

  private resource(kind: UsageKind): Resource {
    const poolKey = `${kind.resource}:${kind.productCode}`;
    const pool = getOrCreate(this.pools, poolKey, () =>
      Array.from({ length: kind.resource === 'none' ? 1 : 24 }, () => this.newResource(kind)),
    );
    return this.random.pick(pool);
  }

  private newResource(kind: UsageKind): Resource {
    const account = this.random.pick(accounts.slice(1));
    const region = this.random.weighted(regions);
    const r = this.random;
    const ids: Record<UsageKind['resource'], string> = {
      instance: `i-0${r.hex(16)}`,
      volume: `vol-0${r.hex(16)}`,
      bucket: `acme-${r.pick(['logs', 'assets', 'backups', 'datalake'])}-${r.hex(6)}`,
      db: `arn:aws:rds:${region.code}:${account.id}:db:acme-${r.pick(['orders', 'users', 'ledger'])}-${r.hex(4)}`,
      function: `arn:aws:lambda:${region.code}:${account.id}:function:acme-${r.pick(['ingest', 'resize', 'notify'])}-${r.hex(4)}`,
      table: `arn:aws:dynamodb:${region.code}:${account.id}:table/acme-${r.pick(['sessions', 'events'])}-${r.hex(4)}`,
      cluster: `arn:aws:eks:${region.code}:${account.id}:cluster/acme-${r.pick(['main', 'batch'])}`,
      none: '',
    };
    const tags: Record<string, string> = {};
    for (const column of this.tagColumns) {
      const key = column.slice(column.indexOf(':') + 1).replace(/^.*\//, '');
      if (column === 'resourceTags/aws:createdBy')
        tags[column] = r.chance(0.4) ? `IAMUser:AIDA${r.hex(12).toUpperCase()}:deployer` : '';
      else if (column.startsWith('costCategory/')) tags[column] = r.pick(tagValues.BusinessUnit);
      else tags[column] = r.pick(tagValues[key as keyof typeof tagValues] ?? ['']);
    }
    return { id: ids[kind.resource], account, region, az: `${region.code}${r.pick(['a', 'b', 'c'])}`, tags };
  }

  private sku(kind: UsageKind, region: string): string {
    const key = `${kind.usageType}|${region}`;
    return getOrCreate(this.skus, key, () => this.random.hex(16).toUpperCase());
  }

  private readonly statics = new Map<string, LineItem>();

  /** Product and pricing columns of a usage kind on a resource. */
  private product(kind: UsageKind, res: Resource, amount: bigint, rate: bigint): LineItem {
    return {
      ...this.staticProduct(kind, res),
      'lineItem/UsageAmount': fixed(amount),
      'pricing/publicOnDemandCost': curNumber(mul(amount, rate)),
      ...normalization(kind, amount),
    };
  }

  /** The columns that never change for a (usage kind, resource) pair, built once. */
  private staticProduct(kind: UsageKind, res: Resource): LineItem {
    const key = `${kind.usageType}|${kind.productCode}|${res.id}|${res.region.code}|${res.account.id}`;
    let columns = this.statics.get(key);
    if (columns) return columns;
    const sku = this.sku(kind, res.region.code);
    const usageType = `${res.region.usagePrefix}${kind.usageType}`;
    columns = {
      'lineItem/ProductCode': kind.productCode,
      'lineItem/UsageType': usageType,
      'lineItem/Operation': kind.operation,
      'lineItem/AvailabilityZone': kind.resource === 'instance' || kind.resource === 'volume' ? res.az : '',
      'lineItem/ResourceId': res.id,
      'product/ProductName': kind.productName,
      'product/instanceType': kind.instanceType ?? '',
      'product/location': res.region.location,
      'product/productFamily': kind.productFamily,
      'product/region': res.region.code,
      'product/regionCode': res.region.code,
      'product/servicecode': kind.productCode,
      'product/sku': sku,
      'product/usagetype': usageType,
      'product/operation': kind.operation,
      'pricing/RateCode': `${sku}.JRTCKXETXF.6YS6EN2CT7`,
      'pricing/RateId': String(100_000_000 + Number.parseInt(sku.slice(0, 6), 16)),
      'pricing/publicOnDemandRate': fixed(rate(kind)),
      'pricing/term': kind.usageType.startsWith('Spot') ? '' : 'OnDemand',
      'pricing/unit': kind.unit,
      'lineItem/LineItemDescription': kind.description,
      ...res.tags,
    };
    this.statics.set(key, columns);
    return columns;
  }

  /** An on-demand or spot usage line: unblended cost = amount x public rate. */
  usage(day: number): Usage {
    const kind = this.random.weighted(usageKinds);
    const res = this.resource(kind);
    const amount = randomAmount(this.random, kind.amount);
    const r = rate(kind);
    const cost = mul(amount, r);
    const item = Object.assign(this.base('Usage', res.account.id, day), this.product(kind, res, amount, r));
    setCost(item, r, cost);
    return { item, kind, amount, rate: r };
  }

  /**
   * Turns an eligible usage line into Savings Plan covered usage plus its negation, while the day's
   * commitment lasts; returns undefined (the line stays on-demand) otherwise.
   */
  coverWithSavingsPlan(usage: Usage, sp: SavingsPlan): [LineItem, LineItem] | undefined {
    const { item, kind, amount, rate } = usage;
    const spRate = (rate * 72n) / 100n;
    const effective = mul(amount, spRate);
    if (!kind.spEligible || sp.usedToday + effective > sp.daily()) return undefined;
    item['lineItem/LineItemType'] = 'SavingsPlanCoveredUsage';
    Object.assign(item, sp.columns(), {
      'savingsPlan/SavingsPlanRate': fixed(spRate),
      'savingsPlan/SavingsPlanEffectiveCost': curNumber(effective),
    });
    const negation: LineItem = { ...item, 'identity/LineItemId': this.random.hex(52) };
    negation['lineItem/LineItemType'] = 'SavingsPlanNegation';
    negation['lineItem/LineItemDescription'] =
      `SavingsPlanNegation used by AccountId : ${item['lineItem/UsageAccountId']} and UsageSku : ${item['product/sku']}`;
    negation['savingsPlan/SavingsPlanEffectiveCost'] = '';
    negation['pricing/publicOnDemandCost'] = fixed(0n);
    setCost(negation, rate, -mul(amount, rate));
    sp.usedToday += effective;
    return [item, negation];
  }

  /** The Savings Plan's daily recurring fee, reporting what of the commitment was used that day. */
  savingsPlanFee(day: number, sp: SavingsPlan): LineItem {
    const item = this.base('SavingsPlanRecurringFee', sp.account, day);
    Object.assign(item, sp.columns(), {
      'lineItem/ProductCode': 'ComputeSavingsPlans',
      'lineItem/UsageType': 'ComputeSP:1yrNoUpfront',
      'lineItem/Operation': '',
      'lineItem/LineItemDescription': `1 year No Upfront Compute Savings Plan with ${fixed(sp.hourly)} hourly commitment`,
      'lineItem/UsageAmount': fixed(dec('24')),
      'product/ProductName': 'Savings Plans for AWS Compute usage',
      'product/sku': 'SPCOMPUTE1YRNOUPF',
      'pricing/RateCode': 'SPCOMPUTE1YRNOUPF.HOURLY',
      'pricing/unit': 'Hrs',
      'savingsPlan/TotalCommitmentToDate': fixed(sp.daily()),
      'savingsPlan/UsedCommitment': fixed(sp.usedToday),
      'savingsPlan/RecurringCommitmentForBillingPeriod': fixed(sp.daily()),
      'savingsPlan/AmortizedUpfrontCommitmentForBillingPeriod': fixed(0n),
    });
    setCost(item, sp.hourly, sp.daily());
    return item;
  }

  /** One instance-day of usage covered by the Reserved Instance. */
  reservedUsage(day: number, ri: Reservation, hours: bigint): LineItem {
    const kind = ri.kind;
    const res: Resource = { ...this.resource(kind), account: ri.accountRef, region: ri.region, az: ri.az };
    const item = Object.assign(
      this.base('DiscountedUsage', ri.account, day),
      this.product(kind, res, hours, rate(kind)),
    );
    Object.assign(item, ri.columns(), {
      'reservation/AmortizedUpfrontCostForUsage': fixed(mul(hours, ri.upfrontHourly)),
      'reservation/RecurringFeeForUsage': fixed(mul(hours, ri.recurringHourly)),
      'reservation/EffectiveCost': fixed(mul(hours, ri.upfrontHourly + ri.recurringHourly)),
      'pricing/term': 'Reserved',
      'lineItem/LineItemDescription': `USD 0.03 hourly fee per Linux/UNIX (Amazon VPC), ${kind.instanceType} reserved instance applied`,
    });
    setCost(item, 0n, 0n);
    ri.usedHours += hours;
    return item;
  }

  /** The Reserved Instance's monthly fee, carrying the unused part of the reservation. */
  reservationFee(ri: Reservation, hoursInPeriod: bigint): LineItem {
    const item = this.base('RIFee', ri.account, 0, this.spec.days);
    const reserved = hoursInPeriod * BigInt(ri.count);
    const unused = reserved - ri.usedHours;
    Object.assign(item, ri.columns(), {
      'lineItem/ProductCode': 'AmazonEC2',
      'lineItem/UsageType': `HeavyUsage:${ri.kind.instanceType}`,
      'lineItem/Operation': 'RunInstances',
      'lineItem/UsageAmount': fixed(reserved),
      'lineItem/LineItemDescription': `USD 0.03 hourly fee per Linux/UNIX (Amazon VPC), ${ri.kind.instanceType} instance`,
      'product/ProductName': 'Amazon Elastic Compute Cloud',
      'product/instanceType': ri.kind.instanceType ?? '',
      'product/region': ri.region.code,
      'product/regionCode': ri.region.code,
      'product/location': ri.region.location,
      // The reservation's instance SKU and its on-demand price: what the reserved hours would list at.
      'product/sku': this.sku(ri.kind, ri.region.code),
      'pricing/RateCode': `${this.sku(ri.kind, ri.region.code)}.RESERVED`,
      'pricing/publicOnDemandRate': fixed(rate(ri.kind)),
      'pricing/unit': 'Hrs',
      'reservation/AmortizedUpfrontFeeForBillingPeriod': fixed(mul(reserved, ri.upfrontHourly)),
      'reservation/TotalReservedUnits': fixed(reserved),
      'reservation/UnitsPerReservation': fixed(hoursInPeriod),
      'reservation/UnusedQuantity': fixed(unused),
      'reservation/UnusedRecurringFee': fixed(mul(unused, ri.recurringHourly)),
      'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod': fixed(mul(unused, ri.upfrontHourly)),
    });
    setCost(item, ri.recurringHourly, mul(reserved, ri.recurringHourly));
    return item;
  }

  /** The Reserved Instance's upfront payment, in the month it was bought. */
  reservationUpfront(ri: Reservation): LineItem {
    const item = this.base('Fee', ri.account, 0);
    Object.assign(item, ri.columns(), {
      'lineItem/ProductCode': 'AmazonEC2',
      'lineItem/UsageType': `HeavyUsage:${ri.kind.instanceType}`,
      'lineItem/UsageAmount': fixed(BigInt(ri.count) * HOUR),
      'lineItem/LineItemDescription': `Sign up charge for subscription: ${ri.subscriptionId}, planId: 2191124`,
      'product/ProductName': 'Amazon Elastic Compute Cloud',
      'product/sku': this.sku(ri.kind, ri.region.code),
      'pricing/RateCode': `${this.sku(ri.kind, ri.region.code)}.UPFRONT`,
    });
    setCost(item, ri.upfrontValue / BigInt(ri.count), ri.upfrontValue);
    return item;
  }

  fee(amount: string, productCode: string, productName: string, description: string): LineItem {
    const item = this.base('Fee', payer.id, 0, this.spec.days);
    Object.assign(item, {
      'lineItem/ProductCode': productCode,
      'lineItem/UsageType': 'Dollar',
      'lineItem/UsageAmount': fixed(HOUR),
      'lineItem/LineItemDescription': description,
      'product/ProductName': productName,
      'product/sku': `${productCode.toUpperCase()}MONTHLY`,
      'pricing/RateCode': `${productCode.toUpperCase()}MONTHLY.FEE`,
      'pricing/unit': 'Dollar',
    });
    setCost(item, dec(amount), dec(amount));
    return item;
  }

  credit(amount: string): LineItem {
    const item = this.base('Credit', payer.id, 0, this.spec.days);
    Object.assign(item, {
      'lineItem/ProductCode': 'AmazonEC2',
      'lineItem/LineItemDescription': 'AWS Activate Credits',
      'product/ProductName': 'Amazon Elastic Compute Cloud',
    });
    setCost(item, 0n, -dec(amount));
    return item;
  }

  /** A refund of usage billed in the previous month: its usage dates lie before this period. */
  refund(amount: string): LineItem {
    const item = this.base('Refund', accounts[1]?.id ?? payer.id, -3, 2);
    Object.assign(item, {
      'lineItem/ProductCode': 'AmazonEC2',
      'lineItem/UsageType': 'BoxUsage:m5.large',
      'lineItem/LineItemDescription': 'Refund for service disruption (case 12345678901)',
      'product/ProductName': 'Amazon Elastic Compute Cloud',
    });
    setCost(item, 0n, -dec(amount));
    return item;
  }

  tax(account: string, productCode: string, productName: string, amount: bigint): LineItem {
    const item = this.base('Tax', account, 0, this.spec.days);
    Object.assign(item, {
      'lineItem/ProductCode': productCode,
      'lineItem/UsageAmount': fixed(HOUR),
      'lineItem/LineItemDescription': `Tax for product code ${productCode}`,
      'lineItem/TaxType': 'Sales Tax',
      'product/ProductName': productName,
    });
    setCost(item, 0n, amount);
    return item;
  }
}

const rates = new Map<UsageKind, bigint>();

function rate(kind: UsageKind): bigint {
  return getOrCreate(rates, kind, () => dec(kind.rate));
}

function setCost(item: LineItem, rate: bigint, cost: bigint): void {
  item['lineItem/UnblendedRate'] = fixed(rate);
  item['lineItem/UnblendedCost'] = curNumber(cost);
  item['lineItem/BlendedRate'] = fixed(rate);
  item['lineItem/BlendedCost'] = curNumber(cost);
}

const factors: Record<string, string> = { 'm5.large': '4', 'c6i.xlarge': '8', 'm5.xlarge': '8' };

function normalization(kind: UsageKind, amount: bigint): LineItem {
  const factor = kind.instanceType ? factors[kind.instanceType] : undefined;
  if (!factor) return {};
  return {
    'lineItem/NormalizationFactor': factor,
    'lineItem/NormalizedUsageAmount': fixed(mul(amount, dec(factor))),
  };
}

/** A usage amount in [min, max] with four fractional digits (scaled by 10^10). */
function randomAmount(random: Random, [min, max]: [number, number]): bigint {
  const lo = Math.round(min * 10_000);
  const hi = Math.round(max * 10_000);
  const skewed = lo + Math.floor(random.next() ** 2 * (hi - lo + 1));
  return BigInt(Math.min(hi, skewed)) * 1_000_000n;
}

export interface Usage {
  item: LineItem;
  kind: UsageKind;
  amount: bigint;
  rate: bigint;
}

export class SavingsPlan {
  /** Commitment used so far on the current day (reset by the generator each day). */
  usedToday = 0n;
  readonly account = payer.id;
  readonly hourly = dec('1.5');
  readonly arn = 'arn:aws:savingsplans::123456789012:savingsplan/5e8f0c3a-1b2c-4d5e-8f90-0a1b2c3d4e5f';

  daily(): bigint {
    return this.hourly * 24n;
  }

  columns(): LineItem {
    return {
      'savingsPlan/SavingsPlanARN': this.arn,
      'savingsPlan/StartTime': '2023-06-01T00:00:00.000Z',
      'savingsPlan/EndTime': '2026-05-31T23:59:59.000Z',
      'savingsPlan/OfferingType': 'ComputeSavingsPlans',
      'savingsPlan/PaymentOption': 'No Upfront',
      'savingsPlan/PurchaseTerm': '3yr',
      'savingsPlan/Region': '',
    };
  }
}

export class Reservation {
  usedHours = 0n;
  readonly count = 2;
  readonly accountRef = accounts[1] ?? payer;
  readonly account = this.accountRef.id;
  readonly region = regions[0] as (typeof regions)[number];
  readonly az = 'us-east-1a';
  readonly kind = usageKinds[0] as UsageKind;
  /** Upfront 438.00 per instance over 8,760 hours: exactly 0.05 per hour. */
  readonly upfrontValue = dec('876');
  readonly upfrontHourly = dec('0.05');
  readonly recurringHourly = dec('0.03');
  readonly subscriptionId = '3141592653';
  readonly arn = 'arn:aws:ec2:us-east-1:012345678901:reserved-instances/7c2d4e6f-8a9b-4c1d-9e2f-3a4b5c6d7e8f';
  readonly startTime: string;

  constructor(start: string) {
    this.startTime = start;
  }

  columns(): LineItem {
    return {
      'reservation/ReservationARN': this.arn,
      'reservation/NumberOfReservations': String(this.count),
      'reservation/StartTime': this.startTime,
      'reservation/EndTime': '2025-01-01T00:00:00.000Z',
      'reservation/ModificationStatus': 'Original',
      'reservation/UpfrontValue': fixed(this.upfrontValue),
    };
  }
}

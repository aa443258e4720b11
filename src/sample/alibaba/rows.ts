/**
 * The line items of one charge day, as Alibaba's FOCUS 1.0 preview writes them: timestamps in Beijing
 * time without an offset, numeric codes for the provider columns, Tags as JSON text, and the documented
 * gaps (ChargeDescription, ConsumedQuantity/Unit, ContractedCost/UnitPrice empty; ListUnitPrice and
 * PricingUnit empty for some services). A day's rows depend only on the seed, period and day, so any
 * batch can be written again (a re-delivery) without the others.
 */
import type { BillingPeriod } from '../../billing-period.ts';
import { dec, fixed, mul } from '../fixed-decimal.ts';
import { Random } from '../random.ts';
import {
  type Region,
  regions,
  resourceGroups,
  resourceNames,
  type Service,
  type SubAccount,
  sampleAccount,
  sampleAccountName,
  sampleCodes,
  services,
  subAccounts,
  tagSets,
} from './catalog.ts';

export type TimestampStyle = 'beijing' | 'offset' | 'utc';

export const alibabaHeader = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
  'AvailabilityZone',
  'x_ProductCode',
  'x_BillingItemCode',
  'x_SubscriptionType',
  'x_ResourceGroup',
  'x_ServicePeriod',
  'x_ServicePeriodUnit',
  'x_DiscountAmount',
];

export interface Resource {
  id: string;
  name: string;
  service: Service;
  region: Region;
  zone: string;
  account: SubAccount;
  tags: string;
  group: string;
}

export interface LineItem {
  values: Record<string, string>;
  /** BilledCost in units of 1e-10. */
  billed: bigint;
}

/** The resources of a sample, fixed by its seed. */
export function sampleResources(seed: number): Resource[] {
  const r = new Random(seed ^ 0x5eed);
  return Array.from({ length: 12 }, (_, i) => {
    const service = services[i % services.length] as Service;
    const region = r.pick(regions);
    const tags = tagSets[i % tagSets.length];
    return {
      id: `${service.productCode}-${region.id}-${r.hex(12)}`,
      name: resourceNames[i % resourceNames.length] as string,
      service,
      region,
      zone: r.pick(region.zones),
      account: subAccounts[i % subAccounts.length] as SubAccount,
      tags: tags === null ? '' : JSON.stringify(tags),
      group: r.pick(resourceGroups),
    };
  });
}

export interface DayRequest {
  period: BillingPeriod;
  day: number;
  rows: number;
  seed: number;
  resources: Resource[];
  timestamps: TimestampStyle;
}

export function dayLineItems(req: DayRequest): LineItem[] {
  const r = new Random(req.seed * 7919 + Number(req.period.label.replace('-', '')) * 31 + req.day);
  const items: LineItem[] = [];
  for (let i = 0; i < req.rows; i++) items.push(usage(req, r, r.pick(req.resources)));
  if (req.day === 1) {
    for (const res of req.resources.filter((x) => x.service.subscription)) items.push(purchase(req, res));
  }
  if (req.day % 10 === 5) items.push(credit(req, r.pick(req.resources)));
  return items;
}

function common(req: DayRequest, res: Resource): Record<string, string> {
  const publisher = res.service.marketplace ? sampleCodes.marketplace : sampleCodes.provider;
  const [start, end] = [chargeDay(req.period, req.day), chargeDay(req.period, req.day + 1)];
  return {
    BillingAccountId: sampleAccount,
    BillingAccountName: sampleAccountName,
    BillingCurrency: 'USD',
    BillingPeriodStart: stamp(`${req.period.start} 00:00:00`, req.timestamps),
    BillingPeriodEnd: stamp(`${req.period.end} 00:00:00`, req.timestamps),
    ChargePeriodStart: stamp(`${start} 00:00:00`, req.timestamps),
    ChargePeriodEnd: stamp(`${end} 00:00:00`, req.timestamps),
    InvoiceIssuerName: sampleCodes.issuer,
    ProviderName: sampleCodes.provider,
    PublisherName: publisher,
    RegionId: res.region.id,
    RegionName: res.region.name,
    AvailabilityZone: res.zone,
    ResourceId: res.id,
    ResourceName: res.name,
    ResourceType: res.service.resourceType,
    ServiceCategory: res.service.category,
    ServiceName: res.service.name,
    SubAccountId: res.account.id,
    SubAccountName: res.account.name,
    Tags: res.tags,
    x_ProductCode: res.service.productCode,
    x_ResourceGroup: res.group,
  };
}

function usage(req: DayRequest, r: Random, res: Resource): LineItem {
  const s = res.service;
  const quantity = dec(String(r.int(s.quantity[0], s.quantity[1])));
  const list = round6(mul(quantity, dec(s.price)));
  const discount = round6(mul(list, dec(r.pick(['0', '0.05', '0.1', '0.2']))));
  const billed = list - discount;
  const sku = `${s.productCode}.${s.unit ? s.unit.toLowerCase() : 'traffic'}`;
  return {
    billed,
    values: {
      ...common(req, res),
      BilledCost: amount(billed),
      EffectiveCost: amount(billed),
      ListCost: amount(list),
      ListUnitPrice: s.unit ? s.price : '',
      PricingQuantity: amount(quantity),
      PricingUnit: s.unit ?? '',
      PricingCategory: 'Standard',
      ChargeCategory: 'Usage',
      ChargeFrequency: 'Usage-Based',
      SkuId: sku,
      SkuPriceId: `${sku}.${res.region.id}`,
      x_BillingItemCode: `${s.productCode}_usage`,
      x_SubscriptionType: 'PayAsYouGo',
      x_DiscountAmount: amount(discount),
    },
  };
}

function purchase(req: DayRequest, res: Resource): LineItem {
  const list = dec('38.50');
  const billed = round6(mul(list, dec('0.9')));
  return {
    billed,
    values: {
      ...common(req, res),
      ChargePeriodEnd: stamp(`${req.period.end} 00:00:00`, req.timestamps),
      BilledCost: amount(billed),
      EffectiveCost: amount(billed),
      ListCost: amount(list),
      ListUnitPrice: amount(list),
      PricingQuantity: '1',
      PricingUnit: 'Month',
      PricingCategory: 'Standard',
      ChargeCategory: 'Purchase',
      ChargeFrequency: 'Recurring',
      SkuId: `${res.service.productCode}.subscription`,
      SkuPriceId: `${res.service.productCode}.subscription.${res.region.id}`,
      x_BillingItemCode: `${res.service.productCode}_subscription`,
      x_SubscriptionType: 'Subscription',
      x_ServicePeriod: '1',
      x_ServicePeriodUnit: 'Month',
      x_DiscountAmount: amount(list - billed),
    },
  };
}

function credit(req: DayRequest, res: Resource): LineItem {
  const billed = -dec('1.2345');
  return {
    billed,
    values: {
      ...common(req, res),
      BilledCost: amount(billed),
      EffectiveCost: amount(billed),
      ListCost: '0',
      ChargeCategory: 'Credit',
      ChargeFrequency: 'One-Time',
      x_BillingItemCode: 'coupon',
      x_SubscriptionType: 'PayAsYouGo',
    },
  };
}

/** Rounds to six fractional digits (Alibaba's amounts), half away from zero. */
function round6(v: bigint): bigint {
  const unit = 10_000n;
  const abs = v < 0n ? -v : v;
  const rounded = ((abs + unit / 2n) / unit) * unit;
  return v < 0n ? -rounded : rounded;
}

/** Exact text without trailing zeros (at least two fractional digits). */
function amount(v: bigint): string {
  const [whole, fraction = ''] = fixed(v).split('.');
  return `${whole}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`;
}

/** `YYYY-MM-DD` of day `day` of the period (day count past the month's end rolls over). */
function chargeDay(period: BillingPeriod, day: number): string {
  const d = new Date(`${period.start}T00:00:00Z`);
  d.setUTCDate(day);
  return d.toISOString().slice(0, 10);
}

/** A Beijing wall-clock time written the way the style asks. */
export function stamp(local: string, style: TimestampStyle): string {
  if (style === 'beijing') return local;
  if (style === 'offset') return `${local.replace(' ', 'T')}+08:00`;
  const utc = new Date(Date.parse(`${local.replace(' ', 'T')}Z`) - 8 * 3_600_000);
  return `${utc.toISOString().slice(0, 19)}Z`;
}

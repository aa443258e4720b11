/**
 * How a sample charge is written in each export's columns: EA cost details (the older EA names:
 * `Cost`, `BillingCurrency`, `Product`, US-style dates, tags without braces), MCA cost details
 * (`costInBillingCurrency`, `billingCurrency`, `productName`, ISO dates, tags with braces), and FocusCost
 * 1.0r2 (FOCUS columns plus Microsoft's x_ extras).
 */
import { fixed, mul } from '../fixed-decimal.ts';
import type { Charge } from './rows.ts';

export type Agreement = 'ea' | 'mca';

export interface SampleScope {
  subscriptionId: string;
  subscriptionName: string;
  billingAccountId: string;
  billingAccountName: string;
  billingProfileId: string;
  billingProfileName: string;
  reservationId: string;
  reservationOrderId: string;
}

export const eaHeader = [
  'BillingAccountId',
  'BillingAccountName',
  'BillingPeriodStartDate',
  'BillingPeriodEndDate',
  'BillingProfileId',
  'BillingProfileName',
  'AccountOwnerId',
  'AccountName',
  'SubscriptionId',
  'SubscriptionName',
  'Date',
  'Product',
  'PartNumber',
  'MeterId',
  'ServiceFamily',
  'MeterCategory',
  'MeterSubCategory',
  'MeterRegion',
  'MeterName',
  'Quantity',
  'EffectivePrice',
  'Cost',
  'UnitPrice',
  'BillingCurrency',
  'ResourceLocation',
  'AvailabilityZone',
  'ConsumedService',
  'ResourceId',
  'ResourceName',
  'ServiceInfo1',
  'ServiceInfo2',
  'AdditionalInfo',
  'Tags',
  'InvoiceSectionId',
  'InvoiceSection',
  'CostCenter',
  'UnitOfMeasure',
  'ResourceGroup',
  'ReservationId',
  'ReservationName',
  'ProductOrderId',
  'ProductOrderName',
  'OfferId',
  'IsAzureCreditEligible',
  'Term',
  'PublisherName',
  'PlanName',
  'ChargeType',
  'Frequency',
  'PublisherType',
  'PayGPrice',
  'PricingModel',
  'CostAllocationRuleName',
  'benefitId',
  'benefitName',
];

export const mcaHeader = [
  'invoiceId',
  'previousInvoiceId',
  'billingAccountId',
  'billingAccountName',
  'billingProfileId',
  'billingProfileName',
  'invoiceSectionId',
  'invoiceSectionName',
  'resellerName',
  'resellerMpnId',
  'costCenter',
  'billingPeriodEndDate',
  'billingPeriodStartDate',
  'servicePeriodEndDate',
  'servicePeriodStartDate',
  'date',
  'serviceFamily',
  'productOrderId',
  'productOrderName',
  'consumedService',
  'meterId',
  'meterName',
  'meterCategory',
  'meterSubCategory',
  'meterRegion',
  'ProductId',
  'ProductName',
  'SubscriptionId',
  'subscriptionName',
  'publisherType',
  'publisherId',
  'publisherName',
  'resourceGroupName',
  'ResourceId',
  'resourceLocation',
  'location',
  'effectivePrice',
  'quantity',
  'unitOfMeasure',
  'chargeType',
  'billingCurrency',
  'pricingCurrency',
  'costInBillingCurrency',
  'costInPricingCurrency',
  'costInUsd',
  'paygCostInBillingCurrency',
  'paygCostInUsd',
  'exchangeRatePricingToBilling',
  'exchangeRateDate',
  'isAzureCreditEligible',
  'serviceInfo1',
  'serviceInfo2',
  'additionalInfo',
  'tags',
  'PayGPrice',
  'frequency',
  'term',
  'reservationId',
  'reservationName',
  'pricingModel',
  'unitPrice',
  'costAllocationRuleName',
  'benefitId',
  'benefitName',
  'provider',
];

export const focusHeader = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
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
  'SubAccountType',
  'Tags',
  'x_BillingProfileId',
  'x_BillingProfileName',
  'x_ResourceGroupName',
  'x_SkuMeterCategory',
  'x_SkuMeterSubcategory',
  'x_SkuMeterName',
  'x_SkuPartNumber',
];

const chargeType = (c: Charge) =>
  c.kind === 'purchase' ? 'Purchase' : c.kind === 'unused-reservation' ? 'UnusedReservation' : 'Usage';
const pricingModel = (c: Charge) => (c.kind === 'usage' ? 'OnDemand' : 'Reservation');
const usDate = (day: string) => `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`;
const lastDay = (day: string) =>
  new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).toISOString().slice(0, 10);

function resourceId(scope: SampleScope, c: Charge): string {
  if (c.kind === 'purchase' || c.kind === 'unused-reservation') {
    return `/providers/Microsoft.Capacity/reservationOrders/${scope.reservationOrderId}/reservations/${scope.reservationId}`;
  }
  return `/subscriptions/${scope.subscriptionId}/resourceGroups/${c.resourceGroup}/providers/${c.meter.consumedService}/${c.meter.resourceType}/${c.resource}`;
}

function benefitId(scope: SampleScope, c: Charge): string {
  return c.kind === 'usage'
    ? ''
    : `/providers/Microsoft.Capacity/reservationOrders/${scope.reservationOrderId}/reservations/${scope.reservationId}`;
}

/** EA tags: `"k": "v","k2": "v2"` (no braces), as EA cost details deliver them. */
const eaTags = (tags: Record<string, string>) =>
  Object.entries(tags)
    .map(([k, v]) => `"${k}": "${v}"`)
    .join(',');

export function detailsRecord(
  agreement: Agreement,
  scope: SampleScope,
  c: Charge,
  dataset: 'ActualCost' | 'AmortizedCost',
): string[] {
  const cost = fixed(dataset === 'ActualCost' ? c.actualCost : c.amortizedCost);
  const unitPrice = fixed(c.meter.price);
  const reserved = c.kind !== 'usage';
  const v: Record<string, string> = {
    BillingAccountId: scope.billingAccountId,
    BillingAccountName: scope.billingAccountName,
    BillingProfileId: scope.billingProfileId,
    BillingProfileName: scope.billingProfileName,
    SubscriptionId: scope.subscriptionId,
    SubscriptionName: scope.subscriptionName,
    MeterId: `00000000-0000-0000-0000-${c.meter.partNumber.replace(/\D/g, '').padStart(12, '0')}`,
    MeterCategory: c.meter.meterCategory,
    MeterSubCategory: c.meter.meterSubCategory,
    MeterName: c.meter.meterName,
    MeterRegion: 'EU West',
    ServiceFamily: c.meter.meterCategory === 'Storage' ? 'Storage' : 'Compute',
    Quantity: fixed(c.quantity),
    EffectivePrice: reserved ? '0' : unitPrice,
    Cost: cost,
    UnitPrice: c.kind === 'purchase' ? cost : unitPrice,
    Currency: 'EUR',
    ResourceLocation: 'westeurope',
    ConsumedService: c.kind === 'purchase' ? 'Microsoft.Capacity' : c.meter.consumedService,
    ResourceId: resourceId(scope, c),
    ResourceName: c.resource,
    ResourceGroup: c.kind === 'usage' || c.kind === 'reserved-usage' ? c.resourceGroup : '',
    UnitOfMeasure: c.meter.unit,
    ReservationId: reserved ? scope.reservationId : '',
    ReservationName: reserved ? 'VM_RI_D2v3_westeurope' : '',
    ProductOrderId: reserved ? scope.reservationOrderId : '',
    ProductOrderName: reserved ? 'Reserved VM Instance, Standard_D2_v3, EU West, 1 Year' : '',
    ChargeType: chargeType(c),
    Frequency: c.kind === 'purchase' ? 'Recurring' : 'UsageBased',
    PricingModel: pricingModel(c),
    PayGPrice: c.kind === 'purchase' ? '0' : unitPrice,
    benefitId: benefitId(scope, c),
    benefitName: reserved ? 'VM_RI_D2v3_westeurope' : '',
    Product: c.meter.product,
    PartNumber: c.meter.partNumber,
    PublisherType: 'Azure',
    PublisherName: 'Microsoft',
  };
  if (agreement === 'ea') {
    return eaHeader.map((h) => {
      if (h === 'BillingPeriodStartDate') return usDate(`${c.day.slice(0, 8)}01`);
      if (h === 'BillingPeriodEndDate') return usDate(lastDay(c.day));
      if (h === 'Date') return usDate(c.day);
      if (h === 'BillingCurrency') return 'EUR';
      if (h === 'Tags') return eaTags(c.tags);
      if (h === 'AdditionalInfo')
        return c.kind === 'reserved-usage'
          ? '{"ServiceType":"Standard_D2_v3","VCPUs":2,"RINormalizationRatio":1}'
          : '';
      return v[h] ?? '';
    });
  }
  return mcaHeader.map((h) => {
    const key = h.charAt(0).toUpperCase() + h.slice(1);
    if (h === 'billingPeriodStartDate') return `${c.day.slice(0, 8)}01`;
    if (h === 'billingPeriodEndDate') return lastDay(c.day);
    if (h === 'date') return c.day;
    if (h === 'billingCurrency' || h === 'pricingCurrency') return 'EUR';
    if (h === 'costInBillingCurrency' || h === 'costInPricingCurrency') return cost;
    if (h === 'exchangeRatePricingToBilling') return '1';
    if (h === 'paygCostInBillingCurrency')
      return c.kind === 'purchase' ? '0' : fixed(mul(c.quantity, c.meter.price));
    if (h === 'tags') return Object.keys(c.tags).length ? JSON.stringify(c.tags) : '';
    if (h === 'resourceGroupName') return v.ResourceGroup as string;
    if (h === 'ProductName') return c.meter.product;
    if (h === 'ProductId') return `DZH318Z0${c.meter.partNumber.replace(/\D/g, '')}`;
    if (h === 'invoiceId') return `E0${c.day.slice(2, 4)}${c.day.slice(5, 7)}00042`;
    if (h === 'provider') return 'Azure';
    return v[key] ?? v[h] ?? '';
  });
}

export function focusRecord(scope: SampleScope, c: Charge): string[] {
  const cost = fixed(c.actualCost);
  const start = `${c.day}T00:00:00Z`;
  const next = new Date(Date.parse(start) + 86_400_000).toISOString().replace('.000', '');
  const monthStart = `${c.day.slice(0, 8)}01T00:00:00Z`;
  const monthEnd = new Date(Date.parse(`${lastDay(c.day)}T00:00:00Z`) + 86_400_000)
    .toISOString()
    .replace('.000', '');
  const unit = c.meter.unit.replace(/^1 /, '');
  const v: Record<string, string> = {
    BilledCost: cost,
    BillingAccountId: scope.billingProfileId,
    BillingAccountName: scope.billingProfileName,
    BillingAccountType: 'Billing Profile',
    BillingCurrency: 'EUR',
    BillingPeriodEnd: monthEnd,
    BillingPeriodStart: monthStart,
    ChargeCategory: 'Usage',
    ChargeDescription: c.meter.product,
    ChargeFrequency: 'Usage-Based',
    ChargePeriodEnd: next,
    ChargePeriodStart: start,
    ConsumedQuantity: fixed(c.quantity),
    ConsumedUnit: unit === 'Hour' ? 'Hours' : unit,
    ContractedCost: cost,
    ContractedUnitPrice: fixed(c.meter.price),
    EffectiveCost: cost,
    InvoiceIssuerName: 'Microsoft',
    ListCost: cost,
    ListUnitPrice: fixed(c.meter.price),
    PricingCategory: 'Standard',
    PricingQuantity: fixed(c.quantity),
    PricingUnit: unit === 'Hour' ? 'Hours' : unit,
    ProviderName: 'Microsoft',
    PublisherName: 'Microsoft',
    RegionId: 'westeurope',
    RegionName: 'West Europe',
    ResourceId: resourceId(scope, c).toLowerCase(),
    ResourceName: c.resource,
    ResourceType: c.meter.meterCategory,
    ServiceCategory:
      c.meter.meterCategory === 'Storage'
        ? 'Storage'
        : c.meter.meterCategory === 'SQL Database'
          ? 'Databases'
          : c.meter.meterCategory === 'Virtual Network'
            ? 'Networking'
            : 'Compute',
    ServiceName: c.meter.meterCategory,
    SkuId: c.meter.partNumber,
    SkuPriceId: `${c.meter.partNumber}_EUR`,
    SubAccountId: scope.subscriptionId,
    SubAccountName: scope.subscriptionName,
    SubAccountType: 'Subscription',
    Tags: JSON.stringify(c.tags),
    x_BillingProfileId: scope.billingProfileId,
    x_BillingProfileName: scope.billingProfileName,
    x_ResourceGroupName: c.resourceGroup,
    x_SkuMeterCategory: c.meter.meterCategory,
    x_SkuMeterSubcategory: c.meter.meterSubCategory,
    x_SkuMeterName: c.meter.meterName,
    x_SkuPartNumber: c.meter.partNumber,
  };
  return focusHeader.map((h) => v[h] ?? '');
}

/**
 * The cost details columns (ActualCost and AmortizedCost exports) under one set of names. EA and MCA
 * exports, and older and newer versions of each, name the same thing differently (`Cost`,
 * `CostInBillingCurrency`, `costInBillingCurrency`, `PreTaxCost`); every spelling is read into the
 * canonical name below, matched ignoring case. Columns not listed are kept as text under their delivered
 * name, so nothing Azure adds is lost. Types are declared here, never sniffed: ids stay text.
 */
export type AzureColumnType = 'text' | 'decimal' | 'date';

interface ColumnSpec {
  type: AzureColumnType;
  aliases?: string[];
}

const money: ColumnSpec = { type: 'decimal' };
const text: ColumnSpec = { type: 'text' };
const date: ColumnSpec = { type: 'date' };

export const costDetailsColumns: Record<string, ColumnSpec> = {
  BillingAccountId: text,
  BillingAccountName: text,
  BillingProfileId: text,
  BillingProfileName: text,
  BillingPeriodStartDate: date,
  BillingPeriodEndDate: date,
  BillingCurrencyCode: { type: 'text', aliases: ['BillingCurrency', 'Currency'] },
  CostInBillingCurrency: { type: 'decimal', aliases: ['Cost', 'PreTaxCost'] },
  PaygCostInBillingCurrency: money,
  CostInPricingCurrency: money,
  CostInUsd: money,
  ExchangeRatePricingToBilling: money,
  PricingCurrency: { type: 'text', aliases: ['PricingCurrencyCode'] },
  SubscriptionId: { type: 'text', aliases: ['SubscriptionGuid'] },
  SubscriptionName: text,
  ResourceGroup: { type: 'text', aliases: ['ResourceGroupName'] },
  ResourceLocation: text,
  Date: { type: 'date', aliases: ['UsageDateTime', 'UsageDate'] },
  ProductName: { type: 'text', aliases: ['Product'] },
  ProductId: text,
  MeterCategory: text,
  MeterSubCategory: text,
  MeterId: text,
  MeterName: text,
  MeterRegion: text,
  UnitOfMeasure: text,
  Quantity: { type: 'decimal', aliases: ['UsageQuantity'] },
  EffectivePrice: { type: 'decimal', aliases: ['ResourceRate'] },
  UnitPrice: money,
  PayGPrice: money,
  ConsumedService: text,
  ResourceId: { type: 'text', aliases: ['InstanceId', 'InstanceName'] },
  ResourceName: text,
  Tags: text,
  AdditionalInfo: text,
  ReservationId: text,
  ReservationName: text,
  ProductOrderId: text,
  ProductOrderName: text,
  Term: text,
  PublisherType: text,
  PublisherName: text,
  PartnerName: text,
  ChargeType: text,
  Frequency: text,
  PricingModel: text,
  AvailabilityZone: text,
  InvoiceId: text,
  InvoiceSectionId: text,
  InvoiceSectionName: { type: 'text', aliases: ['InvoiceSection'] },
  CostCenter: text,
  PartNumber: text,
  ServiceFamily: text,
  BenefitId: text,
  BenefitName: text,
  AccountName: text,
  AccountOwnerId: text,
  ServiceInfo1: text,
  ServiceInfo2: text,
  OfferId: text,
  PlanName: text,
  IsAzureCreditEligible: text,
  CostAllocationRuleName: text,
};

/** Columns every cost details file must have: without them no row can be billed. */
export const requiredColumns = ['CostInBillingCurrency', 'BillingCurrencyCode', 'Date'];

/**
 * What a column the file lacks stands for. The legacy usage export (pay-as-you-go subscriptions,
 * `SubscriptionGuid`, `UsageDateTime`, `PreTaxCost`) has no ChargeType: every one of its rows is usage.
 */
export const absentMeans: Record<string, string> = { ChargeType: 'Usage' };

const byLowerName = new Map<string, string>();
for (const [name, spec] of Object.entries(costDetailsColumns)) {
  byLowerName.set(name.toLowerCase(), name);
  for (const alias of spec.aliases ?? []) byLowerName.set(alias.toLowerCase(), name);
}

export interface PlannedAzureColumn {
  header: string;
  /** Canonical name, or the header itself for a column this tool does not know. */
  name: string;
  type: AzureColumnType;
  known: boolean;
}

/**
 * Each header's column. When two headers land on one name (a file with both `Cost` and
 * `CostInBillingCurrency`), the exact canonical spelling wins and the other is kept as delivered.
 */
export function planCostDetailsHeader(headers: readonly string[]): PlannedAzureColumn[] {
  const taken = new Set<string>();
  const exact = new Set(headers.filter((h) => costDetailsColumns[h] !== undefined));
  return headers.map((header) => {
    const name = canonicalName(header);
    if (name && !taken.has(name) && (header === name || !exact.has(name))) {
      taken.add(name);
      return { header, name, type: (costDetailsColumns[name] as ColumnSpec).type, known: true };
    }
    return { header, name: header, type: 'text', known: false };
  });
}

/**
 * The canonical name of a header, ignoring case. Localized exports name each column in the portal's
 * language with the English name in parentheses (`Abonnement-GUID (SubscriptionGuid)`): that is read.
 */
function canonicalName(header: string): string | undefined {
  const english = /\(([A-Za-z0-9]+)\)\s*$/.exec(header)?.[1];
  return byLowerName.get(header.toLowerCase()) ?? (english && byLowerName.get(english.toLowerCase()));
}

/** Whether a header is FOCUS (a FocusCost export) rather than cost details. */
export function isFocusHeader(headers: readonly string[]): boolean {
  const have = new Set(headers);
  return have.has('BilledCost') && have.has('ChargePeriodStart');
}

/**
 * A small FOCUS 1.2 cost table, typed the way the warehouse stores FOCUS (String -> VARCHAR,
 * Decimal -> DECIMAL(38,10), Date/Time -> TIMESTAMPTZ, JSON -> JSON), with one row of each kind a
 * provider delivers: on-demand usage, commitment-covered usage, unused commitment, the commitment's
 * purchase, a capacity reservation, tax and a credit. Tests start from these rows and break one thing.
 */
import { quoteIdent, quoteLiteral } from '../../../src/warehouse/sql.ts';
import type { Warehouse } from '../../../src/warehouse/warehouse.ts';

type Value = string | number | null | Record<string, unknown>;
export type FocusRow = Record<string, Value>;

const decimals = [
  'BilledCost',
  'CommitmentDiscountQuantity',
  'ConsumedQuantity',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'ListCost',
  'ListUnitPrice',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
  'PricingQuantity',
];
const dateTimes = ['BillingPeriodEnd', 'BillingPeriodStart', 'ChargePeriodEnd', 'ChargePeriodStart'];
const jsons = ['SkuPriceDetails', 'Tags'];
const strings = [
  'AvailabilityZone',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'CapacityReservationId',
  'CapacityReservationStatus',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'CommitmentDiscountUnit',
  'ConsumedUnit',
  'InvoiceId',
  'InvoiceIssuerName',
  'PricingCategory',
  'PricingCurrency',
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
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'SubAccountType',
  // FOCUS 1.3 additions the warehouse carries already.
  'ServiceProviderName',
  'HostProviderName',
];

/** The warehouse's DuckDB type for each FOCUS column. */
export const focusColumnTypes: Record<string, string> = Object.fromEntries([
  ...strings.map((c) => [c, 'VARCHAR']),
  ...decimals.map((c) => [c, 'DECIMAL(38,10)']),
  ...dateTimes.map((c) => [c, 'TIMESTAMPTZ']),
  ...jsons.map((c) => [c, 'JSON']),
]);

const account: FocusRow = {
  BillingAccountId: '012345678901',
  BillingAccountName: 'Acme Corp',
  BillingAccountType: 'Management Account',
  BillingCurrency: 'USD',
  PricingCurrency: 'USD',
  BillingPeriodStart: '2024-03-01T00:00:00Z',
  BillingPeriodEnd: '2024-04-01T00:00:00Z',
  ChargePeriodStart: '2024-03-05T00:00:00Z',
  ChargePeriodEnd: '2024-03-06T00:00:00Z',
  InvoiceId: 'INV-2024-03',
  InvoiceIssuerName: 'AWS',
  ProviderName: 'AWS',
  PublisherName: 'AWS',
  ServiceProviderName: 'AWS',
  HostProviderName: 'AWS',
  SubAccountId: '111122223333',
  SubAccountName: 'production',
  SubAccountType: 'Member Account',
  RegionId: 'us-east-1',
  RegionName: 'US East (N. Virginia)',
  ServiceName: 'Amazon Elastic Compute Cloud',
  ServiceCategory: 'Compute',
  ServiceSubcategory: 'Virtual Machines',
};

/** A priced usage row: 24 hours at 0.1 list, 0.08 contracted. */
const usage: FocusRow = {
  ...account,
  ChargeCategory: 'Usage',
  ChargeClass: null,
  ChargeDescription: 'm7g.large Linux on-demand, per hour',
  ChargeFrequency: 'Usage-Based',
  AvailabilityZone: 'us-east-1a',
  ResourceId: 'i-0a1b2c3d4e5f',
  ResourceName: 'web-1',
  ResourceType: 'Virtual Machine',
  SkuId: 'SKU-M7G-LARGE',
  SkuPriceId: 'SKU-M7G-LARGE.OD',
  SkuMeter: 'Compute Usage',
  SkuPriceDetails: { CoreCount: 2, x_InstanceFamily: 'm7g' },
  PricingCategory: 'Standard',
  PricingUnit: 'Hours',
  PricingQuantity: 24,
  ListUnitPrice: 0.1,
  ListCost: 2.4,
  ContractedUnitPrice: 0.08,
  ContractedCost: 1.92,
  BilledCost: 1.92,
  EffectiveCost: 1.92,
  PricingCurrencyListUnitPrice: 0.1,
  PricingCurrencyContractedUnitPrice: 0.08,
  PricingCurrencyEffectiveCost: 1.92,
  ConsumedQuantity: 24,
  ConsumedUnit: 'Hours',
  Tags: { env: 'prod', team: 'web' },
};

const commitment: FocusRow = {
  CommitmentDiscountId: 'ri-0123',
  CommitmentDiscountName: 'web reserved instances',
  CommitmentDiscountCategory: 'Usage',
  CommitmentDiscountType: 'Reserved Instance',
  CommitmentDiscountUnit: 'Hours',
};

export const conformantRows: FocusRow[] = [
  usage,
  {
    ...usage,
    ...commitment,
    ResourceId: 'i-0f9e8d7c',
    CommitmentDiscountStatus: 'Used',
    CommitmentDiscountQuantity: 24,
    PricingCategory: 'Committed',
    BilledCost: 0,
    EffectiveCost: 1.2,
    PricingCurrencyEffectiveCost: 1.2,
  },
  {
    ...usage,
    ...commitment,
    ResourceId: 'ri-0123',
    ResourceName: null,
    ResourceType: 'Reserved Instance',
    CommitmentDiscountStatus: 'Unused',
    CommitmentDiscountQuantity: 4,
    PricingCategory: 'Committed',
    PricingQuantity: 4,
    ListCost: 0.4,
    ContractedCost: 0.32,
    BilledCost: 0,
    EffectiveCost: 0.2,
    PricingCurrencyEffectiveCost: 0.2,
    ConsumedQuantity: null,
    ConsumedUnit: null,
  },
  {
    ...usage,
    ...commitment,
    ChargeCategory: 'Purchase',
    ChargeFrequency: 'One-Time',
    ChargeDescription: 'Reserved instance, all upfront, 1 year',
    ResourceId: 'ri-0123',
    ResourceName: null,
    ResourceType: 'Reserved Instance',
    AvailabilityZone: null,
    CommitmentDiscountQuantity: 8760,
    PricingCategory: 'Committed',
    SkuPriceId: 'SKU-M7G-LARGE.RI',
    SkuPriceDetails: null,
    PricingUnit: 'Units',
    PricingQuantity: 1,
    ListUnitPrice: 600,
    ListCost: 600,
    ContractedUnitPrice: 438,
    ContractedCost: 438,
    BilledCost: 438,
    EffectiveCost: 0,
    PricingCurrencyListUnitPrice: 600,
    PricingCurrencyContractedUnitPrice: 438,
    PricingCurrencyEffectiveCost: 0,
    ConsumedQuantity: null,
    ConsumedUnit: null,
  },
  {
    ...usage,
    ResourceId: 'i-0c0ffee',
    CapacityReservationId: 'cr-0456',
    CapacityReservationStatus: 'Used',
  },
  {
    ...account,
    ChargeCategory: 'Tax',
    ChargeClass: null,
    ChargeDescription: 'Sales tax',
    ServiceName: 'Tax',
    ServiceCategory: 'Other',
    ServiceSubcategory: 'Other (Other)',
    ChargeFrequency: 'Recurring',
    ListCost: 0.19,
    ContractedCost: 0.19,
    BilledCost: 0.19,
    EffectiveCost: 0.19,
    PricingCurrencyEffectiveCost: 0.19,
  },
  {
    ...account,
    ChargeCategory: 'Credit',
    ChargeClass: null,
    ChargeDescription: 'Promotional credit',
    ServiceName: 'AWS Promotional Credits',
    ServiceCategory: 'Other',
    ServiceSubcategory: 'Other (Other)',
    ChargeFrequency: 'One-Time',
    ListCost: -5,
    ContractedCost: -5,
    BilledCost: -5,
    EffectiveCost: -5,
    PricingCurrencyEffectiveCost: -5,
  },
];

/** Creates `table` with every FOCUS column (minus `drop`) and inserts `rows`; absent keys are NULL. */
export async function createFocusTable(
  w: Warehouse,
  table: string,
  rows: FocusRow[],
  options: { drop?: string[]; types?: Record<string, string> } = {},
): Promise<void> {
  const types = { ...focusColumnTypes, ...options.types };
  const columns = Object.keys(types).filter((c) => !options.drop?.includes(c));
  const definitions = columns.map((c) => `${quoteIdent(c)} ${types[c]}`).join(', ');
  await w.run(`CREATE OR REPLACE TABLE ${table} (${definitions})`);
  if (rows.length === 0) return;
  const values = rows.map(
    (row) => `(${columns.map((c) => sqlValue(row[c] ?? null, types[c] ?? 'VARCHAR')).join(', ')})`,
  );
  await w.run(`INSERT INTO ${table} VALUES ${values.join(',\n')}`);
}

function sqlValue(value: Value, type: string): string {
  if (value === null) return 'NULL';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `CAST(${quoteLiteral(text)} AS ${type})`;
}

/**
 * The FOCUS Cost and Usage columns as data: type, feature level, nullability, the version that
 * introduced each one, allowed values, and deprecations. The warehouse table, the native importer's
 * version detection and upgrades, and the docs are all derived from this one list (transcribed from the
 * FOCUS specification 1.0-1.3, CC BY 4.0, via ../shared/reference/focus_columns.md).
 */
export type FocusType = 'String' | 'Decimal' | 'DateTime' | 'JSON';
export type FeatureLevel = 'Mandatory' | 'Conditional' | 'Recommended' | 'Optional';
export type FocusVersion = '1.0' | '1.1' | '1.2' | '1.3';

export const focusVersions: FocusVersion[] = ['1.0', '1.1', '1.2', '1.3'];

export interface FocusColumn {
  name: string;
  type: FocusType;
  /** Feature level in 1.3 (1.2 where the column exists there). */
  level: FeatureLevel;
  nullable: boolean;
  /** First released version that has the column (pre-1.0 columns count as 1.0). */
  introduced: FocusVersion;
  allowed?: readonly string[];
  deprecated?: string;
}

const c = (
  name: string,
  type: FocusType,
  level: FeatureLevel,
  nullable: boolean,
  introduced: FocusVersion,
  extra: Partial<FocusColumn> = {},
): FocusColumn => ({ name, type, level, nullable, introduced, ...extra });

export const serviceCategories = [
  'AI and Machine Learning',
  'Analytics',
  'Business Applications',
  'Compute',
  'Databases',
  'Developer Tools',
  'Multicloud',
  'Identity',
  'Integration',
  'Internet of Things',
  'Management and Governance',
  'Media',
  'Migration',
  'Mobile',
  'Networking',
  'Security',
  'Storage',
  'Web',
  'Other',
] as const;

/** FOCUS 1.2 ServiceSubcategory values by parent ServiceCategory. */
export const serviceSubcategories: Record<(typeof serviceCategories)[number], readonly string[]> = {
  'AI and Machine Learning': [
    'AI Platforms',
    'Bots',
    'Generative AI',
    'Machine Learning',
    'Natural Language Processing',
  ],
  Analytics: [
    'Analytics Platforms',
    'Business Intelligence',
    'Data Processing',
    'Search',
    'Streaming Analytics',
  ],
  'Business Applications': ['Productivity and Collaboration'],
  Compute: ['Containers', 'End User Computing', 'Quantum Compute', 'Serverless Compute', 'Virtual Machines'],
  Databases: [
    'Caching',
    'Data Warehouses',
    'Ledger Databases',
    'NoSQL Databases',
    'Relational Databases',
    'Time Series Databases',
  ],
  'Developer Tools': [
    'Developer Platforms',
    'Continuous Integration and Deployment',
    'Development Environments',
    'Source Code Management',
    'Quality Assurance',
  ],
  Identity: ['Identity and Access Management'],
  Integration: ['API Management', 'Messaging', 'Workflow Orchestration'],
  'Internet of Things': ['IoT Analytics', 'IoT Platforms'],
  'Management and Governance': [
    'Architecture',
    'Compliance',
    'Cost Management',
    'Data Governance',
    'Disaster Recovery',
    'Endpoint Management',
    'Observability',
    'Support',
  ],
  Media: ['Content Creation', 'Gaming', 'Media Streaming', 'Mixed Reality'],
  Migration: ['Data Migration', 'Resource Migration'],
  Mobile: [],
  Multicloud: ['Multicloud Integration'],
  Networking: [
    'Application Networking',
    'Content Delivery',
    'Network Connectivity',
    'Network Infrastructure',
    'Network Routing',
    'Network Security',
  ],
  Security: ['Secret Management', 'Security Posture Management', 'Threat Detection and Response'],
  Storage: ['Backup Storage', 'Block Storage', 'File Storage', 'Object Storage', 'Storage Platforms'],
  Web: ['Application Platforms'],
  Other: [],
};

/** Every allowed ServiceSubcategory, each category's "Other (<Category>)" included. */
export const allServiceSubcategories: string[] = Object.entries(serviceSubcategories).flatMap(
  ([category, subs]) => [...subs, `Other (${category})`],
);

export const focusColumns: readonly FocusColumn[] = [
  c('AllocatedMethodDetails', 'JSON', 'Recommended', true, '1.3'),
  c('AllocatedMethodId', 'String', 'Conditional', true, '1.3'),
  c('AllocatedResourceId', 'String', 'Conditional', true, '1.3'),
  c('AllocatedResourceName', 'String', 'Conditional', true, '1.3'),
  c('AllocatedTags', 'JSON', 'Conditional', true, '1.3'),
  c('AvailabilityZone', 'String', 'Recommended', true, '1.0'),
  c('BilledCost', 'Decimal', 'Mandatory', false, '1.0'),
  c('BillingAccountId', 'String', 'Mandatory', false, '1.0'),
  c('BillingAccountName', 'String', 'Mandatory', true, '1.0'),
  c('BillingAccountType', 'String', 'Conditional', true, '1.2'),
  c('BillingCurrency', 'String', 'Mandatory', false, '1.0'),
  c('BillingPeriodEnd', 'DateTime', 'Mandatory', false, '1.0'),
  c('BillingPeriodStart', 'DateTime', 'Mandatory', false, '1.0'),
  c('CapacityReservationId', 'String', 'Conditional', true, '1.1'),
  c('CapacityReservationStatus', 'String', 'Conditional', true, '1.1', { allowed: ['Used', 'Unused'] }),
  c('ChargeCategory', 'String', 'Mandatory', false, '1.0', {
    allowed: ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'],
  }),
  c('ChargeClass', 'String', 'Mandatory', true, '1.0', { allowed: ['Correction'] }),
  c('ChargeDescription', 'String', 'Mandatory', true, '1.0'),
  c('ChargeFrequency', 'String', 'Recommended', false, '1.0', {
    allowed: ['One-Time', 'Recurring', 'Usage-Based'],
  }),
  c('ChargePeriodEnd', 'DateTime', 'Mandatory', false, '1.0'),
  c('ChargePeriodStart', 'DateTime', 'Mandatory', false, '1.0'),
  c('CommitmentDiscountCategory', 'String', 'Conditional', true, '1.0', { allowed: ['Spend', 'Usage'] }),
  c('CommitmentDiscountId', 'String', 'Conditional', true, '1.0'),
  c('CommitmentDiscountName', 'String', 'Conditional', true, '1.0'),
  c('CommitmentDiscountQuantity', 'Decimal', 'Conditional', true, '1.1'),
  c('CommitmentDiscountStatus', 'String', 'Conditional', true, '1.0', { allowed: ['Used', 'Unused'] }),
  c('CommitmentDiscountType', 'String', 'Conditional', true, '1.0'),
  c('CommitmentDiscountUnit', 'String', 'Conditional', true, '1.1'),
  c('ConsumedQuantity', 'Decimal', 'Conditional', true, '1.0'),
  c('ConsumedUnit', 'String', 'Conditional', true, '1.0'),
  c('ContractApplied', 'JSON', 'Conditional', true, '1.3'),
  c('ContractedCost', 'Decimal', 'Mandatory', false, '1.0'),
  c('ContractedUnitPrice', 'Decimal', 'Conditional', true, '1.0'),
  c('EffectiveCost', 'Decimal', 'Mandatory', false, '1.0'),
  c('HostProviderName', 'String', 'Mandatory', false, '1.3'),
  c('InvoiceId', 'String', 'Recommended', true, '1.2'),
  c('InvoiceIssuerName', 'String', 'Mandatory', false, '1.0'),
  c('ListCost', 'Decimal', 'Mandatory', false, '1.0'),
  c('ListUnitPrice', 'Decimal', 'Conditional', true, '1.0'),
  c('PricingCategory', 'String', 'Conditional', true, '1.0', {
    allowed: ['Standard', 'Dynamic', 'Committed', 'Other'],
  }),
  c('PricingCurrency', 'String', 'Conditional', true, '1.2'),
  c('PricingCurrencyContractedUnitPrice', 'Decimal', 'Conditional', true, '1.2'),
  c('PricingCurrencyEffectiveCost', 'Decimal', 'Conditional', true, '1.2'),
  c('PricingCurrencyListUnitPrice', 'Decimal', 'Conditional', true, '1.2'),
  c('PricingQuantity', 'Decimal', 'Mandatory', true, '1.0'),
  c('PricingUnit', 'String', 'Mandatory', true, '1.0'),
  c('ProviderName', 'String', 'Mandatory', false, '1.0', {
    deprecated: 'replaced by ServiceProviderName in 1.3',
  }),
  c('PublisherName', 'String', 'Mandatory', false, '1.0', { deprecated: 'deprecated in 1.3' }),
  c('RegionId', 'String', 'Conditional', true, '1.0'),
  c('RegionName', 'String', 'Conditional', true, '1.0'),
  c('ResourceId', 'String', 'Conditional', true, '1.0'),
  c('ResourceName', 'String', 'Conditional', true, '1.0'),
  c('ResourceType', 'String', 'Conditional', true, '1.0'),
  c('ServiceCategory', 'String', 'Mandatory', false, '1.0', { allowed: serviceCategories }),
  c('ServiceName', 'String', 'Mandatory', false, '1.0'),
  c('ServiceProviderName', 'String', 'Mandatory', false, '1.3'),
  c('ServiceSubcategory', 'String', 'Recommended', false, '1.1', { allowed: allServiceSubcategories }),
  c('SkuId', 'String', 'Conditional', true, '1.0'),
  c('SkuMeter', 'String', 'Conditional', true, '1.1'),
  c('SkuPriceDetails', 'JSON', 'Conditional', true, '1.1'),
  c('SkuPriceId', 'String', 'Conditional', true, '1.0'),
  c('SubAccountId', 'String', 'Conditional', true, '1.0'),
  c('SubAccountName', 'String', 'Conditional', true, '1.0'),
  c('SubAccountType', 'String', 'Conditional', true, '1.2'),
  c('Tags', 'JSON', 'Conditional', true, '1.0'),
];

const order = (v: FocusVersion) => focusVersions.indexOf(v);

/** The columns a dataset of `version` has. */
export function columnsOf(version: FocusVersion): FocusColumn[] {
  return focusColumns.filter((col) => order(col.introduced) <= order(version));
}

export function focusColumn(name: string): FocusColumn | undefined {
  return focusColumns.find((col) => col.name === name);
}

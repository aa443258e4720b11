/**
 * What the Alibaba sample bills: a payer account with member accounts (one id with a leading zero, names
 * with commas and quotes), services with FOCUS categories and units, regions, and resources whose names
 * and tags exercise CSV quoting (commas, quotes, line breaks) and tag keys spelt every which way.
 *
 * The numeric codes in ProviderName / PublisherName / InvoiceIssuerName are made up: Alibaba does not
 * publish its codes, only that the preview writes codes there. `sampleNames` is the config that names them.
 */
export const sampleAccount = '5012345678901234';
export const sampleAccountName = 'acme-billing@example.com';
export const sampleSite = '26842';

export const sampleCodes = { provider: '26842', issuer: '1011', marketplace: '5372810' } as const;

/** `[alibaba.names]` for the sample's codes (the provider's own code needs none: provider_name covers it). */
export const sampleNames: Record<string, string> = {
  [sampleCodes.issuer]: 'Alibaba Cloud (Singapore) Private Limited',
  [sampleCodes.marketplace]: 'Nimbus Software Ltd.',
};

export interface SubAccount {
  id: string;
  name: string;
}

export const subAccounts: SubAccount[] = [
  { id: '1234567890123456', name: 'Acme, Inc. (production)' },
  { id: '0023456789012345', name: 'Dev "sandbox" team' },
  { id: '1876543210987654', name: 'data-platform' },
];

export interface Service {
  name: string;
  category: string;
  productCode: string;
  resourceType: string;
  /** Pricing unit as delivered; null where the preview leaves it empty. */
  unit: string | null;
  /** List price per unit, exact decimal text. */
  price: string;
  /** Typical daily quantity range. */
  quantity: [number, number];
  /** Sold by a marketplace publisher rather than Alibaba Cloud itself. */
  marketplace?: boolean;
  /** Also sold as a monthly subscription (a Purchase on the 1st). */
  subscription?: boolean;
}

export const services: Service[] = [
  {
    name: 'Elastic Compute Service',
    category: 'Compute',
    productCode: 'ecs',
    resourceType: 'ECS instance',
    unit: 'Hour',
    price: '0.0730',
    quantity: [4, 24],
    subscription: true,
  },
  {
    name: 'Object Storage Service',
    category: 'Storage',
    productCode: 'oss',
    resourceType: 'OSS bucket',
    unit: 'GB',
    price: '0.0006',
    quantity: [50, 4000],
  },
  {
    name: 'ApsaraDB RDS for MySQL',
    category: 'Databases',
    productCode: 'rds',
    resourceType: 'RDS instance',
    unit: 'Hour',
    price: '0.1210',
    quantity: [12, 24],
  },
  {
    name: 'Alibaba Cloud CDN',
    category: 'Networking',
    productCode: 'cdn',
    resourceType: 'CDN domain',
    unit: null,
    price: '0.0400',
    quantity: [5, 900],
  },
  {
    name: 'Server Load Balancer',
    category: 'Networking',
    productCode: 'slb',
    resourceType: 'SLB instance',
    unit: 'Hour',
    price: '0.0080',
    quantity: [24, 24],
  },
  {
    name: 'Nimbus Firewall (Marketplace)',
    category: 'Security',
    productCode: 'market',
    resourceType: 'Marketplace image',
    unit: 'Hour',
    price: '0.0250',
    quantity: [24, 24],
    marketplace: true,
  },
];

export interface Region {
  id: string;
  name: string;
  zones: string[];
}

export const regions: Region[] = [
  { id: 'cn-hangzhou', name: 'China (Hangzhou)', zones: ['cn-hangzhou-h', 'cn-hangzhou-i'] },
  { id: 'cn-shanghai', name: 'China (Shanghai)', zones: ['cn-shanghai-l'] },
  { id: 'ap-southeast-1', name: 'Singapore', zones: ['ap-southeast-1a', 'ap-southeast-1c'] },
  { id: 'eu-central-1', name: 'Germany (Frankfurt)', zones: ['eu-central-1a'] },
];

/** Resource names users really give: commas, quotes, a line break. */
export const resourceNames = [
  'web-01',
  'api, "blue" pool',
  'batch worker\nnight shift',
  'db-primary',
  'static assets',
  'edge,cache',
];

export const resourceGroups = ['rg-default', 'rg-"shared", platform', 'rg-data'];

/** Delivered Tags objects: the same keys in several spellings, one key twice, Alibaba's own acs: keys. */
export const tagSets: (Record<string, string> | null)[] = [
  { Environment: 'prod', Project: 'atlas', 'acs:ecs:payType': 'PostPaid' },
  { environment: 'dev', project: 'atlas', Owner: 'li.wei@example.com' },
  { ENVIRONMENT: 'staging', CostCenter: 'cc-100', Application: 'checkout, "v2"' },
  { 'Cost Center': 'cc-200', brand: 'Nimbus', Team: 'edge' },
  { Environment: 'prod', environment: 'dev', cost_center: 'cc-300' },
  {},
  null,
];

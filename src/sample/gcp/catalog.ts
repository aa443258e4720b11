/**
 * What the sample GCP billing account runs: projects (with labels and a folder ancestry), and SKUs with
 * their units and list prices in micro-dollars per pricing unit. Names follow the real export (service
 * descriptions, SKU descriptions, units), ids are made up.
 */
export const sampleBillingAccount = '01A2B3-C4D5E6-F7A8B9';

export interface SampleProject {
  id: string;
  number: string;
  name: string;
  labels: Record<string, string>;
}

export const sampleProjects: SampleProject[] = [
  { id: 'shop-prod-4821', number: '482190337015', name: 'shop-prod', labels: { env: 'prod', team: 'shop' } },
  {
    id: 'shop-staging-1177',
    number: '117760452281',
    name: 'shop-staging',
    labels: { env: 'staging', team: 'shop' },
  },
  {
    id: 'data-platform-9034',
    number: '903418827364',
    name: 'data-platform',
    labels: { env: 'prod', team: 'data' },
  },
];

export const sampleFolder = { resource_name: 'folders/284619304417', display_name: 'engineering' };
export const sampleOrganization = {
  resource_name: 'organizations/659211904421',
  display_name: 'example.com',
};

export interface SampleSku {
  serviceId: string;
  service: string;
  skuId: string;
  sku: string;
  /** Usage unit and how many usage units make one pricing unit. */
  unit: string;
  pricingUnit: string;
  perPricingUnit: number;
  /** List price in micro-dollars per pricing unit. */
  listMicros: number;
  /** Typical usage per hourly row, in usage units. */
  usage: [number, number];
  region?: string;
  zonal?: boolean;
  resourceKind?: string;
  /** Sustained use discounts apply (Compute Engine N1 cores and RAM). */
  sustainedUse?: boolean;
  /** A committed use discount covers part of this SKU's usage. */
  committed?: boolean;
}

export const sampleSkus: SampleSku[] = [
  {
    serviceId: '6F81-5844-456A',
    service: 'Compute Engine',
    skuId: '2E27-4F75-95CD',
    sku: 'N1 Predefined Instance Core running in Americas',
    unit: 'seconds',
    pricingUnit: 'hour',
    perPricingUnit: 3600,
    listMicros: 31_611,
    usage: [3600, 14_400],
    region: 'us-central1',
    zonal: true,
    resourceKind: 'instances',
    sustainedUse: true,
    committed: true,
  },
  {
    serviceId: '6F81-5844-456A',
    service: 'Compute Engine',
    skuId: '6C71-9B8A-2B38',
    sku: 'N1 Predefined Instance Ram running in Americas',
    unit: 'byte-seconds',
    pricingUnit: 'gibibyte hour',
    perPricingUnit: 3_865_470_566_400,
    listMicros: 4_237,
    usage: [13_958_643_712_000, 55_834_574_848_000],
    region: 'us-central1',
    zonal: true,
    resourceKind: 'instances',
    sustainedUse: true,
  },
  {
    serviceId: '95FF-2EF5-5EA1',
    service: 'Cloud Storage',
    skuId: 'E5F0-6A5D-7BAD',
    sku: 'Standard Storage US Multi-region',
    unit: 'byte-seconds',
    pricingUnit: 'gibibyte month',
    perPricingUnit: 2_831_155_200 * 1024,
    listMicros: 26_000,
    usage: [2_831_155_200 * 1024, 2_831_155_200 * 1024 * 40],
    region: undefined,
    resourceKind: 'buckets',
  },
  {
    serviceId: '24E6-581D-38E5',
    service: 'BigQuery',
    skuId: '1C8E-5F9B-1E3A',
    sku: 'Analysis',
    unit: 'bytes',
    pricingUnit: 'tebibyte',
    perPricingUnit: 1_099_511_627_776,
    listMicros: 6_250_000,
    usage: [10_737_418_240, 214_748_364_800],
    region: 'us',
  },
  {
    serviceId: '9662-B51E-5089',
    service: 'Cloud SQL',
    skuId: 'D7C9-8B21-7A5E',
    sku: 'Cloud SQL for PostgreSQL: Zonal - vCPU in Americas',
    unit: 'seconds',
    pricingUnit: 'hour',
    perPricingUnit: 3600,
    listMicros: 41_300,
    usage: [3600, 7200],
    region: 'us-east1',
    zonal: true,
    resourceKind: 'instances',
  },
];

/** The commitment that covers part of the committed SKU's usage, and its hourly fee SKU. */
export const sampleCommitment = {
  id: 'commitments/2851946221730012345',
  name: 'CUD-2851946221730012345',
  fullName: 'Committed use discount: CPU',
  feeSkuId: 'F8E2-1B33-77C4',
  feeSku: 'Commitment v1: Cpu in Americas for 1 Year',
  /** Fee per hour in micro-dollars. */
  hourlyFeeMicros: 19_900,
};

export const sampleCurrency = 'USD';

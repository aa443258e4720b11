/**
 * What the generated AWS organisation looks like: accounts (one with a leading zero, as real ids can
 * have), regions, and the services with their usage types, units and public on-demand rates. Rates are
 * realistic list prices, not quotes.
 */
export interface Account {
  id: string;
  name: string;
}

export const payer: Account = { id: '123456789012', name: 'Acme Corp Payer' };

export const accounts: Account[] = [
  payer,
  { id: '012345678901', name: 'acme-production' },
  { id: '234567890123', name: 'acme-staging' },
  { id: '345678901234', name: 'acme-data-platform' },
  { id: '456789012345', name: 'acme-sandbox' },
];

export interface Region {
  code: string;
  location: string;
  /** Usage type prefix AWS uses for the region (empty for us-east-1). */
  usagePrefix: string;
  weight: number;
}

export const regions: Region[] = [
  { code: 'us-east-1', location: 'US East (N. Virginia)', usagePrefix: '', weight: 5 },
  { code: 'us-west-2', location: 'US West (Oregon)', usagePrefix: 'USW2-', weight: 3 },
  { code: 'eu-west-1', location: 'EU (Ireland)', usagePrefix: 'EU-', weight: 2 },
  { code: 'ap-southeast-2', location: 'Asia Pacific (Sydney)', usagePrefix: 'APS2-', weight: 1 },
];

export interface UsageKind {
  productCode: string;
  productName: string;
  productFamily: string;
  /** Usage type without the region prefix. */
  usageType: string;
  operation: string;
  unit: string;
  /** Public on-demand rate per unit, as decimal text (at most 6 fractional digits). */
  rate: string;
  /** Typical usage per daily line item: [min, max] with up to 4 decimals. */
  amount: [number, number];
  instanceType?: string;
  resource: 'instance' | 'bucket' | 'db' | 'function' | 'volume' | 'none' | 'table' | 'cluster';
  /** Eligible for the Compute Savings Plan. */
  spEligible?: boolean;
  weight: number;
  description: string;
}

export const usageKinds: UsageKind[] = [
  {
    productCode: 'AmazonEC2',
    productName: 'Amazon Elastic Compute Cloud',
    productFamily: 'Compute Instance',
    usageType: 'BoxUsage:m5.large',
    operation: 'RunInstances',
    unit: 'Hrs',
    rate: '0.096',
    amount: [1, 24],
    instanceType: 'm5.large',
    resource: 'instance',
    spEligible: true,
    weight: 12,
    description: '$0.096 per On Demand Linux m5.large Instance Hour',
  },
  {
    productCode: 'AmazonEC2',
    productName: 'Amazon Elastic Compute Cloud',
    productFamily: 'Compute Instance',
    usageType: 'BoxUsage:c6i.xlarge',
    operation: 'RunInstances',
    unit: 'Hrs',
    rate: '0.17',
    amount: [1, 24],
    instanceType: 'c6i.xlarge',
    resource: 'instance',
    spEligible: true,
    weight: 8,
    description: '$0.17 per On Demand Linux c6i.xlarge Instance Hour',
  },
  {
    productCode: 'AmazonEC2',
    productName: 'Amazon Elastic Compute Cloud',
    productFamily: 'Compute Instance',
    usageType: 'SpotUsage:m5.xlarge',
    operation: 'RunInstances:SV001',
    unit: 'Hrs',
    rate: '0.0731',
    amount: [1, 24],
    instanceType: 'm5.xlarge',
    resource: 'instance',
    weight: 3,
    description: '$0.0731 per Linux m5.xlarge Spot Instance-hour',
  },
  {
    productCode: 'AmazonEC2',
    productName: 'Amazon Elastic Compute Cloud',
    productFamily: 'Storage',
    usageType: 'EBS:VolumeUsage.gp3',
    operation: 'CreateVolume-Gp3',
    unit: 'GB-Mo',
    rate: '0.08',
    amount: [0.5, 40],
    resource: 'volume',
    weight: 8,
    description: '$0.08 per GB-month of General Purpose (gp3) provisioned storage',
  },
  {
    productCode: 'AmazonEC2',
    productName: 'Amazon Elastic Compute Cloud',
    productFamily: 'Data Transfer',
    usageType: 'DataTransfer-Out-Bytes',
    operation: 'RunInstances',
    unit: 'GB',
    rate: '0.09',
    amount: [0.001, 80],
    resource: 'instance',
    weight: 5,
    description: '$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier',
  },
  {
    productCode: 'AmazonS3',
    productName: 'Amazon Simple Storage Service',
    productFamily: 'Storage',
    usageType: 'TimedStorage-ByteHrs',
    operation: 'StandardStorage',
    unit: 'GB-Mo',
    rate: '0.023',
    amount: [0.0001, 500],
    resource: 'bucket',
    weight: 9,
    description: '$0.023 per GB - first 50 TB / month of storage used',
  },
  {
    productCode: 'AmazonS3',
    productName: 'Amazon Simple Storage Service',
    productFamily: 'API Request',
    usageType: 'Requests-Tier1',
    operation: 'PutObject',
    unit: 'Requests',
    rate: '0.000005',
    amount: [1, 90000],
    resource: 'bucket',
    weight: 6,
    description: '$0.005 per 1,000 PUT, COPY, POST, or LIST requests',
  },
  {
    productCode: 'AmazonS3',
    productName: 'Amazon Simple Storage Service',
    productFamily: 'API Request',
    usageType: 'Requests-Tier2',
    operation: 'GetObject',
    unit: 'Requests',
    rate: '0.0000004',
    amount: [1, 900000],
    resource: 'bucket',
    weight: 5,
    description: '$0.0004 per 1,000 GET and all other requests',
  },
  {
    productCode: 'AmazonRDS',
    productName: 'Amazon Relational Database Service',
    productFamily: 'Database Instance',
    usageType: 'InstanceUsage:db.r6g.large',
    operation: 'CreateDBInstance:0014',
    unit: 'Hrs',
    rate: '0.225',
    amount: [1, 24],
    instanceType: 'db.r6g.large',
    resource: 'db',
    weight: 5,
    description: '$0.225 per RDS db.r6g.large Multi-AZ instance hour (or partial hour) running PostgreSQL',
  },
  {
    productCode: 'AmazonRDS',
    productName: 'Amazon Relational Database Service',
    productFamily: 'Database Storage',
    usageType: 'RDS:GP3-Storage',
    operation: 'CreateDBInstance:0014',
    unit: 'GB-Mo',
    rate: '0.115',
    amount: [1, 60],
    resource: 'db',
    weight: 3,
    description: '$0.115 per GB-month of provisioned gp3 storage running PostgreSQL',
  },
  {
    productCode: 'AWSLambda',
    productName: 'AWS Lambda',
    productFamily: 'Serverless',
    usageType: 'Lambda-GB-Second',
    operation: 'Invoke',
    unit: 'Lambda-GB-Second',
    rate: '0.000016',
    amount: [10, 400000],
    resource: 'function',
    spEligible: true,
    weight: 5,
    description: 'AWS Lambda - Total Compute - US East (Northern Virginia)',
  },
  {
    productCode: 'AWSLambda',
    productName: 'AWS Lambda',
    productFamily: 'Serverless',
    usageType: 'Request',
    operation: 'Invoke',
    unit: 'Requests',
    rate: '0.0000002',
    amount: [100, 2000000],
    resource: 'function',
    weight: 4,
    description: 'AWS Lambda - Total Requests - US East (Northern Virginia)',
  },
  {
    productCode: 'AmazonDynamoDB',
    productName: 'Amazon DynamoDB',
    productFamily: 'Amazon DynamoDB PayPerRequest Throughput',
    usageType: 'WriteRequestUnits',
    operation: 'PayPerRequestThroughput',
    unit: 'WriteRequestUnits',
    rate: '0.00000125',
    amount: [100, 3000000],
    resource: 'table',
    weight: 3,
    description: '$1.25 per million write request units',
  },
  {
    productCode: 'AmazonCloudWatch',
    productName: 'AmazonCloudWatch',
    productFamily: 'Storage Snapshot',
    usageType: 'TimedStorage-ByteHrs',
    operation: 'HourlyStorageMetering',
    unit: 'GB-Mo',
    rate: '0.03',
    amount: [0.01, 50],
    resource: 'none',
    weight: 3,
    description: '$0.03 per GB-mo of log storage',
  },
  {
    productCode: 'AmazonEKS',
    productName: 'Amazon Elastic Container Service for Kubernetes',
    productFamily: 'Compute',
    usageType: 'AmazonEKS-Hours:perCluster',
    operation: 'CreateOperation',
    unit: 'Hours',
    rate: '0.1',
    amount: [24, 24],
    resource: 'cluster',
    weight: 2,
    description: 'Amazon EKS cluster usage',
  },
  {
    productCode: 'AWSDataTransfer',
    productName: 'AWS Data Transfer',
    productFamily: 'Data Transfer',
    usageType: 'DataTransfer-Regional-Bytes',
    operation: 'PublicIP-In',
    unit: 'GB',
    rate: '0.01',
    amount: [0.001, 300],
    resource: 'none',
    weight: 3,
    description:
      '$0.010 per GB - regional data transfer - in/out/between EC2 AZs or using elastic IPs or ELB',
  },
];

/**
 * Tag values as people type them: case variants and typos next to the clean spelling, and empty values
 * (an untagged resource). A pick is one draw whatever the list's length, so the mess
 * changes no cost or row count of a sample.
 */
export const tagValues = {
  Environment: ['production', 'staging', 'development', ''],
  CostCenter: ['CC-1001', 'CC-2040', 'CC-3300', '', 'cc-1001', 'CC 2040', 'CC-3300 '],
  Team: ['payments', 'search', 'platform', 'data', '', 'Payments', 'PLATFORM'],
  Project: ['atlas', 'hermes', 'zephyr', ''],
  BusinessUnit: ['Retail', 'Wholesale', 'Shared Services'],
};

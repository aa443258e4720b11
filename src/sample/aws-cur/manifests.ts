/**
 * Manifests as AWS writes them: legacy CUR `<name>-Manifest.json` (assemblyId, reportKeys, columns with
 * category/name/type) and CUR 2.0 `<name>-Manifest.json` (executionId, dataFiles as s3:// URIs).
 */
import type { BillingPeriod } from '../../billing-period.ts';
import { payer } from './catalog.ts';
import type { WrittenFile } from './file-writer.ts';

interface Common {
  prefix: string;
  exportName: string;
  format: 'csv' | 'parquet';
  compression: 'gzip' | 'zip';
}

const v1Types: Record<string, string> = {
  number: 'OptionalBigDecimal',
  timestamp: 'DateTime',
  text: 'OptionalString',
  map: 'OptionalString',
};

const v2Types: Record<string, string> = {
  number: 'double',
  timestamp: 'timestamp',
  text: 'string',
  map: 'map',
};

const compact = (date: string) => `${date.replace(/-/g, '')}T000000.000Z`;

export function v1Manifest(
  o: Common,
  period: BillingPeriod,
  assemblyId: string,
  files: WrittenFile[],
  columns: { name: string; type: string }[],
) {
  return {
    assemblyId,
    account: payer.id,
    columns: columns.map((c) => {
      const [category, name] = c.name.split('/');
      return { category, name, type: v1Types[c.type] };
    }),
    charset: 'UTF-8',
    compression: o.compression === 'zip' ? 'ZIP' : 'GZIP',
    contentType: 'text/csv',
    reportId: 'c0ffee00a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c',
    reportName: o.exportName,
    billingPeriod: { start: compact(period.start), end: compact(period.end) },
    bucket: 'acme-billing-reports',
    reportKeys: files.map((f) => f.key),
    additionalArtifactKeys: [],
  };
}

/** CUR 2.0 names no billing period in its manifest: the period is the BILLING_PERIOD= folder. */
export function v2Manifest(
  o: Common,
  executionId: string,
  files: WrittenFile[],
  columns: { name: string; type: string }[],
) {
  return {
    executionId,
    exportArn: `arn:aws:bcm-data-exports:us-east-1:${payer.id}:export/${o.exportName}-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`,
    columns: columns.map((c) => ({ name: c.name, type: v2Types[c.type] })),
    dataFiles: files.map((f) => `s3://acme-billing-reports/${f.key}`),
    additionalOutputFiles: [],
  };
}

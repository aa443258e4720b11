/**
 * Where AWS puts things. Legacy CUR (v1):
 *   <prefix>/<name>/<yyyymmdd-yyyymmdd>/<name>-Manifest.json          current version of the period
 *   <prefix>/<name>/<yyyymmdd-yyyymmdd>/<assemblyId>/<name>-N.csv.gz   files ("create new report version")
 *   <prefix>/<name>/<yyyymmdd-yyyymmdd>/<name>-N.csv.gz                files ("overwrite existing report")
 *   <prefix>/<name>/<name>/year=YYYY/month=M/<name>-N.snappy.parquet   Athena (Parquet) delivery
 * CUR 2.0 (Data Exports):
 *   <prefix>/<name>/metadata/BILLING_PERIOD=YYYY-MM/<name>-Manifest.json
 *   <prefix>/<name>/data/BILLING_PERIOD=YYYY-MM/...                    files the manifest lists
 */

import { type BillingPeriod, periodFromLabel } from '../../billing-period.ts';
import { joinKey } from '../../stores/store.ts';

export function exportRoot(prefix: string, name: string): string {
  return `${joinKey(prefix, name)}/`;
}

/** The period of a v1 folder name such as `20240301-20240401/`, if it is one. */
export function periodOfV1Folder(folder: string): BillingPeriod | undefined {
  const m = /(\d{4})(\d{2})01-\d{8}\/?$/.exec(folder);
  return m ? periodFromLabel(`${m[1]}-${m[2]}`) : undefined;
}

export function athenaRoot(prefix: string, name: string): string {
  return `${joinKey(prefix, name, name)}/`;
}

export function athenaPeriodFolder(prefix: string, name: string, period: BillingPeriod): string {
  const [year, month] = period.label.split('-');
  return `${joinKey(prefix, name, name, `year=${year}`, `month=${Number(month)}`)}/`;
}

export function v2MetadataRoot(prefix: string, name: string): string {
  return `${joinKey(prefix, name, 'metadata')}/`;
}

export function periodOfV2Folder(folder: string): BillingPeriod | undefined {
  const m = /BILLING_PERIOD=(\d{4}-\d{2})\/?$/.exec(folder);
  return m ? periodFromLabel(m[1] as string) : undefined;
}

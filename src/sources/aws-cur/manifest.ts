/**
 * CUR manifests: the delivery's table of contents. Legacy CUR (v1) names its version `assemblyId` and
 * its files `reportKeys` (bucket-relative keys); CUR 2.0 (AWS Data Exports) names them `executionId` and
 * `dataFiles` (full s3:// URIs). Both are parsed into one `CurDelivery`. Only the files a manifest lists
 * are ever read: older versions stay in the bucket next to the current one.
 */
import { z } from 'zod';
import { type BillingPeriod, periodOfDate } from '../../billing-period.ts';
import { inputError } from '../../errors.ts';

export type CurVersion = 'v1' | 'v2';
export type CurFormat = 'csv' | 'parquet';

export interface CurDelivery {
  curVersion: CurVersion;
  period: BillingPeriod;
  /** assemblyId (v1), executionId (v2), or a fingerprint of the files when there is no manifest. */
  versionId: string;
  manifestKey?: string;
  /** Data file keys inside the store, in manifest order. */
  files: string[];
  format: CurFormat;
  /** Column types the manifest declares, keyed by the delivered column name. */
  columnTypes: Map<string, string>;
  /** Delivered for Athena (year=/month= folders): the report's status file says when AWS is writing. */
  athena?: boolean;
}

const period = z.object({ start: z.string().min(6), end: z.string().min(6) });

const v1Schema = z.object({
  assemblyId: z.string().min(1),
  reportKeys: z.array(z.string()),
  billingPeriod: period,
  columns: z
    .array(z.object({ category: z.string(), name: z.string(), type: z.string().optional() }))
    .optional(),
  compression: z.string().optional(),
  contentType: z.string().optional(),
  reportName: z.string().optional(),
});

/**
 * CUR 2.0 manifests carry no billing period (the period is the BILLING_PERIOD= folder they sit in) and
 * list columns as {name, type} with types string, double, timestamp and map.
 */
const v2Schema = z.object({
  executionId: z.string().min(1),
  dataFiles: z.array(z.string()),
  billingPeriod: period.optional(),
  columns: z.array(z.object({ name: z.string(), type: z.string().optional() })).optional(),
  exportArn: z.string().optional(),
});

export interface ManifestContext {
  /** Where the manifest was read from, for messages. */
  url: string;
  manifestKey: string;
  /** The period of the folder the manifest sits in (CUR 2.0 manifests do not name their period). */
  folderPeriod?: BillingPeriod;
  /** The export's name and the configured prefix: keys are re-rooted under them (see rebaseKey). */
  exportName: string;
  prefix: string;
}

export function parseManifest(text: string, ctx: ManifestContext): CurDelivery {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw inputError(`the manifest is not valid JSON: ${(error as Error).message}`, {
      file: ctx.url,
      cause: error,
    });
  }
  const v1 = v1Schema.safeParse(json);
  if (v1.success) return withFiles(fromV1(v1.data, ctx), ctx);
  const v2 = v2Schema.safeParse(json);
  if (v2.success) return withFiles(fromV2(v2.data, ctx), ctx);
  const looksV2 = typeof json === 'object' && json !== null && 'executionId' in json;
  const issues = (looksV2 ? v2 : v1).error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
  throw inputError(`unknown manifest shape (${issues.slice(0, 3).join('; ')})`, {
    file: ctx.url,
    hint: 'expected a CUR manifest with assemblyId/reportKeys (legacy CUR) or executionId/dataFiles (CUR 2.0)',
  });
}

function withFiles(delivery: CurDelivery, ctx: ManifestContext): CurDelivery {
  if (delivery.files.length > 0) return delivery;
  throw inputError('the manifest lists no data files', {
    file: ctx.url,
    hint: 'a delivery AWS is still writing names its files before it is complete; re-run later',
  });
}

function fromV1(m: z.infer<typeof v1Schema>, ctx: ManifestContext): CurDelivery {
  const parquet = /parquet/i.test(m.compression ?? '') || /parquet/i.test(m.contentType ?? '');
  const columnTypes = new Map((m.columns ?? []).map((c) => [`${c.category}/${c.name}`, c.type ?? '']));
  return {
    curVersion: 'v1',
    period: periodOf(m.billingPeriod.start, ctx),
    versionId: m.assemblyId,
    manifestKey: ctx.manifestKey,
    files: m.reportKeys.map((k) => rebaseKey(k, ctx)),
    format: parquet || m.reportKeys.every((k) => k.endsWith('.parquet')) ? 'parquet' : 'csv',
    columnTypes,
  };
}

function fromV2(m: z.infer<typeof v2Schema>, ctx: ManifestContext): CurDelivery {
  const files = m.dataFiles.map((uri) => rebaseKey(uri.replace(/^s3:\/\/[^/]+\//, ''), ctx));
  return {
    curVersion: 'v2',
    period: m.billingPeriod ? periodOf(m.billingPeriod.start, ctx) : folderPeriodOf(ctx),
    versionId: m.executionId,
    manifestKey: ctx.manifestKey,
    files,
    format: files.length > 0 && files.every((k) => /\.parquet$/i.test(k)) ? 'parquet' : 'csv',
    columnTypes: new Map((m.columns ?? []).map((c) => [c.name, c.type ?? ''])),
  };
}

function folderPeriodOf(ctx: ManifestContext): BillingPeriod {
  if (ctx.folderPeriod) return ctx.folderPeriod;
  throw inputError('the manifest names no billing period and is not in a BILLING_PERIOD=YYYY-MM folder', {
    file: ctx.url,
  });
}

function periodOf(start: string, ctx: ManifestContext): BillingPeriod {
  try {
    return periodOfDate(start);
  } catch (error) {
    throw inputError(`billingPeriod.start ${JSON.stringify(start)} is not a date`, {
      file: ctx.url,
      cause: error,
    });
  }
}

/**
 * Manifest keys carry the prefix the export was delivered under. When the delivery has been copied
 * elsewhere (another bucket, a local folder, a different prefix) the part from `<exportName>/` on is kept
 * and put under the configured prefix, so the manifest still finds its files.
 */
export function rebaseKey(key: string, ctx: Pick<ManifestContext, 'exportName' | 'prefix'>): string {
  if (ctx.prefix && key.startsWith(`${ctx.prefix}/`)) return key;
  const segments = key.split('/');
  const at = segments.indexOf(ctx.exportName);
  const rest = at < 0 ? key : segments.slice(at).join('/');
  return ctx.prefix ? `${ctx.prefix}/${rest}` : rest;
}

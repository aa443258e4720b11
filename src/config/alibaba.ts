/**
 * `[alibaba]` in config.toml: where the Alibaba Cloud FOCUS export lives (OSS through its S3-compatible
 * API, an S3 bucket it was copied to, or a local folder), how its folders are laid out, and how its known
 * quirks are repaired (Beijing-time timestamps, numeric provider codes, tag key spellings). Flags and
 * FINOPS_ALIBABA_* variables override single keys. Alibaba publishes neither the folder layout nor the
 * codes, so the defaults are documented choices (src/sources/alibaba/README.md). This file imports
 * nothing from the rest of the config module, so schema.ts can import it without a cycle.
 */
import { z } from 'zod';
import { FinopsError } from '../errors.ts';
import type { S3Settings } from '../stores/open-store.ts';
import { inPeriodOrder, periodOrder } from './period-range.ts';
import type { S3Config } from './schema.ts';

const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

export const defaultAlibabaPattern = '{account}/FOCUS/{yearmonth}/{batch_ts}/{file}';
export const defaultTagKeys = ['Brand', 'Project', 'Owner', 'CostCenter', 'Environment', 'Application'];

export const alibabaSchema = z
  .object({
    /** The name the ledger knows this export by. */
    name: z.string().min(1).default('alibaba'),
    /** `s3://bucket/prefix` (OSS or S3) or a local folder; or give bucket and prefix. */
    source: z.string().optional(),
    bucket: z.string().optional(),
    prefix: z.string().optional(),
    /** OSS: `https://s3.oss-<region>.aliyuncs.com` (virtual-hosted addressing, checksums only when required). */
    endpoint: z.string().url().optional(),
    region: z.string().optional(),
    force_path_style: z.boolean().optional(),
    profile: z.string().optional(),
    /** Folder layout below the prefix: `{yearmonth}` (or `{year}` + `{month}`), `{batch_ts}`, `{file}`, `*`, `{any}`. */
    pattern: z.string().min(1).default(defaultAlibabaPattern),
    /** `increment`: each batch adds its rows; `snapshot`: each batch holds the period so far, the newest wins. */
    batches: z.enum(['increment', 'snapshot']).default('increment'),
    /** Zone of timestamps written without a UTC offset: an IANA name, `UTC`, or `auto` (detected). */
    timezone: z.string().min(1).default('Asia/Shanghai'),
    /** Stands for a numeric ProviderName (and a PublisherName or InvoiceIssuerName with the same code). */
    provider_name: z.string().min(1).default('Alibaba Cloud'),
    /** Stands for a numeric InvoiceIssuerName that `names` does not list. */
    invoice_issuer_name: z.string().min(1).optional(),
    /** Numeric code -> name, for ProviderName, PublisherName and InvoiceIssuerName. */
    names: z.record(z.string().regex(/^\d+$/, 'codes are digits'), z.string().min(1)).default({}),
    /** Tag keys that become `tag_<key>` columns and canonical FOCUS Tags keys, matched ignoring case. */
    tag_keys: z
      .array(z.string().regex(/[A-Za-z0-9]/, 'a tag key needs a letter or digit'))
      .default(defaultTagKeys),
    start_date: yearMonth.optional(),
    end_date: yearMonth.optional(),
  })
  .strict()
  .refine(inPeriodOrder, periodOrder);

export type AlibabaSettings = z.infer<typeof alibabaSchema>;
export type AlibabaInput = z.input<typeof alibabaSchema>;

const envNames: Partial<Record<keyof AlibabaSettings, [string, 'string' | 'boolean']>> = {
  name: ['FINOPS_ALIBABA_NAME', 'string'],
  source: ['FINOPS_ALIBABA_SOURCE', 'string'],
  bucket: ['FINOPS_ALIBABA_BUCKET', 'string'],
  prefix: ['FINOPS_ALIBABA_PREFIX', 'string'],
  endpoint: ['FINOPS_ALIBABA_ENDPOINT', 'string'],
  region: ['FINOPS_ALIBABA_REGION', 'string'],
  force_path_style: ['FINOPS_ALIBABA_FORCE_PATH_STYLE', 'boolean'],
  pattern: ['FINOPS_ALIBABA_PATTERN', 'string'],
  batches: ['FINOPS_ALIBABA_BATCHES', 'string'],
  timezone: ['FINOPS_ALIBABA_TIMEZONE', 'string'],
};

/**
 * The settings in force: defaults < config.toml `[alibaba]` < FINOPS_ALIBABA_* < flags. `section` is the
 * `[alibaba]` table (`undefined` where no config file applies, as for the sample).
 */
export function alibabaSettings(
  section: unknown,
  flags: Partial<AlibabaInput>,
  env: NodeJS.ProcessEnv = process.env,
): AlibabaSettings {
  const fromEnv: Record<string, unknown> = {};
  for (const [key, [name, kind]] of Object.entries(envNames)) {
    const value = env[name];
    if (value) fromEnv[key] = kind === 'boolean' ? envBoolean(name, value) : value;
  }
  const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  const merged = { ...(section as Record<string, unknown> | undefined), ...fromEnv, ...defined };
  const result = alibabaSchema.safeParse(merged);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `alibaba.${issue.path.join('.')}` : 'alibaba';
  throw new FinopsError(`invalid Alibaba settings: ${where}: ${issue?.message}`, {
    kind: 'usage',
    hint: 'see src/sources/alibaba/README.md for every key',
  });
}

function envBoolean(name: string, value: string): boolean {
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new FinopsError(`${name}=${JSON.stringify(value)} is not a valid boolean`, { kind: 'usage' });
}

export interface AlibabaTarget {
  /** `s3://bucket/prefix` or a folder. */
  location: string;
  s3: S3Settings;
}

/**
 * Where the export is and how to talk to it. OSS answers only virtual-hosted requests and does not take
 * the AWS SDK's default request checksums, so an `aliyuncs.com` endpoint changes those two defaults, and
 * its region (`s3.oss-cn-hangzhou.aliyuncs.com` -> `cn-hangzhou`) signs the requests unless one is given.
 */
export function alibabaTarget(s: AlibabaSettings, s3: S3Config): AlibabaTarget {
  let location = s.source;
  if (!location && s.bucket)
    location = `s3://${s.bucket}${s.prefix ? `/${s.prefix.replace(/^\/+/, '')}` : ''}`;
  else if (location && s.prefix) location = `${location.replace(/\/+$/, '')}/${s.prefix.replace(/^\/+/, '')}`;
  if (!location) {
    throw new FinopsError('no location for the Alibaba Cloud export', {
      kind: 'usage',
      hint: 'pass --source s3://bucket/prefix (for OSS with --endpoint https://s3.oss-<region>.aliyuncs.com) or a local folder, or set [alibaba] source',
    });
  }
  const endpoint = s.endpoint ?? s3.endpoint;
  const host = endpoint === undefined ? '' : new URL(endpoint).hostname;
  const oss = /(^|\.)aliyuncs\.com$/i.test(host);
  return {
    location,
    s3: {
      region:
        s.region ?? s3.region ?? /(?:^|\.)oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/i.exec(host)?.[1],
      endpoint,
      forcePathStyle: s.force_path_style ?? s3.force_path_style ?? (endpoint !== undefined && !oss),
      profile: s.profile ?? s3.profile,
      checksumsWhenRequired: s3.checksums_when_required ?? oss,
    },
  };
}

/**
 * Which AWS exports a command works on. Exports can be configured by name in config.toml
 * (`[aws.exports.<name>]`); flags and FINOPS_AWS_* variables describe one export ad hoc, or override
 * fields of the configured export they name. With neither, every configured export is used.
 */
import { FinopsError } from '../errors.ts';
import type { S3Settings } from '../stores/open-store.ts';
import { coerce } from './load.ts';
import { type AwsExportSettings, awsExportSchema, type Config } from './schema.ts';

export interface AwsExportTarget {
  /** The name the ledger knows it by: its config.toml key, or its export name. */
  name: string;
  /** `s3://bucket/prefix` or a local folder. */
  location: string;
  /** Extra key prefix below the location (for a local folder given with --prefix). */
  prefix: string;
  exportName: string;
  curVersion?: 'v1' | 'v2';
  startDate?: string;
  endDate?: string;
  s3: S3Settings;
}

const envNames: Record<keyof AwsExportSettings, string> = {
  source: 'FINOPS_AWS_SOURCE',
  bucket: 'FINOPS_AWS_BUCKET',
  prefix: 'FINOPS_AWS_PREFIX',
  export_name: 'FINOPS_AWS_EXPORT_NAME',
  cur_version: 'FINOPS_AWS_CUR_VERSION',
  start_date: 'FINOPS_AWS_START_DATE',
  end_date: 'FINOPS_AWS_END_DATE',
  region: 'FINOPS_AWS_REGION',
  endpoint: 'FINOPS_AWS_ENDPOINT',
  force_path_style: 'FINOPS_AWS_FORCE_PATH_STYLE',
  profile: 'FINOPS_AWS_PROFILE',
};

export function awsEnvSettings(env: NodeJS.ProcessEnv): AwsExportSettings {
  const out: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(envNames)) {
    const value = env[name];
    if (value) out[key] = coerce(name, value, key === 'force_path_style' ? 'boolean' : 'string');
  }
  return out as AwsExportSettings;
}

export function resolveAwsExports(
  config: Config,
  flags: AwsExportSettings,
  env: NodeJS.ProcessEnv = process.env,
): AwsExportTarget[] {
  const adHoc = validate(
    { ...awsEnvSettings(env), ...dropUndefined(flags) },
    'command-line flags and FINOPS_AWS_*',
  );
  const configured = config.aws.exports;
  const describesOne = adHoc.source || adHoc.bucket || adHoc.export_name;
  if (describesOne) {
    const name = adHoc.export_name as string | undefined;
    const baseName = name && (configured[name] ? name : findByExportName(configured, name));
    const base = baseName ? configured[baseName] : undefined;
    return [toTarget(baseName ?? name ?? '', { ...base, ...adHoc }, config)];
  }
  const names = Object.keys(configured);
  if (names.length === 0) {
    throw new FinopsError('no AWS export given', {
      kind: 'usage',
      hint: 'pass --source s3://bucket/prefix (or --bucket/--prefix) and --name, or configure [aws.exports.<name>] in config.toml',
    });
  }
  return names.map((n) => toTarget(n, { ...configured[n], ...adHoc }, config));
}

function findByExportName(
  configured: Record<string, AwsExportSettings>,
  exportName: string,
): string | undefined {
  return Object.keys(configured).find((k) => configured[k]?.export_name === exportName);
}

function toTarget(name: string, s: AwsExportSettings, config: Config): AwsExportTarget {
  const exportName = s.export_name ?? name;
  if (!exportName)
    throw new FinopsError('the export name is missing', { kind: 'usage', hint: 'pass --name NAME' });
  let location = s.source;
  let prefix = s.prefix ?? '';
  if (!location && s.bucket) {
    location = `s3://${s.bucket}${prefix ? `/${prefix.replace(/^\/+/, '')}` : ''}`;
    prefix = '';
  }
  if (!location) {
    throw new FinopsError(`no location for the AWS export ${JSON.stringify(name || exportName)}`, {
      kind: 'usage',
      hint: 'give --source s3://bucket/prefix, --bucket and --prefix, or a local folder',
    });
  }
  return {
    name: name || exportName,
    location,
    prefix: prefix.replace(/^\/+|\/+$/g, ''),
    exportName,
    curVersion: s.cur_version,
    startDate: s.start_date,
    endDate: s.end_date,
    s3: {
      region: s.region ?? config.s3.region,
      endpoint: s.endpoint ?? config.s3.endpoint,
      forcePathStyle:
        s.force_path_style ?? config.s3.force_path_style ?? Boolean(s.endpoint ?? config.s3.endpoint),
      profile: s.profile ?? config.s3.profile,
      checksumsWhenRequired: config.s3.checksums_when_required,
    },
  };
}

function validate(settings: Record<string, unknown>, where: string): AwsExportSettings {
  const result = awsExportSchema.safeParse(settings);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new FinopsError(
    `invalid AWS export settings from ${where}: ${issue?.path.join('.')}: ${issue?.message}`,
    {
      kind: 'usage',
    },
  );
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

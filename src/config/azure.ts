/**
 * `[azure]` and `[azure.exports.<name>]` in config.toml: where Cost Management exports are delivered
 * (`az://container/path` in a storage account, or a local folder with the same layout) and how to reach
 * the account. Credentials never go in the file: a connection string or SAS URL is read from the
 * environment variable the config names (AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_SAS_URL by
 * default), and an account name alone signs in with DefaultAzureCredential. Flags and FINOPS_AZURE_*
 * describe one source ad hoc, or override keys of the configured one they name. This file imports
 * nothing from the rest of the config module, so schema.ts can import it without a cycle.
 */
import { z } from 'zod';
import { FinopsError } from '../errors.ts';
import type { AzureCredentials } from '../stores/azure-blob-store.ts';
import { inPeriodOrder, periodOrder } from './period-range.ts';

const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

const accountKeys = {
  /** Storage account name, signed in with DefaultAzureCredential (when no connection string or SAS). */
  account: z.string().min(1).optional(),
  /** Blob endpoint for `account` (default https://<account>.blob.core.windows.net). */
  endpoint: z.string().url().optional(),
  /** The environment variable holding a connection string. */
  connection_string_env: z.string().min(1).optional(),
  /** The environment variable holding a SAS URL (account or container). */
  sas_url_env: z.string().min(1).optional(),
};

export const azureExportSchema = z
  .object({
    /** `az://container/path` or a local folder holding the exports' folders. */
    source: z.string().min(1).optional(),
    /** Only these exports (their names in Cost Management) below the source; default all. */
    exports: z.array(z.string().min(1)).optional(),
    start_date: yearMonth.optional(),
    end_date: yearMonth.optional(),
    ...accountKeys,
  })
  .strict()
  .refine(inPeriodOrder, periodOrder);

export const azureSchema = z
  .object({
    ...accountKeys,
    exports: z.record(z.string(), azureExportSchema).default({}),
  })
  .strict();

export type AzureConfig = z.infer<typeof azureSchema>;
export type AzureExportSettings = z.infer<typeof azureExportSchema>;

export interface AzureTarget {
  /** The ledger's name for this source: its config.toml key, or `azure`. */
  name: string;
  location: string;
  exports?: string[];
  startDate?: string;
  endDate?: string;
  credentials: AzureCredentials;
}

const envNames: Partial<Record<keyof AzureExportSettings, string>> = {
  source: 'FINOPS_AZURE_SOURCE',
  start_date: 'FINOPS_AZURE_START_DATE',
  end_date: 'FINOPS_AZURE_END_DATE',
  account: 'FINOPS_AZURE_ACCOUNT',
  endpoint: 'FINOPS_AZURE_ENDPOINT',
};

/**
 * The sources a command works on: with `source` (flag or FINOPS_AZURE_SOURCE) one ad-hoc source named
 * `name` (or `azure`), on top of the configured one of that name if any; with only `name`, that
 * configured source; with neither, every configured source.
 */
export function resolveAzureTargets(
  config: AzureConfig | undefined,
  flags: Partial<AzureExportSettings> & { name?: string },
  env: NodeJS.ProcessEnv = process.env,
): AzureTarget[] {
  const section = config ?? azureSchema.parse({});
  const fromEnv: Record<string, string> = {};
  for (const [key, name] of Object.entries(envNames)) if (env[name]) fromEnv[key] = env[name] as string;
  const { name, ...rest } = flags;
  const adHoc = validate({ ...fromEnv, ...dropUndefined(rest) });
  const configured = section.exports;
  if (adHoc.source || name) {
    const base = name ? configured[name] : undefined;
    if (name && !base && !adHoc.source) {
      throw new FinopsError(`no Azure export source named ${JSON.stringify(name)} in config.toml`, {
        kind: 'usage',
        hint: `configured: ${Object.keys(configured).join(', ') || 'none'}; or pass --source`,
      });
    }
    return [toTarget(name ?? 'azure', { ...base, ...adHoc }, section, env)];
  }
  const names = Object.keys(configured);
  if (names.length === 0) {
    throw new FinopsError('no Azure export location given', {
      kind: 'usage',
      hint: 'pass --source az://container/path (or a local folder), or configure [azure.exports.<name>] in config.toml',
    });
  }
  return names.map((n) => toTarget(n, { ...configured[n], ...adHoc }, section, env));
}

function toTarget(
  name: string,
  s: AzureExportSettings,
  section: AzureConfig,
  env: NodeJS.ProcessEnv,
): AzureTarget {
  if (!s.source) {
    throw new FinopsError(`no source for the Azure exports ${JSON.stringify(name)}`, {
      kind: 'usage',
      hint: 'set source = "az://container/path" (or a local folder) in [azure.exports.<name>], or pass --source',
    });
  }
  const connectionVar =
    s.connection_string_env ?? section.connection_string_env ?? 'AZURE_STORAGE_CONNECTION_STRING';
  const sasVar = s.sas_url_env ?? section.sas_url_env ?? 'AZURE_STORAGE_SAS_URL';
  return {
    name,
    location: s.source,
    exports: s.exports,
    startDate: s.start_date,
    endDate: s.end_date,
    credentials: {
      connectionString: env[connectionVar] || undefined,
      sasUrl: env[sasVar] || undefined,
      account: s.account ?? section.account ?? (env.AZURE_STORAGE_ACCOUNT || undefined),
      endpoint: s.endpoint ?? section.endpoint,
    },
  };
}

function validate(settings: Record<string, unknown>): AzureExportSettings {
  const result = azureExportSchema.safeParse(settings);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new FinopsError(
    `invalid Azure export settings from flags and FINOPS_AZURE_*: ${issue?.path.join('.')}: ${issue?.message}`,
    { kind: 'usage' },
  );
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * `[gcp]` and `[gcp.exports.<name>]` in config.toml: where a Google Cloud billing export is read from,
 * the BigQuery table (`project.dataset.table`) or copies of it as files (`gs://bucket/prefix` or a local
 * folder), and how to reach it. Credentials never go in the file: Google's Application Default
 * Credentials are used (GOOGLE_APPLICATION_CREDENTIALS, gcloud's login, an attached service account).
 * Flags and FINOPS_GCP_* describe one export ad hoc, or override keys of the configured one they name.
 * This file imports nothing from the rest of the config module, so schema.ts can import it without a cycle.
 */
import { z } from 'zod';
import { FinopsError } from '../errors.ts';

const connection = {
  /** The project BigQuery jobs run in (and are billed to); default: the table's project. */
  project_id: z.string().min(1).optional(),
  /** The dataset's location (US, EU, a region): where the query jobs run. */
  location: z.string().min(1).optional(),
  /** Another BigQuery endpoint than https://bigquery.googleapis.com. */
  bigquery_endpoint: z.string().url().optional(),
  /** Another Cloud Storage endpoint than https://storage.googleapis.com. */
  storage_endpoint: z.string().url().optional(),
};

export const gcpExportSchema = z
  .object({
    /** The export table, `project.dataset.gcp_billing_export_v1_...` (standard or detailed). */
    table: z.string().min(1).optional(),
    /** Or copies of it as files: `gs://bucket/prefix` or a folder (NDJSON, Parquet, CSV; gzip too). */
    source: z.string().min(1).optional(),
    /** Export days after a month's end still searched for its rows (the partition window). */
    late_days: z.number().int().min(0).max(120).optional(),
    /** Rows per result page (one cache file each). */
    page_rows: z.number().int().min(100).max(1_000_000).optional(),
    ...connection,
  })
  .strict();

export const gcpSchema = z
  .object({ ...connection, exports: z.record(z.string(), gcpExportSchema).default({}) })
  .strict();

export type GcpConfig = z.infer<typeof gcpSchema>;
export type GcpExportSettings = z.infer<typeof gcpExportSchema>;

export interface GcpTarget {
  /** The ledger's name: the config.toml key, or `gcp`. */
  name: string;
  settings: GcpExportSettings;
}

const envNames: Partial<Record<keyof GcpExportSettings, string>> = {
  table: 'FINOPS_GCP_TABLE',
  source: 'FINOPS_GCP_SOURCE',
  project_id: 'FINOPS_GCP_PROJECT_ID',
  location: 'FINOPS_GCP_LOCATION',
  bigquery_endpoint: 'FINOPS_GCP_BIGQUERY_ENDPOINT',
  storage_endpoint: 'FINOPS_GCP_STORAGE_ENDPOINT',
};

/**
 * The exports a command works on: with `--name`, that configured export (flags override its keys);
 * with `--table` or `--source` alone, that one export ad hoc (named `gcp` unless --name says otherwise);
 * with neither, every configured export.
 */
export function resolveGcpTargets(
  config: GcpConfig,
  flags: Partial<GcpExportSettings> & { name?: string },
  env: NodeJS.ProcessEnv = process.env,
): GcpTarget[] {
  const { name, ...given } = flags;
  const fromEnv = Object.fromEntries(
    Object.entries(envNames)
      .map(([key, variable]) => [key, env[variable as string]])
      .filter(([, value]) => value),
  );
  const adHoc = { ...fromEnv, ...dropUndefined(given) };
  const shared = dropUndefined({
    project_id: config.project_id,
    location: config.location,
    bigquery_endpoint: config.bigquery_endpoint,
    storage_endpoint: config.storage_endpoint,
  });
  if (name || adHoc.table || adHoc.source) {
    const base = name ? config.exports[name] : undefined;
    if (name && !base && !adHoc.table && !adHoc.source) {
      throw new FinopsError(`no GCP export named ${JSON.stringify(name)} in config.toml`, {
        kind: 'usage',
        hint: `configure [gcp.exports.${name}] or pass --table / --source`,
      });
    }
    return [target(name ?? 'gcp', { ...shared, ...base, ...adHoc })];
  }
  const names = Object.keys(config.exports);
  if (names.length === 0) {
    throw new FinopsError('no GCP billing export given', {
      kind: 'usage',
      hint: 'pass --table project.dataset.table or --source gs://bucket/prefix (or a folder), or configure [gcp.exports.<name>]',
    });
  }
  return names.map((n) => target(n, { ...shared, ...config.exports[n] }));
}

function target(name: string, settings: Record<string, unknown>): GcpTarget {
  const result = gcpExportSchema.safeParse(settings);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new FinopsError(
      `invalid GCP export settings: gcp.exports.${name}.${issue?.path.join('.')}: ${issue?.message}`,
      {
        kind: 'usage',
      },
    );
  }
  if (Boolean(result.data.table) === Boolean(result.data.source)) {
    throw new FinopsError(`GCP export ${JSON.stringify(name)}: give exactly one of table and source`, {
      kind: 'usage',
      hint: 'table = "project.dataset.table" reads BigQuery; source = "gs://bucket/prefix" or a folder reads files',
    });
  }
  return { name, settings: result.data };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

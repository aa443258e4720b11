/**
 * The one configuration schema. `config.toml`, FINOPS_* environment variables and command-line flags
 * are all validated against it, so a wrong key or value is reported the same way wherever it came from.
 * Keys are snake_case as in the Open FinOps Stack's config.toml.
 */
import { z } from 'zod';

const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

export const s3Schema = z
  .object({
    region: z.string().optional(),
    /** Endpoint of an S3-compatible store (MinIO, R2, OSS, s3rver). */
    endpoint: z.string().url().optional(),
    force_path_style: z.boolean().optional(),
    profile: z.string().optional(),
    /** Only send request checksums when an operation requires them (needed by s3rver, older MinIO). */
    checksums_when_required: z.boolean().optional(),
  })
  .strict();

export const awsExportSchema = z
  .object({
    /** `s3://bucket/prefix` or a local folder; or give bucket and prefix. */
    source: z.string().optional(),
    bucket: z.string().optional(),
    prefix: z.string().optional(),
    /** The export's (report's) name as AWS delivers it; defaults to the table's key. */
    export_name: z.string().optional(),
    cur_version: z.enum(['v1', 'v2']).optional(),
    start_date: yearMonth.optional(),
    end_date: yearMonth.optional(),
    region: z.string().optional(),
    endpoint: z.string().url().optional(),
    force_path_style: z.boolean().optional(),
    profile: z.string().optional(),
  })
  .strict();

export const configSchema = z
  .object({
    warehouse: z
      .object({
        path: z.string().default('finops.duckdb'),
        /** DuckDB memory limit; loads spill to temp_directory beyond it. */
        memory_limit: z.string().default('1GB'),
        threads: z.number().int().positive().optional(),
        temp_directory: z.string().optional(),
        /** Seconds a writer waits for another process that holds the warehouse. */
        lock_wait_seconds: z.number().min(0).default(0),
      })
      .strict()
      .prefault({}),
    cache: z
      .object({
        dir: z.string().default('.finops/cache'),
        concurrency: z.number().int().min(1).max(64).default(4),
      })
      .strict()
      .prefault({}),
    retry: z
      .object({
        attempts: z.number().int().min(1).max(20).default(6),
        base_delay_ms: z.number().int().min(0).default(250),
        max_delay_ms: z.number().int().min(0).default(20_000),
      })
      .strict()
      .prefault({}),
    s3: s3Schema.prefault({}),
    log: z
      .object({ level: z.enum(['debug', 'info', 'warn', 'error']).default('info') })
      .strict()
      .prefault({}),
    aws: z
      .object({ exports: z.record(z.string(), awsExportSchema).default({}) })
      .strict()
      .prefault({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type AwsExportSettings = z.infer<typeof awsExportSchema>;
export type S3Config = z.infer<typeof s3Schema>;

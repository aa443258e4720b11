/**
 * The one configuration schema. `config.toml`, FINOPS_* environment variables and command-line flags
 * are all validated against it, so a wrong key or value is reported the same way wherever it came from.
 * Keys are snake_case as in the Open FinOps Stack's config.toml.
 */

import { z } from 'zod';
import { alibabaSchema } from './alibaba.ts';
import { azureSchema } from './azure.ts';
import { gcpSchema } from './gcp.ts';
import { governSchema } from './govern.ts';
import { inPeriodOrder, periodOrder } from './period-range.ts';

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
  .strict()
  .refine(inPeriodOrder, periodOrder);

/** Where alerts go. A secret (webhook URL, token, SMTP password) is named by an environment variable. */
const sinkCommon = {
  /** The sink's name in logs and in the delivery record; defaults to `<type>-<n>`. */
  name: z.string().min(1).optional(),
  /** Only these kinds of alert (e.g. "anomalies"); every kind when absent. */
  events: z.array(z.string().min(1)).optional(),
};

const webhookUrl = {
  /** The webhook URL. It carries a token: prefer url_env. */
  url: z.string().url().optional(),
  /** The environment variable that holds the webhook URL. */
  url_env: z.string().min(1).optional(),
};

const needsUrl = (sink: { url?: string; url_env?: string }) => Boolean(sink.url) !== Boolean(sink.url_env);
const needsUrlMessage = { message: 'give exactly one of url or url_env', path: ['url'] };

export const slackSinkSchema = z
  .object({ type: z.literal('slack'), ...sinkCommon, ...webhookUrl })
  .strict()
  .refine(needsUrl, needsUrlMessage);

export const webhookSinkSchema = z
  .object({
    type: z.literal('webhook'),
    ...sinkCommon,
    ...webhookUrl,
    /** An environment variable whose value is sent as `Authorization: Bearer <value>`. */
    bearer_token_env: z.string().min(1).optional(),
  })
  .strict()
  .refine(needsUrl, needsUrlMessage);

export const emailSinkSchema = z
  .object({
    type: z.literal('email'),
    ...sinkCommon,
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** Implicit TLS (SMTPS); defaults to true on port 465. */
    secure: z.boolean().optional(),
    /** Refuse to send unless the server offers STARTTLS. */
    require_tls: z.boolean().default(false),
    user: z.string().optional(),
    /** The environment variable that holds the SMTP password. */
    password_env: z.string().min(1).optional(),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
  })
  .strict();

export const notifySchema = z
  .object({
    /** Seconds one delivery attempt may take. */
    timeout_seconds: z.number().positive().default(10),
    /** Attempts per delivery (5xx, 429, timeouts and connection errors are retried with backoff). */
    attempts: z.number().int().min(1).max(10).default(4),
    sinks: z
      .array(z.discriminatedUnion('type', [slackSinkSchema, webhookSinkSchema, emailSinkSchema]))
      .default([]),
  })
  .strict();

export const anomalyDetectors = ['forecast', 'seasonal', 'robust', 'zscore'] as const;
export const anomalySensitivities = ['low', 'medium', 'high'] as const;

/** Gates and sensitivity, for all series or for a group of them. */
const anomalyGates = {
  /** How readily the forecast detector reports: low (fewer, bigger findings), medium, high. */
  sensitivity: z.enum(anomalySensitivities),
  /** A day below this spend never alerts (currency units). */
  min_daily_cost: z.number().min(0),
  /** Nor does a change smaller than this (|actual - expected|, currency units)... */
  min_impact: z.number().min(0),
  /** ...or smaller than this percentage of the expected spend. */
  min_percent: z.number().min(0),
};

/** A glob (`*`, `?`, `[...]`) on a series' provider, sub account (id or name), service, tag value, currency. */
const anomalyMatch = z
  .object({
    provider: z.string().min(1),
    sub_account: z.string().min(1),
    service: z.string().min(1),
    tag_value: z.string().min(1),
    currency: z.string().min(1),
  })
  .partial()
  .strict();

/** Settings for the series a match picks out; the first group that matches a series wins. */
export const anomalyGroupSchema = z
  .object({
    /** A name for the group in messages. */
    name: z.string().min(1).optional(),
    match: anomalyMatch,
    sensitivity: anomalyGates.sensitivity.optional(),
    min_daily_cost: anomalyGates.min_daily_cost.optional(),
    min_impact: anomalyGates.min_impact.optional(),
    min_percent: anomalyGates.min_percent.optional(),
  })
  .strict();

/** Anomaly detection over daily cost (README, "finops anomalies"). */
export const anomaliesSchema = z
  .object({
    metric: z.enum(['EffectiveCost', 'BilledCost']).default('EffectiveCost'),
    detectors: z.array(z.enum(anomalyDetectors)).min(1).default(['forecast']),
    /** Split the series by this tag key as well (Tags->>key). */
    tag_key: z.string().min(1).optional(),
    /** ChargeCategory values counted (usage by default: monthly fees and taxes would spike every 1st). */
    charge_categories: z.array(z.string().min(1)).min(1).default(['Usage']),
    sensitivity: anomalyGates.sensitivity.default('medium'),
    min_daily_cost: anomalyGates.min_daily_cost.default(10),
    min_impact: anomalyGates.min_impact.default(10),
    min_percent: anomalyGates.min_percent.default(10),
    /** Per group of series: sensitivity and gates that differ from the ones above. */
    groups: z.array(anomalyGroupSchema).default([]),
    /** Trailing days the z-score and robust detectors compare a day with. */
    window_days: z.number().int().min(3).max(365).default(14),
    /** Days of history a series needs before the z-score and robust detectors score it. */
    min_history_days: z.number().int().min(3).max(365).default(7),
    /** Same weekdays the seasonal detector compares a day with. */
    seasonal_weeks: z.number().int().min(2).max(26).default(6),
    zscore_threshold: z.number().positive().default(3),
    robust_threshold: z.number().positive().default(5),
    seasonal_threshold: z.number().positive().default(2.6),
    /** A finding at most this many days after the previous one of its series joins that one's alert. */
    group_days: z.number().int().min(0).max(90).default(3),
    /** Alerts with at least this impact (or a doubling of spend) are critical; the others warnings. */
    critical_impact: z.number().min(0).default(1000),
    /** Resources and usage types listed in an alert. */
    top_contributors: z.number().int().min(0).max(50).default(5),
  })
  .strict();

export const configSchema = z
  .object({
    warehouse: z
      .object({
        path: z.string().default('finops.duckdb'),
        /**
         * DuckDB memory limit; loads spill to temp_directory beyond it. DuckDB allocates a few hundred MB
         * past it: at 512MB an 8M-row import peaks at 0.8 GB RSS (1.8 GB at 1GB) and takes no longer.
         */
        memory_limit: z.string().default('512MB'),
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
    alibaba: alibabaSchema.prefault({}),
    azure: azureSchema.prefault({}),
    gcp: gcpSchema.prefault({}),
    notify: notifySchema.prefault({}),
    anomalies: anomaliesSchema.prefault({}),
    govern: governSchema.prefault({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type AwsExportSettings = z.infer<typeof awsExportSchema>;
export type S3Config = z.infer<typeof s3Schema>;
export type NotifyConfig = z.infer<typeof notifySchema>;
export type SinkConfig = NotifyConfig['sinks'][number];
export type AnomaliesConfig = z.infer<typeof anomaliesSchema>;
export type AnomalyGroup = z.infer<typeof anomalyGroupSchema>;

/**
 * Loads the configuration: defaults < config.toml < FINOPS_* environment < command-line flags.
 * `config.toml` is read from the working directory unless --config names another file; a file named
 * explicitly must exist. Errors name the file, the line (TOML syntax) or the key (schema).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { FinopsError } from '../errors.ts';
import { liftFlatAwsExport, resolveSources } from './file-shapes.ts';
import { type Config, configSchema } from './schema.ts';

type Kind = 'string' | 'number' | 'boolean';

/** Environment variables that set configuration keys (the AWS export ones live in aws.ts). */
export const envKeys: Record<string, [section: string, key: string, kind: Kind]> = {
  FINOPS_DATABASE: ['warehouse', 'path', 'string'],
  FINOPS_MEMORY_LIMIT: ['warehouse', 'memory_limit', 'string'],
  FINOPS_THREADS: ['warehouse', 'threads', 'number'],
  FINOPS_TEMP_DIRECTORY: ['warehouse', 'temp_directory', 'string'],
  FINOPS_LOCK_WAIT_SECONDS: ['warehouse', 'lock_wait_seconds', 'number'],
  FINOPS_CACHE_DIR: ['cache', 'dir', 'string'],
  FINOPS_CACHE_CONCURRENCY: ['cache', 'concurrency', 'number'],
  FINOPS_RETRY_ATTEMPTS: ['retry', 'attempts', 'number'],
  FINOPS_S3_ENDPOINT: ['s3', 'endpoint', 'string'],
  FINOPS_S3_REGION: ['s3', 'region', 'string'],
  FINOPS_S3_FORCE_PATH_STYLE: ['s3', 'force_path_style', 'boolean'],
  FINOPS_S3_CHECKSUMS_WHEN_REQUIRED: ['s3', 'checksums_when_required', 'boolean'],
  FINOPS_LOG_LEVEL: ['log', 'level', 'string'],
};

export type ConfigOverrides = { [section: string]: Record<string, unknown> | undefined };

export interface LoadedConfig {
  config: Config;
  /** The file that was read, if any. */
  file?: string;
}

export interface LoadConfigOptions {
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  overrides?: ConfigOverrides;
  cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const explicit = options.configPath ?? env.FINOPS_CONFIG;
  const file = explicit ?? path.join(options.cwd ?? process.cwd(), 'config.toml');
  let raw: Record<string, unknown> = {};
  if (explicit && !existsSync(file)) {
    throw new FinopsError('configuration file not found', { kind: 'usage', file });
  }
  const haveFile = existsSync(file);
  if (haveFile) {
    raw = readToml(file);
    liftFlatAwsExport(raw);
    resolveSources(raw, path.dirname(path.resolve(file)));
  }
  merge(raw, envOverrides(env));
  merge(raw, options.overrides ?? {});
  return { config: validate(raw, haveFile ? file : undefined), file: haveFile ? file : undefined };
}

function readToml(file: string): Record<string, unknown> {
  try {
    return parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      throw new FinopsError(`invalid TOML: ${error.message.split('\n')[0]}`, {
        kind: 'usage',
        file,
        line: error.line,
        cause: error,
      });
    }
    throw error;
  }
}

function envOverrides(env: NodeJS.ProcessEnv): ConfigOverrides {
  const out: ConfigOverrides = {};
  for (const [name, [section, key, kind]] of Object.entries(envKeys)) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    out[section] ??= {};
    (out[section] as Record<string, unknown>)[key] = coerce(name, text, kind);
  }
  return out;
}

export function coerce(name: string, text: string, kind: Kind): string | number | boolean {
  if (kind === 'string') return text;
  if (kind === 'boolean') {
    if (/^(true|1|yes)$/i.test(text)) return true;
    if (/^(false|0|no)$/i.test(text)) return false;
  } else if (/^-?\d+(\.\d+)?$/.test(text)) {
    return Number(text);
  }
  throw new FinopsError(`${name}=${JSON.stringify(text)} is not a valid ${kind}`, { kind: 'usage' });
}

/** Deep-merges plain objects from `over` into `base`; undefined values in `over` are ignored. */
export function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = base[key];
    if (isPlainObject(value) && isPlainObject(current)) merge(current, value);
    else base[key] = isPlainObject(value) ? merge({}, value) : value;
  }
  return base;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function validate(raw: Record<string, unknown>, file?: string): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new FinopsError(`invalid configuration: ${describeIssues(result.error)}`, {
    kind: 'usage',
    file,
    hint: 'see config.toml.example for every key and its meaning',
  });
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(top level)';
      if (issue.code === 'unrecognized_keys') {
        return `${where === '(top level)' ? '' : `${where}: `}unknown key ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
      }
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * What every command needs, built once from global flags: the merged configuration, a logger, and
 * helpers to open the warehouse, the download cache and object stores with those settings.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type ConfigOverrides, loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { loadGovernance } from '../govern/load-policy.ts';
import { LiveLine } from '../live-line.ts';
import { createLogger, type Logger, type LogLevel } from '../log.ts';
import { createProgress, type Progress } from '../progress.ts';
import type { LoadContext } from '../sources/source.ts';
import { DownloadCache } from '../stores/cache.ts';
import { type OpenStoreOptions, openStore, type StoreLocation } from '../stores/open-store.ts';
import type { RetryPolicy } from '../stores/retry.ts';
import { Warehouse } from '../warehouse/warehouse.ts';

export interface GlobalFlags {
  config?: string;
  database?: string;
  logLevel?: string;
  verbose?: boolean;
  quiet?: boolean;
}

/** How to reach a store's cloud: S3 settings, Azure credentials, or a GCS project and endpoint. */
export type StoreAccess = Pick<OpenStoreOptions, 's3' | 'azure' | 'gcs'>;

export interface Context {
  config: Config;
  configFile?: string;
  logger: Logger;
  /** Progress of long steps: a live line on a terminal, one log line per long step elsewhere. */
  progress: Progress;
  retry: RetryPolicy;
  openWarehouse(options?: { readOnly?: boolean; waitSeconds?: number }): Promise<Warehouse>;
  /** Read-only, or an empty in-memory warehouse when none exists yet (for listings and dry runs). */
  openForReading(): Promise<Warehouse>;
  openCache(): DownloadCache;
  /** The store at `location`, with the configured retries and logger; `access` says how to reach it. */
  openStore(location: string, access?: StoreAccess): StoreLocation;
  /** What a source's import needs: the warehouse, a cache, progress, and the tag policy loads apply. */
  loadContext(warehouse: Warehouse): LoadContext;
}

export function createContext(flags: GlobalFlags, overrides: ConfigOverrides = {}): Context {
  const level: LogLevel | undefined = flags.verbose
    ? 'debug'
    : flags.quiet
      ? 'warn'
      : (flags.logLevel as LogLevel);
  const { config, file } = loadConfig({
    configPath: flags.config,
    overrides: {
      ...overrides,
      warehouse: { ...overrides.warehouse, path: flags.database },
      log: { level },
    },
  });
  // --quiet drops the live line and info logs, but each long step still leaves its one line.
  const line = process.stderr.isTTY && !flags.quiet ? new LiveLine(process.stderr) : undefined;
  const logger = createLogger({ level: config.log.level, line });
  const progress = createProgress(logger, {
    line,
    stepLogger: flags.quiet ? createLogger({ level: 'info' }) : undefined,
  });
  const retry: RetryPolicy = {
    attempts: config.retry.attempts,
    baseDelayMs: config.retry.base_delay_ms,
    maxDelayMs: config.retry.max_delay_ms,
  };
  const openWarehouse: Context['openWarehouse'] = ({ readOnly = false, waitSeconds } = {}) =>
    Warehouse.open({
      path: config.warehouse.path,
      readOnly,
      memoryLimit: config.warehouse.memory_limit,
      threads: config.warehouse.threads,
      tempDirectory:
        config.warehouse.temp_directory ??
        path.join(path.dirname(path.resolve(config.warehouse.path)), '.finops/tmp'),
      lockTimeoutMs: (waitSeconds ?? config.warehouse.lock_wait_seconds) * 1000,
      logger,
    });
  const openCache = () =>
    new DownloadCache({ root: config.cache.dir, retry, logger, concurrency: config.cache.concurrency });
  return {
    config,
    configFile: file,
    logger,
    progress,
    retry,
    openWarehouse,
    openForReading: () =>
      existsSync(config.warehouse.path)
        ? openWarehouse({ readOnly: true })
        : Warehouse.open({ path: ':memory:' }),
    openCache,
    openStore: (location, access) => openStore(location, { ...access, retry, logger }),
    loadContext: (warehouse) => ({
      warehouse,
      cache: openCache(),
      progress,
      logger,
      tagPolicy: loadGovernance(config, file).tags,
    }),
  };
}

/**
 * The one module that owns the DuckDB database: opening it (once per process), session settings,
 * queries with bound parameters, transactions and migrations. Nothing else talks to @duckdb/node-api,
 * so the API's many variants stay in this file.
 *
 * Money stays exact on the way out: DECIMAL and BIGINT values come back as strings (use `::INTEGER` in
 * SQL for small counts that should be numbers).
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { FinopsError } from '../errors.ts';
import { type Logger, silentLogger } from '../log.ts';
import { checkFreeSpace, MIN_WRITE_BYTES } from './disk-space.ts';
import { migrate } from './migrate.ts';

type DuckDB = typeof import('@duckdb/node-api');
/** DuckDB's binding loads with the first warehouse opened, not with every command that names one. */
let duckdb: DuckDB | undefined;
async function loadDuckDB(): Promise<DuckDB> {
  // Bundled (dist/), the CommonJS package arrives as a default export only.
  const m = (await import('@duckdb/node-api')) as DuckDB & { default?: DuckDB };
  duckdb ??= m.DuckDBInstance ? m : (m.default as DuckDB);
  return duckdb;
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Row = Record<string, Json>;
export type Param = string | number | boolean | bigint | null | string[];
export type Params = Record<string, Param>;

export interface WarehouseOptions {
  /** Database file; `:memory:` for a throw-away warehouse. */
  path: string;
  readOnly?: boolean;
  /** DuckDB memory_limit, e.g. `1GB`. Big loads spill to `tempDirectory` beyond it. */
  memoryLimit?: string;
  tempDirectory?: string;
  threads?: number;
  /** How long to wait for another process that holds the database. */
  lockTimeoutMs?: number;
  logger?: Logger;
}

export class Warehouse {
  readonly path: string;
  readonly readOnly: boolean;
  /** Where DuckDB spills what does not fit in memory_limit. */
  readonly tempDirectory?: string;
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    options: WarehouseOptions,
  ) {
    this.path = options.path;
    this.readOnly = options.readOnly ?? false;
    this.tempDirectory = options.tempDirectory;
  }

  static async open(options: WarehouseOptions): Promise<Warehouse> {
    const logger = options.logger ?? silentLogger;
    const file = options.path;
    if (file !== ':memory:') {
      if (options.readOnly && !existsSync(file)) {
        throw new FinopsError(`no warehouse at ${file}`, {
          kind: 'usage',
          hint: 'load data first (finops demo, finops aws import-cur) or pass --database PATH',
        });
      }
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      if (!options.readOnly)
        checkFreeSpace(path.dirname(path.resolve(file)), MIN_WRITE_BYTES, 'the warehouse');
    }
    // The spill folder must exist before DuckDB needs it, wherever the warehouse lives.
    if (options.tempDirectory && !options.readOnly) mkdirSync(options.tempDirectory, { recursive: true });
    const instance = await openWithLockWait(options, logger);
    const connection = await instance.connect();
    const warehouse = new Warehouse(instance, connection, options);
    await warehouse.run("SET TimeZone = 'UTC'");
    // DuckDB tracks how far a statement is (progress lines read it), without drawing its own bar.
    await warehouse.run('SET enable_progress_bar = true');
    await warehouse.run('SET enable_progress_bar_print = false');
    if (!warehouse.readOnly) {
      await warehouse.run('SET preserve_insertion_order = false');
      await migrate(warehouse);
    }
    return warehouse;
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, params && toValues(params), params && toTypes(params));
  }

  /** How far the running statement is (0..1), when DuckDB can tell (file reads, table scans). */
  statementProgress(): number | undefined {
    const { percentage } = this.connection.progress;
    return percentage >= 0 ? percentage / 100 : undefined;
  }

  async all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(
      sql,
      params && toValues(params),
      params && toTypes(params),
    );
    return reader.getRowObjectsJson() as T[];
  }

  async one<T extends Row = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Column names and rows, for printing query results in the user's column order. */
  async table(sql: string, params?: Params): Promise<{ columns: string[]; rows: Json[][] }> {
    const reader = await this.connection.runAndReadAll(
      sql,
      params && toValues(params),
      params && toTypes(params),
    );
    return { columns: reader.columnNames(), rows: reader.getRowsJson() as Json[][] };
  }

  /**
   * Shuts this session out of everything but the warehouse, for SQL a user typed: no file read or
   * written outside it (COPY, read_csv, ATTACH), no extension installed or loaded, and no setting
   * changed afterwards (the configuration is locked).
   */
  async sandbox(): Promise<void> {
    await this.run('SET enable_external_access = false');
    await this.run('SET autoinstall_known_extensions = false');
    await this.run('SET autoload_known_extensions = false');
    await this.run('SET lock_configuration = true');
  }

  /** How many statements `sql` holds (parsed, not run). */
  async statementCount(sql: string): Promise<number> {
    return (await this.connection.extractStatements(sql)).count;
  }

  /** Runs `work` in one transaction: all of it commits, or none of it does. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.run('COMMIT');
      return result;
    } catch (error) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function toValues(params: Params): Record<string, DuckDBValue> {
  const values: Record<string, DuckDBValue> = {};
  for (const [name, value] of Object.entries(params)) {
    values[name] = Array.isArray(value) ? (duckdb as DuckDB).listValue(value) : value;
  }
  return values;
}

/** Lists are typed VARCHAR[]: an empty one has no items to tell DuckDB its type. */
function toTypes(params: Params): Record<string, DuckDBType | undefined> {
  const { LIST, VARCHAR } = duckdb as DuckDB;
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, Array.isArray(value) ? LIST(VARCHAR) : undefined]),
  );
}

async function openWithLockWait(options: WarehouseOptions, logger: Logger): Promise<DuckDBInstance> {
  const config: Record<string, string> = {};
  if (options.readOnly) config.access_mode = 'READ_ONLY';
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  if (options.tempDirectory) config.temp_directory = options.tempDirectory;
  if (options.threads) config.threads = String(options.threads);
  const deadline = Date.now() + (options.lockTimeoutMs ?? 0);
  let warned = false;
  const waiting = waitingMarker(options.path);
  try {
    for (;;) {
      try {
        return await (await loadDuckDB()).DuckDBInstance.create(options.path, config);
      } catch (error) {
        const holder = lockHolder(error);
        if (holder === undefined) throw error;
        if (Date.now() >= deadline) {
          throw new FinopsError(`the warehouse ${options.path} is in use by another process (${holder})`, {
            kind: 'busy',
            cause: error,
            hint: 'wait for it to finish, or pass --wait SECONDS to wait for it',
          });
        }
        if (!warned) logger.info(`waiting for ${holder} to release ${options.path}`);
        warned = true;
        // A writer that waits says so: readers that come and go (the dashboard) step aside for it.
        if (!options.readOnly) signalWaiting(waiting);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    if (warned && !options.readOnly) rmSync(waiting, { force: true });
  }
}

/** The file a writer waiting for the warehouse keeps fresh while it waits. */
export const waitingMarker = (database: string) => `${path.resolve(database)}.waiting`;

function signalWaiting(marker: string): void {
  try {
    writeFileSync(marker, `${process.pid}\n`);
  } catch {
    // A reader that cannot see the marker only makes the writer wait longer.
  }
}

/** Whether a writer is waiting for `database` now (its marker is fresh). */
export function writerWaiting(database: string): boolean {
  try {
    return Date.now() - statSync(waitingMarker(database)).mtimeMs < 3000;
  } catch {
    return false;
  }
}

/** The lock holder named in DuckDB's "Could not set lock" error, or undefined for other errors. */
function lockHolder(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!/Could not set lock|Conflicting lock/i.test(message)) return undefined;
  const pid = /PID (\d+)/.exec(message)?.[1];
  return pid ? `PID ${pid}` : 'another process';
}

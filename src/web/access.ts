/**
 * How the dashboard holds the warehouse. DuckDB lets one process write a database file only while no
 * other process has it open, so a server that kept the file open would make every import fail as
 * "busy". The server opens it read-only when a request comes, answers, and releases it after a few
 * idle seconds, or at once when an import is waiting for the file (a dashboard polled every two seconds
 * would otherwise never be idle); a request that arrives while an import holds the file waits for it
 * (up to `lockWaitMs`), then answers 503.
 *
 * Opening also checks the daily aggregates against the ledger and, when they are behind (data loaded
 * before the loads refreshed them), rebuilds them through a brief writable open first.
 *
 * One DuckDB connection serves every request, so requests run one at a time: each takes milliseconds.
 */
import { FinopsError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { Warehouse, type WarehouseOptions, writerWaiting } from '../warehouse/warehouse.ts';
import {
  type AggregateStatus,
  inspectAggregates,
  needsUpdate,
  updateAggregates,
} from './aggregates/status.ts';

export interface AccessOptions {
  path: string;
  memoryLimit?: string;
  threads?: number;
  tempDirectory?: string;
  /** How long a request waits for a load that holds the warehouse. */
  lockWaitMs: number;
  /** Idle time after which the warehouse is released. */
  idleMs: number;
  logger: Logger;
}

/** The open warehouse, and answers computed once per opening (the data cannot change while it is open). */
export interface Session {
  w: Warehouse;
  status: AggregateStatus;
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

export class WarehouseAccess {
  private session?: Session;
  private queue: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private watch?: NodeJS.Timeout;

  constructor(private readonly options: AccessOptions) {}

  /** Runs `work` with the open warehouse, after any work queued before it. */
  use<T>(work: (session: Session) => Promise<T>): Promise<T> {
    const run = async () => {
      clearTimeout(this.timer);
      // An import waiting for the file gets it: this request waits its turn (up to lockWaitMs).
      if (writerWaiting(this.options.path)) {
        this.closeSession();
        await this.writerTurn();
      }
      try {
        return await work(await this.current());
      } finally {
        this.timer = setTimeout(() => this.release(), this.options.idleMs);
        this.timer.unref();
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Opens the warehouse once at start: a missing warehouse or focus.costs, or a load holding the file
   * while the aggregates need building, fail here rather than on the first request.
   */
  async start(): Promise<void> {
    await this.use(async (s) => {
      if (!s.status.focus) {
        throw new FinopsError(`the warehouse ${this.options.path} has no focus.costs yet`, {
          kind: 'usage',
          hint: 'load data first: finops demo, finops aws import-cur or finops focus import',
        });
      }
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.queue;
    this.closeSession();
  }

  private release(): void {
    this.queue = this.queue.then(() => this.closeSession());
  }

  /**
   * Waits while a writer still waits for the file: reopening at once would take the file back before
   * the writer's next try. Once it holds the file, opening waits for it like any other load.
   */
  private async writerTurn(): Promise<void> {
    const until = Date.now() + this.options.lockWaitMs;
    while (writerWaiting(this.options.path) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Between requests, a writer that starts waiting gets the file within a second, not after idleMs. */
  private watchForWriters(): void {
    this.watch = setInterval(() => {
      if (writerWaiting(this.options.path)) this.release();
    }, 500);
    this.watch.unref();
  }

  private closeSession(): void {
    clearInterval(this.watch);
    if (!this.session) return;
    this.session.w.close();
    this.session = undefined;
    this.options.logger.debug('released the warehouse');
  }

  private async current(): Promise<Session> {
    if (this.session) return this.session;
    let w = await this.open(true);
    let status = await inspectAggregates(w);
    if (needsUpdate(status)) {
      w.close();
      await this.update();
      w = await this.open(true);
      status = await inspectAggregates(w);
    }
    const memos = new Map<string, Promise<unknown>>();
    this.watchForWriters();
    this.session = {
      w,
      status,
      memo: <T>(key: string, compute: () => Promise<T>) => {
        let value = memos.get(key);
        if (!value) {
          value = compute();
          memos.set(key, value);
          value.catch(() => memos.delete(key));
        }
        return value as Promise<T>;
      },
    };
    return this.session;
  }

  /** Brings the aggregates up to date through a writable open; when a load holds the file, serves as is. */
  private async update(): Promise<void> {
    let w: Warehouse;
    try {
      w = await this.open(false);
    } catch (error) {
      if (error instanceof FinopsError && error.kind === 'busy') {
        this.options.logger.warn('the dashboard aggregates are behind, and a load holds the warehouse');
        return;
      }
      throw error;
    }
    try {
      await updateAggregates(w, this.options.logger);
    } finally {
      w.close();
    }
  }

  private open(readOnly: boolean): Promise<Warehouse> {
    const o = this.options;
    const options: WarehouseOptions = {
      path: o.path,
      readOnly,
      memoryLimit: o.memoryLimit,
      threads: o.threads,
      tempDirectory: o.tempDirectory,
      lockTimeoutMs: o.lockWaitMs,
      logger: o.logger,
    };
    return Warehouse.open(options);
  }
}

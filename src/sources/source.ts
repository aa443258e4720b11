/**
 * The contract between a source and the pipeline (src/pipeline/). A source says what it knows: where
 * its deliveries are and which units of work they make (`plan`), how to bring a unit's files here
 * (`fetch`), read them typed (`stage`) and map them to FOCUS (`normalize`), and what its published rows
 * must add up to (`reconcile`). The pipeline owns everything else, once for every source: the order of
 * the steps, the ledger row opened before any work, the tag policy, placing the stages by the source's
 * disposition in one transaction, the failure record with the step that failed, crash recovery and
 * FOCUS validation per period.
 */
import type { TagPolicy } from '../govern/policy.ts';
import type { Logger } from '../log.ts';
import type { Progress } from '../progress.ts';
import type { DownloadCache } from '../stores/cache.ts';
import type { PeriodTableSet, SliceMatch } from '../warehouse/period-tables.ts';
import type { SliceTotal } from '../warehouse/reconcile.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import type { LocalDataFile } from './local-data-file.ts';

/**
 * How a unit's rows take their place: `replace-period` swaps the source's whole billing period (a
 * monthly CUR, an Azure month); `replace-slice` replaces only the rows of the unit's slice inside the
 * period (a daily batch), leaving the period's other slices as they are.
 */
export type Disposition = 'replace-period' | 'replace-slice';

/** Where a source's rows live: typed raw rows (when it has any) and FOCUS rows, one table per period. */
export interface SourceTables {
  raw?: PeriodTableSet;
  focus: PeriodTableSet;
}

/** One configured source: what the ledger calls it and where its deliveries are. */
export interface Target {
  name: string;
  /** `s3://bucket/prefix`, `az://container/path`, a table name or a folder: for the ledger and messages. */
  location: string;
}

/** A unit of work as planned: a billing period of one source, or a slice (batch) of one. */
export interface Unit {
  /** `YYYY-MM` */
  period: string;
  /** The slice inside the period (a batch id) for `replace-slice` sources. */
  part?: string;
  /** The version fingerprint (assemblyId, run ids, ETags...): an unchanged one is not loaded again. */
  versionId: string;
  /** What identifies the delivery in the ledger (a manifest key, a batch id, a query). */
  manifestKey?: string;
  files: number;
  bytes: number;
  /** The version the warehouse holds for this unit, if any. */
  loadedVersion?: string;
  /** A newer unit replaces this one (a snapshot batch that a later one contains). */
  superseded?: boolean;
  /** Why the unit waits for a later run (the provider is still writing it); nothing is loaded now. */
  deferred?: string;
  /** What planning decided, for the user (e.g. which export runs win). */
  notes?: string[];
  /** Why the unit cannot be loaded as delivered (a broken manifest, a missing file): it fails alone. */
  blocked?: unknown;
}

/** What staging read: the ledger's rows per file and the totals that the published rows must equal. */
export interface Staged {
  /** What the reader recognized the delivery as, for the ledger: `CUR 2.0 Parquet`, `FOCUS 1.0`. */
  format?: string;
  /** The columns that arrived, as delivered (the ledger notes the ones this source had not sent before). */
  columns?: string[];
  /** Rows and cost read, per file and currency (raw rows, as delivered). */
  read: SliceTotal[];
  /** The ledger's cost per currency when it is not the sum of `read` (e.g. net of credits). */
  costTotals?: Record<string, string>;
}

/** The quoted stage tables of one load. */
export interface StageTables {
  raw?: string;
  focus: string;
  /** A work table of this load beside the FOCUS stage; it is dropped with the stages. */
  work(suffix: string): string;
}

/** What every step of a load may use. */
export interface LoadContext {
  warehouse: Warehouse;
  cache: DownloadCache;
  progress: Progress;
  logger: Logger;
  /** Applied to every unit's FOCUS rows before they are published (src/govern). */
  tagPolicy?: TagPolicy;
}

/** A step's view of the load: the context, the target, and the unit's ledger row. */
export interface UnitContext<T extends Target = Target> extends LoadContext {
  target: T;
  loadId: number;
  force: boolean;
}

/** Planning may read the warehouse (what is loaded) and, for sources whose files are their index, fetch. */
export interface PlanContext extends LoadContext {
  force: boolean;
  /** Load a delivery even when another source of the same type has published it. */
  allowDuplicate?: boolean;
}

export interface Source<T extends Target = Target, U extends Unit = Unit, S extends Staged = Staged> {
  /** The ledger's source_type. */
  type: string;
  description: string;
  tables: SourceTables;
  disposition: Disposition;
  /** FOCUS features the validation applies (src/focus/applicability.ts). */
  applicability: string[];
  /** The units the target's deliveries make, oldest first; a unit that cannot load is `blocked`. */
  plan(ctx: PlanContext, target: T): Promise<U[]>;
  /** Brings the unit's files to this machine, each proven whole (see fetchFiles). */
  fetch(ctx: UnitContext<T>, unit: U): Promise<LocalDataFile[]>;
  /** Reads the files typed into `into.raw` (or straight into FOCUS rows) and checks them. */
  stage(ctx: UnitContext<T>, unit: U, files: LocalDataFile[], into: StageTables): Promise<S>;
  /** Creates `into.focus`: the unit's rows as FOCUS, with the lineage columns. */
  normalize(ctx: UnitContext<T>, unit: U, staged: S, into: StageTables): Promise<void>;
  /**
   * For `replace-slice`: the column values that mark the unit's rows in a table of this source (a list:
   * any of its values; a null in it also takes rows without a value).
   */
  slice?(ctx: UnitContext<T>, unit: U, table: 'raw' | 'focus'): SliceMatch;
  /** Inside the publishing transaction, after placement: the published rows equal what was read. */
  reconcile(ctx: UnitContext<T>, unit: U, staged: S): Promise<void>;
  /** Inside the transaction, after reconciliation: the source's own bookkeeping (e.g. column lineage). */
  afterSwap?(ctx: UnitContext<T>, unit: U, staged: S): Promise<void>;
  /**
   * Whether the plan lists every period the target's location holds (a file set read whole, no period
   * range): then a published period missing from it has vanished from the delivery.
   */
  complete?(target: T): boolean;
  /** What to check when a location holds nothing to load (its layout, in a few words). */
  emptyHint?: string;
  /** How to look closer at a failing validation (default: `finops focus validate --period P`). */
  validationHint?(target: T, period: string): string;
}

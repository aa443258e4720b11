/**
 * What happened to one unit of work in an import, for every source alike: the CLI prints these, the
 * demo and tests read them, and a failed one carries its error and the step it failed in.
 */
import type { ValidationSummary } from '../warehouse/ledger.ts';

export type UnitStatus =
  | 'loaded'
  | 'unchanged'
  | 'superseded'
  | 'skipped'
  | 'would load'
  | 'failed'
  /** Published earlier, no longer in the source's delivery (see forget.ts). */
  | 'vanished'
  /** Vanished, and removed by --prune. */
  | 'forgotten';

/** The steps of a load, in order; a failure names the one it happened in. */
export const steps = ['plan', 'fetch', 'stage', 'normalize', 'publish', 'validate'] as const;
export type Step = (typeof steps)[number];

export interface UnitOutcome {
  /** The configured source's name (the ledger's source_name). */
  source: string;
  period: string;
  /** The slice inside the period (a batch), for sources that load in slices. */
  part?: string;
  versionId: string;
  /** What the delivery is in the ledger: a manifest key (several, comma-separated), a batch id. */
  manifestKey?: string;
  status: UnitStatus;
  files: number;
  bytes: number;
  rows?: number;
  /** Exact decimal text per currency. */
  costTotals?: Record<string, string>;
  validation?: ValidationSummary;
  notes?: string[];
  /** Wall time of the load. */
  ms?: number;
  loadId?: number;
  error?: unknown;
  /** The step a failed unit stopped in. */
  failedStep?: Step;
}

export const failed = (outcomes: UnitOutcome[]) => outcomes.filter((o) => o.status === 'failed');

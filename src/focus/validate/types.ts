/**
 * The validator's public shapes: what a caller asks for (`ValidateOptions`) and what it gets back
 * (`ValidationReport`, one `RuleResult` per rule of the FOCUS requirements model). Plain data, so the
 * report prints as JSON unchanged and can be stored in the load ledger.
 */
import type { Params } from '../../warehouse/warehouse.ts';

export interface ValidateOptions {
  /** SQL relation to validate, already quoted, e.g. 'focus.costs' or '"focus"."costs"'. */
  relation: string;
  /** Optional row filter: SQL text using bound params, e.g. { sql: '"ServiceProviderName" = $provider', params: { provider: 'AWS' } }. */
  where?: { sql: string; params: Params };
  /** Applicability criteria the provider supports ('all' or names from the model's ApplicabilityCriteria). */
  applicability: 'all' | string[];
  /** Example rows per failing rule (default 3). */
  examples?: number;
}

export type RuleStatus = 'pass' | 'fail' | 'skip';

export type RuleLevel = 'Mandatory' | 'Conditional' | 'Optional';

export interface RuleResult {
  ruleId: string;
  /** The column or dataset the rule is about (the model's `Reference`). */
  reference: string;
  /** The requirement's top-level check function (`AND` for composites); `Dynamic` for rules the model does not make executable. */
  function: string;
  /** MUST, MUST NOT, SHOULD, SHOULD NOT, RECOMMENDED or MAY. */
  keyword: string;
  /** From the rule id suffix M/C/O. */
  level: RuleLevel;
  status: RuleStatus;
  /** Rows that break the rule (row-level checks, and rows of the offending groups for distinct-count checks). */
  failingRows?: number;
  /** Up to `examples` offending rows (or groups), with the columns the rule reads and a few locating columns. */
  examples?: Record<string, unknown>[];
  /** Why the rule was skipped, or what failed. */
  reason?: string;
  /** The normative sentence from the specification. */
  mustSatisfy: string;
  /** Set when the rule is a known defect of the model: what is wrong and how it was handled. */
  defect?: string;
}

export interface KnownDefectNote {
  ruleId: string;
  /** `corrected`: the evidently intended rule was evaluated; `skipped`: it cannot be evaluated from the data. */
  treatment: 'corrected' | 'skipped';
  why: string;
}

export interface ValidationReport {
  modelVersion: string;
  dataset: 'CostAndUsage';
  rows: number;
  results: RuleResult[];
  summary: { pass: number; fail: number; skip: number; mandatoryFailures: number };
  /** The model defects this validator works around (known-defects.json), whether or not they were reached. */
  knownDefects: KnownDefectNote[];
}

/**
 * Commitment discounts (Reserved Instances, Savings Plans, committed use discounts) in one billing
 * period, as plain data for `finops commitments` and the dashboard: utilization of each commitment,
 * coverage of eligible usage, savings against list cost, and commitments that end soon where the data
 * says when. Built on the FOCUS commitment columns, so it reads every provider the same way.
 */
import { fillTemplate, readSql } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { pickPeriod } from './governed-costs.ts';

export interface CommitmentRow {
  provider: string;
  currency: string;
  id: string;
  name: string | null;
  type: string | null;
  category: string | null;
  /** Exact decimal text (EffectiveCost). */
  used: string;
  unused: string;
  /** used / (used + unused); null without either. */
  utilization: number | null;
  /** The same by CommitmentDiscountQuantity, when the data gives it. */
  quantity_utilization: number | null;
  /** ListCost of the covered usage; null when the data gives none for some of it. */
  list_cost: string | null;
  /**
   * list_cost - used - unused; null (unknown) without a list price for all covered usage, or when the
   * list cost of the covered usage is what it cost (no price without the commitment to compare with).
   */
  savings: string | null;
  /** BilledCost of the commitment's purchase rows in the period. */
  purchased: string;
}

export interface CoverageRow {
  provider: string;
  currency: string;
  category: string;
  /** ListCost of usage covered by commitments. */
  covered: string;
  /** ListCost of on-demand usage in the same category. */
  on_demand: string;
  coverage: number;
}

export interface CommitmentTotals {
  currency: string;
  used: string;
  unused: string;
  utilization: number | null;
  list_cost: string | null;
  savings: string | null;
  /** savings / list_cost. */
  savings_rate: number | null;
  coverage: number | null;
}

export interface ExpiringCommitment {
  provider: string | null;
  id: string;
  name: string | null;
  type: string | null;
  /** UTC, ISO 8601. */
  ends: string;
  days_left: number;
}

export interface CommitmentReport {
  period: string | null;
  totals: CommitmentTotals[];
  commitments: CommitmentRow[];
  coverage: CoverageRow[];
  /** Whether any loaded data says when commitments end; when not, `expiring` is empty for lack of data. */
  expiryKnown: boolean;
  expiring: ExpiringCommitment[];
  asOf: string;
  withinDays: number;
}

export interface CommitmentOptions {
  period?: string;
  /** The day expiry is counted from (YYYY-MM-DD, UTC; default today). */
  asOf?: string;
  /** Default 90. */
  withinDays?: number;
}

type Loose<T> = T & Record<string, never>;

export async function commitmentReport(
  w: Warehouse,
  options: CommitmentOptions = {},
): Promise<CommitmentReport> {
  const period = await pickPeriod(w, options.period);
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const withinDays = options.withinDays ?? 90;
  const ends = await expirySources(w);
  const expiring = ends.length
    ? await w.all<Loose<ExpiringCommitment>>(
        fillTemplate(readSql(import.meta.url, 'commitments/expiring.sql'), {
          ends: ends.join('\nUNION ALL\n'),
        }),
        { asOf, days: withinDays },
      )
    : [];
  const base = { period: period ?? null, expiryKnown: ends.length > 0, expiring, asOf, withinDays };
  if (!period) return { ...base, totals: [], commitments: [], coverage: [] };
  const coverage = readSql(import.meta.url, 'commitments/coverage.sql');
  // The totals sum the commitments' own rows, so each figure has one definition.
  const commitments = stripComments(readSql(import.meta.url, 'commitments/utilization.sql'));
  return {
    ...base,
    totals: await w.all<Loose<CommitmentTotals>>(
      fillTemplate(readSql(import.meta.url, 'commitments/totals.sql'), {
        coverage: stripComments(coverage),
        commitments,
      }),
      { period },
    ),
    commitments: await w.all<Loose<CommitmentRow>>(commitments, { period }),
    coverage: await w.all<Loose<CoverageRow>>(coverage, { period }),
  };
}

/** The queries that know end dates, of those whose tables and columns exist in this warehouse. */
async function expirySources(w: Warehouse): Promise<string[]> {
  const columns = await w.all<{ t: string; c: string }>(
    `SELECT table_schema || '.' || table_name AS t, column_name AS c FROM information_schema.columns
     WHERE (table_schema = 'focus' AND table_name = 'costs') OR (table_schema = 'aws_billing' AND table_name = 'billing')`,
  );
  const has = (t: string, ...cs: string[]) => cs.every((c) => columns.some((x) => x.t === t && x.c === c));
  const sources: string[] = [];
  if (has('focus.costs', 'x_CommitmentDiscountEndDate'))
    sources.push(readSql(import.meta.url, 'commitments/expiry-focus.sql'));
  const aws = [
    'reservation_reservation_a_r_n',
    'reservation_end_time',
    'savings_plan_savings_plan_a_r_n',
    'savings_plan_end_time',
  ];
  if (has('aws_billing.billing', ...aws))
    sources.push(readSql(import.meta.url, 'commitments/expiry-aws.sql'));
  return sources.map(stripComments);
}

/** A query without its comment lines, to nest inside another. */
function stripComments(sql: string): string {
  return sql.replace(/^--.*$/gm, '').trim();
}

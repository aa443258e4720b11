/**
 * Shared-cost allocation: `allocatePeriod` rebuilds the allocated view of one billing period
 * (govern.allocated_YYYY_MM, under the view govern.allocated_costs) from focus.costs and the rules.
 * Rows no rule pools pass through unchanged; each pooled charge becomes one row per target, its costs
 * split exactly (allocate/split.sql). Stateless: the same data and rules give the same rows. The new
 * table replaces the old one in one transaction, and only after the check that every currency's total
 * of every cost column is unchanged.
 */
import { createHash } from 'node:crypto';
import { FinopsError } from '../errors.ts';
import type { PeriodTableSet } from '../warehouse/period-tables.ts';
import { periodTableName, refreshUnionView } from '../warehouse/period-tables.ts';
import { fillTemplate, qualified, quoteIdent, readSql } from '../warehouse/sql.ts';
import type { Params, Warehouse } from '../warehouse/warehouse.ts';
import { governedCosts } from './governed-costs.ts';
import type { AllocationRule } from './policy.ts';
import { filterSql, targetValueSql } from './row-filter.ts';

export const allocatedTables: PeriodTableSet = {
  schema: 'govern',
  prefix: 'allocated',
  view: 'allocated_costs',
  covers: /^allocated_\d{4}_\d{2}$/,
  sourceColumn: 'x_SourceName',
};

const COSTS = ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost'] as const;

export interface AllocationTotals {
  currency: string;
  billedBefore: string;
  billedAfter: string;
  effectiveBefore: string;
  effectiveAfter: string;
  /** Rows made by splitting pooled charges. */
  splitRows: number;
}

export interface AllocationOutcome {
  period: string;
  table: string;
  rulesDigest: string;
  totals: AllocationTotals[];
}

export interface AllocateOptions {
  rules: AllocationRule[];
  /** The owner of pooled cost no target can take (the tag policy's unallocated owner). */
  unallocated: string;
}

export async function allocatePeriod(
  w: Warehouse,
  period: string,
  options: AllocateOptions,
): Promise<AllocationOutcome> {
  const { rules } = options;
  const digest = createHash('md5').update(JSON.stringify(rules)).digest('hex');
  const stage = `${periodTableName(allocatedTables, period)}__stage`;
  const stageName = qualified(allocatedTables.schema, stage);
  try {
    await stageBase(w, period, rules);
    await w.run(
      'CREATE OR REPLACE TEMP TABLE gov_weights (rule INTEGER, currency VARCHAR, target VARCHAR, weight HUGEINT, measure DECIMAL(38,18))',
    );
    const splits: string[] = [];
    for (const [i, rule] of rules.entries()) splits.push(await splitRule(w, i, rule, options.unallocated));
    const parts = [
      'SELECT * EXCLUDE (gov_rule, gov_hash), NULL::VARCHAR AS x_AllocationOrigin FROM gov_base WHERE gov_rule IS NULL',
      ...splits.map((s) => `SELECT * FROM ${s}`),
    ];
    await w.run(`DROP TABLE IF EXISTS ${stageName}`);
    await w.run(`CREATE TABLE ${stageName} AS ${parts.join('\nUNION ALL BY NAME\n')}`);
    const totals = await checkTotals(w, period, stageName);
    await w.transaction(async () => {
      const target = periodTableName(allocatedTables, period);
      await w.run(`DROP TABLE IF EXISTS ${qualified(allocatedTables.schema, target)}`);
      await w.run(`ALTER TABLE ${stageName} RENAME TO ${quoteIdent(target)}`);
      await refreshUnionView(w, allocatedTables);
      await recordRun(w, period, digest, rules, totals);
    });
    return {
      period,
      table: `${allocatedTables.schema}.${periodTableName(allocatedTables, period)}`,
      rulesDigest: digest,
      totals,
    };
  } finally {
    await w.run(`DROP TABLE IF EXISTS ${stageName}`).catch(() => undefined);
    for (const t of ['gov_base', 'gov_weights'])
      await w.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    for (const i of rules.keys()) await w.run(`DROP TABLE IF EXISTS gov_split_${i}`).catch(() => undefined);
  }
}

async function stageBase(w: Warehouse, period: string, rules: AllocationRule[]): Promise<void> {
  const params: Params = { period };
  const whens = rules.map((rule, i) => {
    const f = filterSql(rule.pool, `pool${i}`);
    Object.assign(params, f.params);
    return `WHEN ${f.sql} THEN ${i}`;
  });
  const poolRule = whens.length ? `CASE ${whens.join(' ')} END` : 'NULL::INTEGER';
  await w.run(
    fillTemplate(readSql(import.meta.url, 'allocate/base.sql'), { costs: await governedCosts(w), poolRule }),
    params,
  );
}

async function splitRule(
  w: Warehouse,
  i: number,
  rule: AllocationRule,
  unallocated: string,
): Promise<string> {
  const target = targetValueSql('targetKey');
  const base: Params = { rule: i, targetKey: rule.targetKey, targets: JSON.stringify(rule.targets ?? []) };
  if (rule.method === 'fixed') {
    const shares = rule.shares ?? [];
    await w.run(readSql(import.meta.url, 'allocate/weights-fixed.sql'), {
      rule: i,
      targets: JSON.stringify(shares.map((s) => s.target)),
      percents: JSON.stringify(shares.map((s) => s.percent)),
    });
  } else if (rule.method === 'proportional') {
    const sql = fillTemplate(readSql(import.meta.url, 'allocate/weights-spend.sql'), {
      target,
      cost: quoteIdent(rule.weightCost),
    });
    await w.run(sql, base);
  } else {
    const usage = filterSql(rule.usage ?? {}, 'usage');
    const sql = fillTemplate(readSql(import.meta.url, 'allocate/weights-usage.sql'), {
      target,
      usage: usage.sql,
    });
    await w.run(sql, { ...base, ...usage.params });
  }
  const out = `gov_split_${i}`;
  await w.run(fillTemplate(readSql(import.meta.url, 'allocate/split.sql'), { out, ...splitFragments() }), {
    rule: i,
    ruleName: rule.name,
    method: rule.method,
    targetKey: rule.targetKey,
    basis: basisOf(rule),
    unallocated,
  });
  return out;
}

function basisOf(rule: AllocationRule): string {
  if (rule.method === 'fixed') return 'percent';
  if (rule.method === 'proportional') return `${rule.weightCost} of the target in the period`;
  return 'ConsumedQuantity of the usage rows of the target in the period';
}

/** The per-cost-column pieces of split.sql: the same arithmetic for each of the four cost columns. */
function splitFragments(): Record<string, string> {
  const each = (f: (c: string, s: string) => string) =>
    COSTS.map((c) => f(quoteIdent(c), c)).join(',\n        ');
  const scratch = [
    'gov_rule',
    'gov_hash',
    'gov_origin',
    'gov_precision',
    'gov_target',
    'gov_weight',
    'gov_measure',
    'gov_total',
    'gov_total_measure',
    'gov_scale',
    'gov_unit',
    ...COSTS.flatMap((c) => ['u', 'q', 'r', 'k', 'rank'].map((p) => `gov_${p}_${c}`)),
  ];
  return {
    units: each((c, s) => `CAST(trunc(abs(${c}) * gov_scale) AS HUGEINT) AS gov_u_${s}`),
    shares: each(
      (_, s) =>
        `gov_u_${s} * gov_weight // gov_total AS gov_q_${s}, gov_u_${s} * gov_weight % gov_total AS gov_r_${s}`,
    ),
    ranks: each(
      (_, s) =>
        `gov_u_${s} - sum(gov_q_${s}) OVER (PARTITION BY gov_origin) AS gov_k_${s}, ` +
        `row_number() OVER (PARTITION BY gov_origin ORDER BY gov_r_${s} DESC NULLS LAST, gov_target) AS gov_rank_${s}`,
    ),
    amounts: each(
      (c, s) =>
        `CASE WHEN ${c} IS NULL THEN NULL ELSE CAST((CASE WHEN ${c} < 0 THEN -1 ELSE 1 END) * (` +
        `CAST(gov_q_${s} + CASE WHEN gov_rank_${s} <= gov_k_${s} THEN 1 ELSE 0 END AS DECIMAL(20,0)) * gov_unit + ` +
        `CASE WHEN gov_rank_${s} = 1 THEN abs(${c}) - CAST(gov_u_${s} AS DECIMAL(20,0)) * gov_unit ELSE 0 END) AS DECIMAL(38,18)) END AS ${c}`,
    ),
    scratch: scratch.join(', '),
  };
}

async function checkTotals(w: Warehouse, period: string, stage: string): Promise<AllocationTotals[]> {
  const rows = await w.all<{
    currency: string;
    billed_before: string;
    billed_after: string;
    effective_before: string;
    effective_after: string;
    others_equal: boolean;
    split_rows: number;
  }>(fillTemplate(readSql(import.meta.url, 'allocate/record.sql'), { stage }));
  for (const r of rows) {
    if (r.billed_before !== r.billed_after || r.effective_before !== r.effective_after || !r.others_equal) {
      throw new FinopsError(
        `allocation of ${period} would change the ${r.currency} total (BilledCost ${r.billed_before} -> ${r.billed_after}); nothing was published`,
      );
    }
  }
  return rows.map((r) => ({
    currency: r.currency,
    billedBefore: r.billed_before,
    billedAfter: r.billed_after,
    effectiveBefore: r.effective_before,
    effectiveAfter: r.effective_after,
    splitRows: Number(r.split_rows),
  }));
}

async function recordRun(
  w: Warehouse,
  period: string,
  digest: string,
  rules: AllocationRule[],
  totals: AllocationTotals[],
) {
  await w.run('DELETE FROM govern.allocation_runs WHERE billing_period = $period', { period });
  for (const t of totals) {
    await w.run(
      `INSERT INTO govern.allocation_runs (billing_period, rules_digest, rules, currency, billed_before, billed_after,
                                           effective_before, effective_after, split_rows)
       VALUES ($period, $digest, $rules::JSON, $currency, $bb::DECIMAL(38,18), $ba::DECIMAL(38,18),
               $eb::DECIMAL(38,18), $ea::DECIMAL(38,18), $rows)`,
      {
        period,
        digest,
        rules: JSON.stringify(rules),
        currency: t.currency,
        bb: t.billedBefore,
        ba: t.billedAfter,
        eb: t.effectiveBefore,
        ea: t.effectiveAfter,
        rows: t.splitRows,
      },
    );
  }
}

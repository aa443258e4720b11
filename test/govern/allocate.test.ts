/**
 * Shared-cost allocation: a pooled charge is split across its targets by fixed percentages, by the
 * targets' own spend or by their usage, exactly (largest remainder at the currency's precision, the
 * sub-cent rest on the first-ranked target), so each charge's split rows sum to the charge and every
 * period's total is unchanged, to the last digit. Showback then sums to the period's total.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { allocationRuleSchema } from '../../src/config/govern.ts';
import { allocatePeriod } from '../../src/govern/allocate.ts';
import { type AllocationRule, compileRule } from '../../src/govern/policy.ts';
import { showback } from '../../src/govern/showback.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import type { TestWarehouse } from '../helpers/pipeline.ts';
import { focusCsv, loadGeneratedMonth, memoryWarehouse, publishFocusCsv } from './helpers.ts';

const rule = (r: Record<string, unknown>): AllocationRule => compileRule(allocationRuleSchema.parse(r));

let w: Warehouse | undefined;
let wh: TestWarehouse | undefined;
afterEach(() => {
  w?.close();
  wh?.warehouse.close();
  w = undefined;
  wh = undefined;
});

const row = (over: Record<string, string | null>) => ({
  BillingPeriodStart: '2024-05-01T00:00:00Z',
  ChargePeriodStart: '2024-05-01T00:00:00Z',
  ChargeCategory: 'Usage',
  BillingCurrency: 'USD',
  ServiceName: 'App',
  Tags: null,
  ...over,
});

/** Split rows of the pooled charges: target -> BilledCost. */
async function splits(db: Warehouse): Promise<Record<string, string>> {
  const rows = await db.all<{ target: string; cost: string }>(
    `SELECT AllocatedResourceName AS target, BilledCost::DECIMAL(38,10)::VARCHAR AS cost
     FROM govern.allocated_costs WHERE x_AllocationOrigin IS NOT NULL ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.target, r.cost]));
}

describe('splitting one charge', () => {
  it('gives the leftover cent to the largest remainder, so three thirds of 10.00 are 3.33, 3.33 and 3.34', async () => {
    w = await memoryWarehouse();
    await publishFocusCsv(
      w,
      await focusCsv([row({ ServiceName: 'Shared', BilledCost: '10.00', EffectiveCost: '10.00' })]),
      {
        sourceName: 'fx',
      },
    );
    await allocatePeriod(w, '2024-05', {
      rules: [
        rule({
          name: 'thirds',
          pool: { service: ['Shared'] },
          method: 'fixed',
          target_key: 'team',
          shares: { a: 33.333333, b: 33.333333, c: 33.333334 },
        }),
      ],
      unallocated: 'Unallocated',
    });
    expect(await splits(w)).toEqual({ a: '3.3300000000', b: '3.3300000000', c: '3.3400000000' });
  });

  it('splits credits, sub-cent amounts and yen exactly', async () => {
    w = await memoryWarehouse();
    const csv = await focusCsv([
      row({ ServiceName: 'Credit', BilledCost: '-0.05', EffectiveCost: '-0.05' }),
      row({ ServiceName: 'Tiny', BilledCost: '0.0123456789', EffectiveCost: '0.0123456789' }),
      row({ ServiceName: 'Yen', BillingCurrency: 'JPY', BilledCost: '1000', EffectiveCost: '1000' }),
    ]);
    await publishFocusCsv(w, csv, { sourceName: 'fx' });
    const thirds = { a: 33.333333, b: 33.333333, c: 33.333334 };
    await allocatePeriod(w, '2024-05', {
      rules: [
        rule({
          name: 'credit',
          pool: { service: ['Credit'] },
          method: 'fixed',
          target_key: 'team',
          shares: thirds,
        }),
        rule({
          name: 'tiny',
          pool: { service: ['Tiny'] },
          method: 'fixed',
          target_key: 'team',
          shares: { a: 50, b: 50 },
        }),
        rule({
          name: 'yen',
          pool: { service: ['Yen'] },
          method: 'fixed',
          target_key: 'team',
          shares: thirds,
        }),
      ],
      unallocated: 'Unallocated',
    });
    const rows = await w.all<{ rule: string; target: string; cost: string }>(
      `SELECT AllocatedMethodId AS rule, AllocatedResourceName AS target, BilledCost::DECIMAL(38,10)::VARCHAR AS cost
       FROM govern.allocated_costs ORDER BY 1, 2`,
    );
    expect(rows.map((r) => `${r.rule} ${r.target} ${r.cost}`)).toEqual([
      // -5 cents: one each, then the two extra cents to the largest remainders (c, then a before b).
      'credit a -0.0200000000',
      'credit b -0.0100000000',
      'credit c -0.0200000000',
      // One whole cent to a (the tie goes by name), and the sub-cent rest with it.
      'tiny a 0.0123456789',
      'tiny b 0.0000000000',
      // Yen have no minor unit.
      'yen a 333.0000000000',
      'yen b 333.0000000000',
      'yen c 334.0000000000',
    ]);
  });

  it('weighs targets by their own spend or by their usage, and pools by tag', async () => {
    w = await memoryWarehouse();
    const csv = await focusCsv([
      row({
        BilledCost: '30.00',
        EffectiveCost: '30.00',
        Tags: '{"team":"a"}',
        ServiceName: 'VM',
        ConsumedQuantity: '1',
      }),
      row({
        BilledCost: '10.00',
        EffectiveCost: '10.00',
        Tags: '{"team":"b"}',
        ServiceName: 'VM',
        ConsumedQuantity: '3',
      }),
      row({ BilledCost: '4.00', EffectiveCost: '4.00', Tags: '{"team":"platform"}', ServiceName: 'Logs' }),
      row({ BilledCost: '8.00', EffectiveCost: '8.00', ServiceName: 'Egress' }),
    ]);
    await publishFocusCsv(w, csv, { sourceName: 'fx' });
    await allocatePeriod(w, '2024-05', {
      rules: [
        rule({
          name: 'logging',
          pool: { tags: { team: 'platform' } },
          method: 'proportional',
          target_key: 'team',
          targets: ['a', 'b'],
        }),
        rule({
          name: 'egress',
          pool: { service: ['Egress'] },
          method: 'usage',
          target_key: 'team',
          usage: { service: ['VM'] },
        }),
      ],
      unallocated: 'Unallocated',
    });
    const rows = await w.all<{ rule: string; target: string; cost: string }>(
      `SELECT AllocatedMethodId AS rule, AllocatedResourceName AS target, BilledCost::DECIMAL(38,2)::VARCHAR AS cost
       FROM govern.allocated_costs WHERE x_AllocationOrigin IS NOT NULL ORDER BY 1, 2`,
    );
    // Spend 30 : 10 splits 4.00 as 3.00 and 1.00; usage 1 : 3 hours splits 8.00 as 2.00 and 6.00.
    expect(rows.map((r) => `${r.rule} ${r.target} ${r.cost}`)).toEqual([
      'egress a 2.00',
      'egress b 6.00',
      'logging a 3.00',
      'logging b 1.00',
    ]);
  });

  it('keeps a pooled charge whole with the unallocated owner when no target has a weight in its currency', async () => {
    w = await memoryWarehouse();
    const csv = await focusCsv([
      row({ ServiceName: 'Shared', BillingCurrency: 'EUR', BilledCost: '7.00', EffectiveCost: '7.00' }),
      row({ ServiceName: 'App', BilledCost: '5.00', EffectiveCost: '5.00', Tags: '{"team":"a"}' }),
    ]);
    await publishFocusCsv(w, csv, { sourceName: 'fx' });
    const outcome = await allocatePeriod(w, '2024-05', {
      rules: [
        rule({ name: 'by-spend', pool: { service: ['Shared'] }, method: 'proportional', target_key: 'team' }),
      ],
      unallocated: 'Nobody',
    });
    expect(await splits(w)).toEqual({ Nobody: '7.0000000000' });
    expect(outcome.totals.map((t) => [t.currency, t.billedBefore === t.billedAfter])).toEqual([
      ['EUR', true],
      ['USD', true],
    ]);
  });
});

describe('allocating a generated month', () => {
  const rules = [
    rule({
      name: 'support',
      pool: { service: ['AWS Support (Business)'] },
      method: 'fixed',
      target_key: 'cost_center',
      shares: { 'CC-1001': 50, 'CC-2040': 30, 'CC-3300': 20 },
    }),
    rule({
      name: 'monitoring',
      pool: { service: ['AmazonCloudWatch'] },
      method: 'proportional',
      target_key: 'cost_center',
    }),
    rule({
      name: 'egress',
      pool: { service: ['AWS Data Transfer'] },
      method: 'usage',
      target_key: 'cost_center',
      usage: { service: ['Amazon Elastic Compute Cloud'] },
    }),
  ];

  it('keeps every total and every charge to the last digit, and points each split row at its charge', async () => {
    wh = await loadGeneratedMonth();
    const db = wh.warehouse;
    const outcome = await allocatePeriod(db, '2024-01', { rules, unallocated: 'Unallocated' });
    expect(outcome.totals).toHaveLength(1);
    const [usd] = outcome.totals;
    expect(usd?.billedAfter).toBe(usd?.billedBefore);
    expect(usd?.effectiveAfter).toBe(usd?.effectiveBefore);
    expect(usd?.splitRows).toBeGreaterThan(100);
    // Per charge (CUR line items are unique per charge here), every cost column's split rows add up.
    const broken = await db.one<{ charges: number; bad: number }>(
      `WITH pooled AS (
           SELECT x_LineItemId, CommitmentDiscountStatus, BilledCost, EffectiveCost, ListCost, ContractedCost
           FROM focus.costs WHERE ServiceName IN ('AWS Support (Business)', 'AmazonCloudWatch', 'AWS Data Transfer')),
       split AS (
           SELECT x_AllocationOrigin, any_value(x_LineItemId) AS x_LineItemId,
                  any_value(CommitmentDiscountStatus) AS CommitmentDiscountStatus,
                  count(DISTINCT x_LineItemId) AS ids, sum(BilledCost) AS b, sum(EffectiveCost) AS e,
                  sum(ListCost) AS l, sum(ContractedCost) AS c
           FROM govern.allocated_costs WHERE x_AllocationOrigin IS NOT NULL GROUP BY 1)
       SELECT count(*)::INTEGER AS charges,
              count(*) FILTER (WHERE s.ids <> 1 OR s.b IS DISTINCT FROM p.BilledCost OR s.e IS DISTINCT FROM p.EffectiveCost
                               OR s.l IS DISTINCT FROM p.ListCost OR s.c IS DISTINCT FROM p.ContractedCost)::INTEGER AS bad
       FROM split AS s JOIN pooled AS p ON s.x_LineItemId = p.x_LineItemId
            AND s.CommitmentDiscountStatus IS NOT DISTINCT FROM p.CommitmentDiscountStatus`,
    );
    expect(broken?.charges).toBe(await countPooled(db));
    expect(broken?.bad).toBe(0);
    // The origin names the charge in focus.costs by the hash of its row.
    const origin = await db.one<{ found: number; same: boolean }>(
      `WITH one AS (SELECT x_AllocationOrigin AS o, sum(BilledCost) AS b FROM govern.allocated_costs
                    WHERE AllocatedMethodId = 'egress' GROUP BY 1 ORDER BY 1 LIMIT 1)
       SELECT count(*)::INTEGER AS found, bool_and(c.BilledCost = one.b) AS same
       FROM focus.costs AS c, one WHERE md5(CAST(c AS VARCHAR)) = split_part(one.o, '-', 1)`,
    );
    expect(origin).toEqual({ found: 1, same: true });
    // Split rows are in FOCUS 1.3 terms.
    const one = await db.one<{ id: string; details: string; tags: string }>(
      `SELECT AllocatedMethodId AS id, AllocatedMethodDetails::VARCHAR AS details, AllocatedTags::VARCHAR AS tags
       FROM govern.allocated_costs WHERE AllocatedMethodId = 'support' LIMIT 1`,
    );
    expect(JSON.parse(one?.details ?? '{}')).toMatchObject({
      rule: 'support',
      method: 'fixed',
      target_key: 'cost_center',
    });
    expect(Object.keys(JSON.parse(one?.tags ?? '{}'))).toEqual(['cost_center']);
  });

  it('gives the same rows for the same data and rules, and a showback that sums to the period total', async () => {
    wh = await loadGeneratedMonth();
    const db = wh.warehouse;
    const digest = async () =>
      (
        await db.one<{ d: string }>(
          `SELECT md5(string_agg(r, '|' ORDER BY r)) AS d FROM (SELECT CAST(a AS VARCHAR) AS r FROM govern.allocated_costs AS a)`,
        )
      )?.d;
    await allocatePeriod(db, '2024-01', { rules, unallocated: 'Unallocated' });
    const first = await digest();
    await allocatePeriod(db, '2024-01', { rules, unallocated: 'Unallocated' });
    expect(await digest()).toBe(first);

    expect((await showback(db, { key: 'cost_center', period: '2024-01' })).stale).toBe(false);
    for (const metric of ['EffectiveCost', 'BilledCost'] as const) {
      const result = await showback(db, { key: 'cost_center', period: '2024-01', metric });
      expect(result.allocated).toBe(true);
      const total = await db.one<{ t: string }>(`SELECT sum(${metric})::VARCHAR AS t FROM focus.costs`);
      const sum = await db.one<{ s: string }>(
        `SELECT sum(c::DECIMAL(38,18))::VARCHAR AS s FROM (SELECT unnest($costs::VARCHAR[]) AS c)`,
        { costs: result.rows.map((r) => r.cost) },
      );
      expect(sum?.s).toBe(total?.t);
      // Owners are the policy's valid cost centers and the unallocated owner, nothing else.
      expect(result.rows.map((r) => r.owner).sort()).toEqual([
        'CC-1001',
        'CC-2040',
        'CC-3300',
        'Unallocated',
      ]);
      const shared = result.rows.find((r) => r.owner === 'CC-1001')?.shared ?? '0';
      expect(Number(shared)).toBeGreaterThan(0);
    }
    // A restated charge makes the allocated table stale until it is allocated again.
    await db.run(`UPDATE focus.aws_cur_2024_01 SET BilledCost = BilledCost + 0.01 WHERE x_LineItemId = (
                    SELECT min(x_LineItemId) FROM focus.aws_cur_2024_01)`);
    expect((await showback(db, { key: 'cost_center', period: '2024-01' })).stale).toBe(true);
  });
});

async function countPooled(db: Warehouse): Promise<number> {
  const r = await db.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM focus.costs
     WHERE ServiceName IN ('AWS Support (Business)', 'AmazonCloudWatch', 'AWS Data Transfer')`,
  );
  return r?.n ?? 0;
}

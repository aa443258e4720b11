/**
 * Given a warehouse whose loads applied a tag policy, when the policy changes and `finops tags apply`
 * re-applies it, then the dashboard's compliance aggregate is found stale and rebuilt to the new policy,
 * with no load in between.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tagPolicySchema } from '../../src/config/govern.ts';
import { compileTagPolicy } from '../../src/govern/policy.ts';
import { reapplyTagPolicy } from '../../src/govern/reapply-tag-policy.ts';
import { silentLogger } from '../../src/log.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import { inspectAggregates, updateAggregates } from '../../src/web/aggregates/status.ts';
import { buildDashboardWarehouse, type DashboardWarehouse } from './fixture.ts';

let wh: DashboardWarehouse;
beforeAll(async () => {
  wh = await buildDashboardWarehouse();
}, 120_000);
afterAll(() => wh?.remove());

const compliance = (w: Warehouse, relation: string) =>
  w.all(
    `SELECT ${relation === 'focus.costs' ? 'x_TagCompliance' : 'compliance'} AS compliance,
            sum(${relation === 'focus.costs' ? 'EffectiveCost' : 'effective_cost'})::VARCHAR AS cost
     FROM ${relation} GROUP BY ALL ORDER BY ALL`,
  );

it('rebuilds the compliance aggregate after the tag policy is re-applied', async () => {
  const w = await Warehouse.open({ path: wh.dbPath });
  try {
    await updateAggregates(w, silentLogger);
    const before = await compliance(w, 'finops_meta.monthly_tag_compliance');
    expect(before).toEqual(await compliance(w, 'focus.costs'));

    // Only environment is required now: the EUR rows of sub-a (environment=production) comply.
    const looser = compileTagPolicy(
      tagPolicySchema.parse({ keys: { environment: { required: true, values: ['production'] } } }),
    );
    await reapplyTagPolicy(w, looser);
    expect((await inspectAggregates(w)).stale.length).toBeGreaterThan(0);

    await updateAggregates(w, silentLogger);
    const after = await compliance(w, 'finops_meta.monthly_tag_compliance');
    expect(after).toEqual(await compliance(w, 'focus.costs'));
    expect(after).not.toEqual(before);
    expect((await inspectAggregates(w)).stale).toEqual([]);
  } finally {
    w.close();
  }
});

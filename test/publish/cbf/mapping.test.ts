/**
 * The FOCUS -> CBF mapping, checked on what lands in the files: line item types for every kind of AWS
 * line item the generator makes, CloudZero's rules for time, resource ids, regions and tags, and the
 * official FOCUS sample's Microsoft and Oracle rows (odd tag keys, no regions, adjustments).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.ts';
import { exportCbf } from '../../../src/publish/cbf/export.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { type CurWarehouse, curWarehouse, importOfficialSample, readCurrentDrop } from './helpers.ts';

let wh: CurWarehouse;
afterEach(() => wh?.warehouse.close());

async function exportTo(scope: { period?: string; provider?: string }) {
  const root = { store: new LocalStore(await tempDir('cbf')), prefix: '' };
  await exportCbf(wh.warehouse, { root, scope }, silentLogger);
  return root;
}

/** What each AWS line item type must become, written from CloudZero's definitions, not from rows.sql. */
const expectedType = `CASE
    WHEN x_LineItemType = 'Tax' THEN 'Tax'
    WHEN x_LineItemType = 'Credit' THEN 'Credit'
    WHEN x_LineItemType = 'Refund' THEN 'Adjustment'
    WHEN x_LineItemType = 'SavingsPlanNegation' THEN 'Discount'
    WHEN CommitmentDiscountStatus = 'Unused' THEN 'Usage'
    WHEN x_LineItemType IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'CommittedUsePurchase'
    WHEN x_LineItemType = 'Fee' AND CommitmentDiscountId IS NOT NULL THEN 'CommittedUsePurchase'
    WHEN x_LineItemType = 'Fee' AND ServiceName LIKE 'AWS Support%' THEN 'Support'
    ELSE 'Usage' END`;

describe('FOCUS to CBF mapping', () => {
  it('gives every AWS line item its CloudZero line item type, with its costs', async () => {
    wh = await curWarehouse();
    const root = await exportTo({ period: '2024-02' });
    const drop = await readCurrentDrop(wh.warehouse, root, '2024-02');
    const fromDrop = await wh.warehouse.all(
      `SELECT "lineitem/type" AS type, count(*)::INTEGER AS n, sum("cost/cost"::DECIMAL(38,18))::VARCHAR AS cost,
              sum("cost/amortized_cost"::DECIMAL(38,18))::VARCHAR AS amortized
       FROM ${drop.relation} GROUP BY ALL ORDER BY ALL`,
    );
    const expected = await wh.warehouse.all(
      `SELECT ${expectedType} AS type, count(*)::INTEGER AS n, sum(BilledCost)::VARCHAR AS cost,
              sum(EffectiveCost)::VARCHAR AS amortized
       FROM focus.costs WHERE strftime(BillingPeriodStart, '%Y-%m') = '2024-02' GROUP BY ALL ORDER BY ALL`,
    );
    expect(fromDrop).toEqual(expected);
    expect(fromDrop.map((r) => r.type)).toEqual([
      'Adjustment',
      'CommittedUsePurchase',
      'Credit',
      'Discount',
      'Support',
      'Tax',
      'Usage',
    ]);
    // CBF: "The amortized_cost cost column of this line item should always be zero" for commitment purchases.
    expect(fromDrop.find((r) => r.type === 'CommittedUsePurchase')?.amortized).toBe('0.000000000000000000');
  });

  it("follows CloudZero's rules for time, resource ids, regions and tags", async () => {
    wh = await curWarehouse();
    const root = await exportTo({ period: '2024-02' });
    const drop = await readCurrentDrop(wh.warehouse, root, '2024-02');
    const w = wh.warehouse;
    const checks = await w.one(
      `SELECT count(*) FILTER (NOT regexp_full_match("time/usage_start", '2024-02-\\d\\dT\\d\\d:00:00Z'))::INTEGER AS bad_times,
              count(*) FILTER ("resource/id" IS NOT NULL AND NOT regexp_full_match("resource/id", '[^:/]+/[^:/]+'))::INTEGER AS bad_ids,
              count(*) FILTER ("resource/region" IS NULL OR "resource/region" = 'global')::INTEGER AS bad_regions,
              count(*) FILTER ("resource/region" = 'no-region')::INTEGER AS no_region,
              count(*) FILTER ("resource/id" IS NULL AND "resource/tag:environment" IS NOT NULL)::INTEGER AS tags_without_id,
              min("time/usage_start") FILTER ("lineitem/type" = 'Adjustment') AS refund_time,
              any_value("resource/id") FILTER ("resource/service" = 'AWS Lambda' AND "resource/id" IS NOT NULL) AS lambda
       FROM ${drop.relation}`,
    );
    expect(checks).toMatchObject({ bad_times: 0, bad_ids: 0, bad_regions: 0, tags_without_id: 0 });
    expect(checks?.no_region).toBeGreaterThan(0);
    // The refund of January's usage is billed in February: it is dated at February's first hour.
    expect(checks?.refund_time).toBe('2024-02-01T00:00:00Z');
    expect(checks?.lambda).toMatch(/^function\/arn_aws_lambda_[a-z0-9-]+_\d{12}_function_[\w-]+$/);
    // Each resource's tags are its FOCUS Tags.
    const tagged = `SELECT "resource/service", "cost/cost"::DECIMAL(38,18), "resource/tag:team", "resource/tag:costcategory:business_unit"
                    FROM ${drop.relation} WHERE "resource/id" IS NOT NULL`;
    const focus = `SELECT ServiceName, BilledCost, Tags->>'team', Tags->>'costcategory:business_unit' FROM focus.costs
                   WHERE strftime(BillingPeriodStart, '%Y-%m') = '2024-02' AND ResourceId IS NOT NULL`;
    const diff = await w.one(
      `SELECT count(*)::INTEGER AS n FROM ((${tagged} EXCEPT ALL ${focus}) UNION ALL (${focus} EXCEPT ALL ${tagged}))`,
    );
    expect(diff).toEqual({ n: 0 });
  });

  it("exports one provider of the official FOCUS sample, with its tag keys made CloudZero's", async () => {
    wh = await curWarehouse(100);
    await importOfficialSample(wh);
    const root = await exportTo({ provider: 'microsoft' });
    const drop = await readCurrentDrop(wh.warehouse, root, '2024-09');
    const tags = drop.header.filter((c) => c.startsWith('resource/tag:'));
    expect(tags).toContain('resource/tag:Cost_department');
    expect(tags).toContain('resource/tag:_org');
    expect(tags).toContain('resource/tag:org');
    expect(tags).toContain('resource/tag:ms:Department');
    expect(tags.every((t) => /^resource\/tag:[A-Za-z0-9_.:/=+@-]+$/.test(t))).toBe(true);
    const summary = await wh.warehouse.one(
      `SELECT count(*)::INTEGER AS n, list(DISTINCT "lineitem/cloud_provider") AS providers,
              count("resource/tag:Cost_department")::INTEGER AS cost_department
       FROM ${drop.relation}`,
    );
    expect(summary).toEqual({ n: 51, providers: ['Microsoft'], cost_department: 4 });

    const oracle = await exportTo({ provider: 'Oracle', period: '2024-09' });
    const rows = await wh.warehouse.all(
      `SELECT DISTINCT "lineitem/type" AS type, "resource/region" AS region
       FROM ${(await readCurrentDrop(wh.warehouse, oracle, '2024-09')).relation} ORDER BY ALL`,
    );
    expect(rows).toEqual([
      { type: 'Adjustment', region: 'no-region' },
      { type: 'Usage', region: 'no-region' },
    ]);
  });
});

/**
 * The tag policy at load time: keys spelt every which way become one key, values are normalized, rows
 * that miss a required key or carry an invalid value go to the unallocated owner, and the delivered
 * Tags stay untouched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tagPolicySchema } from '../../src/config/govern.ts';
import { applyTagPolicy } from '../../src/govern/apply-tag-policy.ts';
import { compileTagPolicy } from '../../src/govern/policy.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';

const policy = compileTagPolicy(
  tagPolicySchema.parse({
    keys: {
      cost_center: { required: true, case: 'upper', pattern: '^CC-\\d{4}$', aliases: ['cc'] },
      environment: {
        required: true,
        aliases: ['env'],
        values: ['production', 'staging', 'development'],
        value_aliases: { prod: 'production', dev: 'development' },
      },
      application: {},
    },
  }),
);

let w: Warehouse | undefined;
afterEach(() => w?.close());

async function staged(rows: [number, string | null][]): Promise<Warehouse> {
  w = await Warehouse.open({ path: ':memory:' });
  await w.run('CREATE SCHEMA stage');
  await w.run('CREATE TABLE stage.t (id INTEGER, Tags JSON, BilledCost DECIMAL(38,18))');
  for (const [id, tags] of rows) {
    await w.run('INSERT INTO stage.t VALUES ($id, $tags::JSON, 1.25)', { id, tags });
  }
  return w;
}

describe('applyTagPolicy', () => {
  it('folds aliases and case variants into one key, keeping the first delivered spelling', async () => {
    const db = await staged([
      [1, '{"CostCenter":"cc-1001","Environment":"Prod","Cost Center":"CC-9999","APPLICATION":"shop"}'],
      [2, '{"cost-center":"CC-2040","env":"staging","Application":"search"}'],
      [3, '{"costcenter":"CC-3300","ENVIRONMENT":"development","application":"etl"}'],
    ]);
    await applyTagPolicy(db, '"stage"."t"', policy);
    const rows = await db.all<{ id: number; tags: string; owner: string; compliance: string }>(
      `SELECT id, x_NormalizedTags::VARCHAR AS tags, x_Owner AS owner, x_TagCompliance AS compliance
       FROM stage.t ORDER BY id`,
    );
    expect(rows.map((r) => [r.id, JSON.parse(r.tags), r.owner, r.compliance])).toEqual([
      [1, { cost_center: 'CC-1001', environment: 'production', application: 'shop' }, 'CC-1001', 'compliant'],
      [2, { cost_center: 'CC-2040', environment: 'staging', application: 'search' }, 'CC-2040', 'compliant'],
      [3, { cost_center: 'CC-3300', environment: 'development', application: 'etl' }, 'CC-3300', 'compliant'],
    ]);
  });

  it('routes rows with a missing or invalid tag to Unallocated and says which key is wrong', async () => {
    const db = await staged([
      [1, '{"CostCenter":"","Environment":"production"}'],
      [2, '{"CostCenter":"CC 20","Environment":"qa"}'],
      [3, null],
      [4, '{}'],
      [5, '["not", "an object"]'],
    ]);
    await applyTagPolicy(db, '"stage"."t"', policy);
    const rows = await db.all<{ id: number; violations: string; owner: string; compliance: string }>(
      `SELECT id, x_TagViolations AS violations, x_Owner AS owner, x_TagCompliance AS compliance
       FROM stage.t ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 1, violations: 'missing:cost_center', owner: 'Unallocated', compliance: 'missing' },
      {
        id: 2,
        violations: 'invalid:cost_center,invalid:environment',
        owner: 'Unallocated',
        compliance: 'invalid',
      },
      {
        id: 3,
        violations: 'missing:cost_center,missing:environment',
        owner: 'Unallocated',
        compliance: 'missing',
      },
      {
        id: 4,
        violations: 'missing:cost_center,missing:environment',
        owner: 'Unallocated',
        compliance: 'missing',
      },
      {
        id: 5,
        violations: 'missing:cost_center,missing:environment',
        owner: 'Unallocated',
        compliance: 'missing',
      },
    ]);
  });

  it('keeps the delivered Tags and every row and cent, and re-applies a changed policy in place', async () => {
    const delivered = '{"Cost Center":"cc-1001","Environment":"prod"}';
    const db = await staged([
      [1, delivered],
      [2, null],
    ]);
    await applyTagPolicy(db, '"stage"."t"', policy);
    const loose = compileTagPolicy(
      tagPolicySchema.parse({ keys: { cost_center: { required: true } }, unallocated: 'nobody' }),
    );
    await applyTagPolicy(db, '"stage"."t"', loose);
    const rows = await db.all<{ tags: string | null; owner: string; cost: string }>(
      'SELECT Tags::VARCHAR AS tags, x_Owner AS owner, BilledCost::VARCHAR AS cost FROM stage.t ORDER BY id',
    );
    expect(rows).toEqual([
      { tags: delivered, owner: 'cc-1001', cost: '1.250000000000000000' },
      { tags: null, owner: 'nobody', cost: '1.250000000000000000' },
    ]);
    const columns = await db.all<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM information_schema.columns WHERE table_name = 't' AND column_name = 'x_Owner'`,
    );
    expect(columns[0]?.n).toBe(1);
  });

  it('does nothing without a policy', async () => {
    const db = await staged([[1, '{"a":"b"}']]);
    await applyTagPolicy(db, '"stage"."t"', undefined);
    const columns = await db.all('DESCRIBE stage.t');
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'Tags', 'BilledCost']);
  });
});

/**
 * The governed lake, as a platform team runs it: import with a tag policy, allocate shared costs,
 * detect anomalies, export the lake. Beside focus_costs the lake then holds allocated_costs, showback,
 * tag_compliance, anomalies and periods, each equal row for row and in its sums to what the commands
 * compute from the warehouse, and the catalog's views over them answer the same.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { periodStatuses } from '../../../src/focus/period-status.ts';
import { showback } from '../../../src/govern/showback.ts';
import { tagReport } from '../../../src/govern/tag-report.ts';
import { providerSlug } from '../../../src/publish/lake/partitions.ts';
import { generateCurSample } from '../../../src/sample/aws-cur/generate.ts';
import { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { type Engine, startEngine } from './engine.ts';
import { grammarErrors } from './grammar.ts';
import { catalogFiles, lakeTable, rollupFromLake, rollupFromWarehouse } from './helpers.ts';

const config = `
[govern.tags]
owner_key = "cost_center"

[govern.tags.keys.cost_center]
required = true
case = "upper"
pattern = "^CC-[0-9]{4}$"
aliases = ["costcentre"]

[govern.tags.keys.environment]
required = true
values = ["production", "staging", "development"]
value_aliases = { prod = "production", dev = "development" }

[[govern.allocation.rules]]
name = "support"
pool = { service = ["AWS Support (Business)"] }
method = "fixed"
target_key = "cost_center"
shares = { "CC-1001" = 50, "CC-2040" = 30, "CC-3300" = 20 }

[[govern.allocation.rules]]
name = "monitoring"
pool = { service = ["AmazonCloudWatch"] }
method = "proportional"
target_key = "cost_center"

[anomalies]
min_daily_cost = 0
min_impact = 0
min_percent = 0
`;

let w: Warehouse | undefined;
let engine: Engine | undefined;
afterEach(() => {
  engine?.close();
  w?.close();
  engine = undefined;
  w = undefined;
});

async function run(args: string[], cwd: string): Promise<string> {
  const result = await runCli(args, cwd);
  expect(result.code, `finops ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

async function count(db: Warehouse, sql: string): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (${sql})`))?.n ?? -1;
}

describe('the governed lake', () => {
  it('holds allocation, showback, tag compliance, anomalies and period status as the commands compute them', async () => {
    const cwd = await tempDir('governed');
    await generateCurSample({ out: path.join(cwd, 'bucket'), months: 3, rows: 2000, seed: 42 });
    await writeFile(path.join(cwd, 'config.toml'), config);
    await run(['aws', 'import-cur', '--source', 'bucket', '--prefix', 'cur', '--name', 'finops-demo'], cwd);
    await run(['allocate'], cwd);
    await run(['anomalies'], cwd);
    const exported = await run(['lake', 'export', '--to', 'lake', '--format', 'csv'], cwd);
    for (const table of [
      'focus_costs',
      'allocated_costs',
      'showback',
      'tag_compliance',
      'anomalies',
      'periods',
    ]) {
      expect(exported).toContain(`\n${table},`);
    }
    const status = await run(['status', '--format', 'table'], cwd);
    expect(status).toMatch(/billing periods\n/);
    expect(status).toMatch(/AWS\s+2024-01\s+final\s+aws/);
    expect(status).toMatch(/AWS\s+2024-03\s+open\s+aws/);
    const periodsJson = JSON.parse(await run(['status', '--periods', '--format', 'json'], cwd));

    w = await Warehouse.open({ path: path.join(cwd, 'finops.duckdb'), readOnly: true });
    const root = path.join(cwd, 'lake');
    const periods = ['2024-01', '2024-02', '2024-03'];

    // allocated_costs: row for row, and every period's and currency's sums.
    const allocated = `SELECT * EXCLUDE (billing_period) FROM ${lakeTable(root, 'allocated_costs')}`;
    expect(await count(w, 'SELECT * FROM govern.allocated_costs')).toBeGreaterThan(6000);
    expect(await count(w, `SELECT * FROM govern.allocated_costs EXCEPT ALL ${allocated}`)).toBe(0);
    expect(await count(w, `${allocated} EXCEPT ALL SELECT * FROM govern.allocated_costs`)).toBe(0);
    const sums = (relation: string, period: string) =>
      w?.all(
        `SELECT ${period} AS period, BillingCurrency, count(*)::INTEGER AS n, sum(BilledCost)::VARCHAR AS billed,
                sum(EffectiveCost)::VARCHAR AS effective, count(x_AllocationOrigin)::INTEGER AS split
         FROM ${relation} GROUP BY ALL ORDER BY ALL`,
      );
    expect(await sums(lakeTable(root, 'allocated_costs'), 'billing_period')).toEqual(
      await sums('govern.allocated_costs', "strftime(BillingPeriodStart, '%Y-%m')"),
    );

    // showback and tag compliance: exactly what showback() and tagReport() give, period by period.
    const showbackRows = await w.all(
      `SELECT billing_period, currency, owner, rows::VARCHAR AS rows, cost::VARCHAR AS cost,
              shared::VARCHAR AS shared, percent
       FROM ${lakeTable(root, 'showback')} ORDER BY billing_period, currency, cost::DECIMAL(38,18) DESC, owner`,
    );
    const complianceRows = await w.all(
      `SELECT billing_period, currency, compliance, rows::VARCHAR AS rows, cost::VARCHAR AS cost, percent
       FROM ${lakeTable(root, 'tag_compliance')} ORDER BY ALL`,
    );
    const expectedShowback = [];
    const expectedCompliance = [];
    for (const period of periods) {
      const s = await showback(w, { key: 'cost_center', period });
      expect(s.allocated).toBe(true);
      expectedShowback.push(...s.rows.map((r) => ({ billing_period: period, ...r })));
      const t = await tagReport(w, { period });
      expectedCompliance.push(...t.compliance.map((r) => ({ billing_period: period, ...r })));
    }
    expect(showbackRows).toEqual(expectedShowback);
    expect(showbackRows.length).toBeGreaterThan(9);
    expect(complianceRows).toEqual(
      expectedCompliance.sort((a, b) =>
        `${a.billing_period}${a.currency}${a.compliance}`.localeCompare(
          `${b.billing_period}${b.currency}${b.compliance}`,
        ),
      ),
    );
    // The owners (after allocation, split rows included) and the compliance states of a period and
    // currency add up to its EffectiveCost, to the last digit; compliance also to its rows.
    const totals = (table: string) =>
      w?.all(
        `SELECT billing_period, currency, sum(cost)::VARCHAR AS cost, sum(rows)::BIGINT::VARCHAR AS rows
         FROM ${lakeTable(root, table)} GROUP BY ALL ORDER BY ALL`,
      );
    const effective = await w.all<{ billing_period: string; currency: string; cost: string; rows: string }>(
      `SELECT strftime(BillingPeriodStart, '%Y-%m') AS billing_period, BillingCurrency AS currency,
              sum(EffectiveCost)::VARCHAR AS cost, count(*)::VARCHAR AS rows FROM focus.costs GROUP BY ALL ORDER BY ALL`,
    );
    expect(await totals('tag_compliance')).toEqual(effective);
    expect((await totals('showback'))?.map(({ rows, ...r }) => r)).toEqual(
      effective.map(({ rows, ...r }) => r),
    );

    // anomalies: the stored findings, row for row.
    const anomalies = `SELECT * EXCLUDE (billing_period) FROM ${lakeTable(root, 'anomalies')}`;
    expect(await count(w, 'SELECT * FROM finops_meta.anomalies')).toBeGreaterThan(0);
    expect(await count(w, `SELECT * FROM finops_meta.anomalies EXCEPT ALL ${anomalies}`)).toBe(0);
    expect(await count(w, `${anomalies} EXCEPT ALL SELECT * FROM finops_meta.anomalies`)).toBe(0);
    const impact = `SELECT count(*)::INTEGER AS n, sum(actual)::VARCHAR AS actual, sum(impact)::VARCHAR AS impact`;
    expect(
      await w.all(`${impact}, billing_period FROM ${lakeTable(root, 'anomalies')} GROUP BY ALL ORDER BY ALL`),
    ).toEqual(
      await w.all(
        `${impact}, strftime(day, '%Y-%m') AS billing_period FROM finops_meta.anomalies GROUP BY ALL ORDER BY ALL`,
      ),
    );

    // periods: the same statuses finops status shows.
    const lakePeriods = await w.all(
      `SELECT provider_name AS provider, billing_period, status, rule, reason, rows::VARCHAR AS rows,
              invoiced_rows::VARCHAR AS invoiced_rows, source_types
       FROM read_parquet('${root}/periods/*.parquet') ORDER BY ALL`,
    );
    const statuses = await periodStatuses(w);
    expect(lakePeriods).toEqual(statuses);
    expect(periodsJson).toEqual(
      statuses.map(({ provider, billing_period, status, rule, rows, invoiced_rows, reason }) => ({
        provider,
        billing_period,
        status,
        rule,
        // finops status prints counts as numbers for programs.
        rows: Number(rows),
        invoiced_rows: Number(invoiced_rows),
        reason,
      })),
    );
    expect(statuses.map((s) => `${providerSlug(s.provider)}/${s.billing_period}:${s.status}`)).toEqual([
      'aws/2024-01:final',
      'aws/2024-02:final',
      'aws/2024-03:open',
    ]);

    // The catalog: every statement parses, and the views over the governed tables answer the same.
    const files = await catalogFiles(root);
    for (const e of ['athena', 'trino', 'spark'] as const) {
      expect(grammarErrors(e, `${e}.sql`, files[e])).toEqual([]);
    }
    engine = await startEngine();
    await engine.run(files.trino);
    for (const by of ['provider', 'service', 'account']) {
      const lake = await rollupFromLake(engine.db, `allocated_monthly_by_${by}`);
      expect(lake, by).toEqual(
        await rollupFromWarehouse(w, 'govern.allocated_costs', by, 'ServiceProviderName'),
      );
    }
    expect(await count(engine.db, 'SELECT * FROM anomalies_open')).toBe(
      await count(w, 'SELECT * FROM finops_meta.anomalies WHERE resolved_at IS NULL'),
    );
    expect(await count(engine.db, 'SELECT * FROM showback')).toBe(showbackRows.length);
  });
});

/**
 * Given the demo's warehouse, when a new user reads its numbers through the commands and the dashboard,
 * then each figure is the whole of what it names, currencies are never added together, and two views
 * of the same thing agree.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundDecimal } from '../../src/format.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import { startTestDashboard, type TestDashboard } from '../web/fixture.ts';

type Row = Record<string, unknown>;

let cwd: string;
let demoOutput: string;

// A tag policy whose owner key is cost_center, and a shared pool split among cost centers.
const config = `
[govern.tags]
owner_key = "cost_center"

[govern.tags.keys.cost_center]
required = true
case = "upper"
pattern = "^CC-[0-9]{4}$"

[[govern.allocation.rules]]
name = "support"
pool = { service = ["AWS Support (Business)"] }
method = "fixed"
target_key = "cost_center"
shares = { "CC-1001" = 50, "CC-2040" = 30, "CC-3300" = 20 }
`;

/** Runs finops in the demo's folder and parses its JSON output. */
async function finops(...args: string[]): Promise<Row[]> {
  const result = await runCli([...args, '--format', 'json'], cwd);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

const query = (sql: string) => finops('query', sql);

beforeAll(async () => {
  // Its own folder, kept for the whole file.
  cwd = await mkdtemp(path.join(os.tmpdir(), 'demo-numbers-'));
  await writeFile(path.join(cwd, 'config.toml'), config);
  const demo = await runCli(['demo', '--months', '2', '--rows', '2000'], cwd);
  expect(demo.code, demo.stderr).toBe(0);
  demoOutput = demo.stdout;
}, 120_000);

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('currencies', () => {
  it('every query the demo suggests keeps USD and EUR apart', async () => {
    const suggested = [...demoOutput.matchAll(/npx finops query "([^"]+)"/g)].map((m) =>
      String(m[1]).replace(/\s+/g, ' '),
    );
    expect(suggested.length).toBeGreaterThanOrEqual(2);
    for (const sql of suggested) {
      const rows = await query(sql);
      expect(rows.length, sql).toBeGreaterThan(0);
      for (const row of rows) expect(Object.keys(row), sql).toContain('currency');
    }
    // The tag query: the environments of both currencies, each on its own row.
    const byEnv = await query(String(suggested.find((q) => q.includes('environment'))));
    expect(new Set(byEnv.map((r) => r.currency))).toEqual(new Set(['EUR', 'USD']));
    const keys = byEnv.map((r) => `${r.env} ${r.currency}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('a period loaded in slices', () => {
  /** What focus.costs holds per sliced source and period, as status prints a cost. */
  async function slicedPeriods() {
    return query(
      `SELECT x_SourceName AS source, strftime(BillingPeriodStart, '%Y-%m') AS period, count(*)::INTEGER AS rows,
              BillingCurrency AS currency, sum(BilledCost)::DECIMAL(38,18)::VARCHAR AS cost
       FROM focus.costs WHERE x_SourceType IN ('alibaba', 'azure') GROUP BY ALL ORDER BY ALL`,
    );
  }

  it('finops status shows the whole period, every batch and export scope of it', async () => {
    const status = await finops('status');
    const periods = await slicedPeriods();
    expect(periods.length).toBe(4);
    for (const p of periods) {
      const row = status.find((r) => r.source_name === p.source && r.billing_period === p.period);
      // JSON gives each currency's exact sum as text.
      expect(row?.cost, `${p.source} ${p.period}`).toEqual({ [String(p.currency)]: String(p.cost) });
      expect(row?.parts).toBeGreaterThan(1);
      // Alibaba's raw rows are its FOCUS rows (Azure's are cost details, two files a month).
      if (p.source === 'alibaba-demo') expect(Number(row?.rows)).toBe(p.rows);
    }
    // A source named as a person types it.
    const one = await finops('status', '--source', 'Alibaba-Demo');
    expect(one.map((r) => r.billing_period)).toEqual(['2024-01', '2024-02']);
    expect(one[1]?.cost).toEqual(
      status.find((r) => r.source_name === 'alibaba-demo' && r.billing_period === '2024-02')?.cost,
    );
  });

  it('the dashboard freshness page shows the same periods as finops status', async () => {
    const status = await finops('status');
    const d: TestDashboard = await startTestDashboard(path.join(cwd, 'finops.duckdb'));
    try {
      const { body } = await d.get('/api/freshness');
      for (const load of body.loads as Row[]) {
        const row = status.find((r) => r.source_name === load.sourceName && r.billing_period === load.period);
        expect(load.costTotals, `${load.sourceName} ${load.period}`).toEqual(row?.cost);
        expect(Number(load.rows)).toBe(Number(row?.rows));
      }
    } finally {
      await d.close();
    }
  });
});

describe('commitments', () => {
  it('leave savings unknown where the data lists covered usage at what it cost, never a made-up loss', async () => {
    const json = await runCli(['commitments', '--format', 'json'], cwd);
    expect(json.code, json.stderr).toBe(0);
    const { commitments, totals } = JSON.parse(json.stdout) as { commitments: Row[]; totals: Row[] };
    // The demo's Azure reservation: its covered rows list exactly their effective cost.
    const reservation = commitments.find((c) => c.provider === 'Microsoft');
    expect(reservation).toMatchObject({ type: 'Reservation', savings: null });
    expect(reservation?.list_cost).toBe(reservation?.used);
    expect(totals.find((t) => t.currency === 'EUR')).toMatchObject({ savings: null, savings_rate: null });
    // AWS lists its prices: its savings are known (a small demo's Savings Plan is mostly unused: a real loss).
    for (const aws of commitments.filter((c) => c.provider === 'AWS')) {
      expect(Number(aws.savings)).toBeCloseTo(
        Number(aws.list_cost) - Number(aws.used) - Number(aws.unused),
        9,
      );
    }
    // On a terminal an unknown is named, not left blank.
    const table = await runCli(['commitments', '--format', 'table'], cwd);
    expect(table.stdout).toMatch(
      /VM_RI_D2v3_westeurope\s+Reservation\s+[\d.,]+ EUR\s+[\d.,]+ EUR\s+[\d.]+\s+[\d.,]+ EUR\s+unknown/,
    );
  });

  it('measure the GCP committed use discount by the usage its credits covered', async () => {
    const json = await runCli(['commitments', '--format', 'json'], cwd);
    const { commitments } = JSON.parse(json.stdout) as { commitments: Row[] };
    const cud = commitments.find((c) => c.type === 'Committed Use Discount');
    const [hours] = await query(
      `SELECT sum(CommitmentDiscountQuantity) FILTER (WHERE CommitmentDiscountStatus = 'Used') AS used,
              sum(CommitmentDiscountQuantity) FILTER (WHERE ChargeCategory = 'Purchase') AS purchased,
              sum(BilledCost) FILTER (WHERE ChargeCategory = 'Purchase')::DECIMAL(38,18)::VARCHAR AS fee
       FROM focus.costs WHERE CommitmentDiscountType = 'Committed Use Discount'
         AND strftime(BillingPeriodStart, '%Y-%m') = '2024-02'`,
    );
    const share = Number(hours?.used) / Number(hours?.purchased);
    expect(share).toBeGreaterThan(0);
    expect(cud?.utilization).toBeCloseTo(share, 6);
    expect(cud?.quantity_utilization).toBeCloseTo(share, 6);
    // The fee splits into what the credited usage used and what went unused, to the last digit.
    expect(cud?.purchased).toBe(hours?.fee);
    expect(Number(cud?.used)).toBeCloseTo(Number(hours?.fee) * share, 5);
    const sum = await query(
      `SELECT ('${cud?.used}'::DECIMAL(38,18) + '${cud?.unused}'::DECIMAL(38,18))::VARCHAR AS s`,
    );
    expect(sum[0]?.s).toBe(cud?.purchased);
  });

  it('are the same on the dashboard as finops commitments, to the cent, unknown savings included', async () => {
    const json = await runCli(['commitments', '--format', 'json'], cwd);
    const report = JSON.parse(json.stdout) as { period: string; commitments: Row[]; totals: Row[] };
    // Rounded half away from zero, as the page shows cents.
    const cents = (v: unknown) => (v === null ? null : roundDecimal(String(v), 2));
    const d: TestDashboard = await startTestDashboard(path.join(cwd, 'finops.duckdb'));
    try {
      for (const currency of ['EUR', 'USD']) {
        const { body } = await d.get(`/api/commitments?currency=${currency}&period=${report.period}`);
        const total = report.totals.find((t) => t.currency === currency);
        expect(body.utilization.used).toBe(cents(total?.used));
        expect(body.utilization.unused).toBe(cents(total?.unused));
        expect(body.utilization.savings).toBe(cents(total?.savings));
        const mine = report.commitments.filter((c) => c.currency === currency);
        expect(body.commitments.map((c: Row) => c.id)).toEqual(mine.map((c) => c.id));
        for (const [i, c] of mine.entries()) {
          expect(body.commitments[i].used, String(c.id)).toBe(cents(c.used));
          expect(body.commitments[i].savings, String(c.id)).toBe(cents(c.savings));
        }
      }
      // The GCP committed use discount is used on the page too, not 0.00 of 0.00.
      const { body } = await d.get(`/api/commitments?currency=USD&period=${report.period}`);
      const cud = body.commitments.find((c: Row) => c.type === 'Committed Use Discount');
      expect(Number(cud.used)).toBeGreaterThan(0);
      expect(cud.utilization).toBeGreaterThan(0);
    } finally {
      await d.close();
    }
  });
});

describe('cost per owner', () => {
  /** The dashboard's owners for USD, from a running `finops serve` (which reads the policy's owner key). */
  async function dashboardOwners(): Promise<Row[]> {
    const serve = startCli(['serve', '--port', '0'], cwd);
    let log = '';
    serve.child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
    });
    try {
      await serve.waitFor(/finops dashboard on http:\/\/\S+\//);
      const origin = /finops dashboard on (http:\/\/\S+?)\//.exec(log)?.[1];
      const response = await fetch(`${origin}/api/tags?currency=USD&limit=100`);
      const body = (await response.json()) as { owners: Row[] };
      return body.owners;
    } finally {
      serve.child.kill('SIGTERM');
      await serve.done;
    }
  }

  it('is the same on the dashboard as finops showback --by cost_center, after allocation too', async () => {
    const compare = async () => {
      const report = (await finops('showback', '--by', 'cost_center')) as unknown as { rows: Row[] };
      const showback = report.rows.filter((r) => r.currency === 'USD');
      const owners = await dashboardOwners();
      expect(owners.map((r) => [r.owner, r.cost, r.shared])).toEqual(
        showback.map((r) => [r.owner, r.cost, r.shared]),
      );
      return owners;
    };
    const before = await compare();
    expect(before.map((r) => r.owner)).toContain('Unallocated');
    expect((await runCli(['allocate'], cwd)).code).toBe(0);
    const after = await compare();
    // The support pool went to the cost centers: shared cost appears on both, the same.
    expect(after.some((r) => Number(r.shared) > 0)).toBe(true);
  });
});

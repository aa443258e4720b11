/**
 * Given a warehouse with two months of AWS CUR in USD and two months of a Microsoft FOCUS export in EUR,
 * when a script asks the dashboard's JSON endpoints, then every figure equals the warehouse's own sums,
 * currencies stay apart, and filters are values, never SQL.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showback } from '../../src/govern/showback.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import {
  buildDashboardWarehouse,
  type DashboardWarehouse,
  focusSums,
  startTestDashboard,
  type TestDashboard,
} from './fixture.ts';

type Row = Record<string, unknown>;

let wh: DashboardWarehouse;
let d: TestDashboard;

beforeAll(async () => {
  wh = await buildDashboardWarehouse();
  d = await startTestDashboard(wh.dbPath);
}, 120_000);

afterAll(async () => {
  await d?.close();
  await wh?.remove();
});

/** Exact sums per (currency, period) from focus.costs, to two decimals as the dashboard shows them. */
async function periodTotals(where = 'true', params: Record<string, string> = {}) {
  const rows = await focusSums(
    wh.dbPath,
    `SELECT BillingCurrency AS currency, strftime(BillingPeriodStart, '%Y-%m') AS period,
            round(sum(BilledCost), 2)::DECIMAL(38,2)::VARCHAR AS billed,
            round(sum(EffectiveCost), 2)::DECIMAL(38,2)::VARCHAR AS effective
     FROM focus.costs WHERE ${where} GROUP BY ALL`,
    params,
  );
  return new Map(rows.map((r) => [`${r.currency} ${r.period}`, r]));
}

/** Cents of a decimal string, so sums of many values stay exact. */
function cents(value: unknown): bigint {
  const [whole = '0', fraction = ''] = String(value).replace('-', '').split('.');
  const c = BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
  return String(value).startsWith('-') ? -c : c;
}

describe('the overview', () => {
  it('shows the period against the one before, per provider, in one currency', async () => {
    const totals = await periodTotals();
    const { status, body } = await d.get('/api/overview?period=2024-02&currency=USD');
    expect(status).toBe(200);
    expect(body.currency).toBe('USD');
    expect(body.total.billed).toBe(totals.get('USD 2024-02')?.billed);
    expect(body.total.effective).toBe(totals.get('USD 2024-02')?.effective);
    expect(body.total.previousEffective).toBe(totals.get('USD 2024-01')?.effective);
    expect(body.providers.map((p: Row) => p.provider)).toEqual(['AWS']);
    expect(body.months.map((m: Row) => m.period ?? m.billingPeriod)).toHaveLength(2);
  });

  it('never adds euros to dollars', async () => {
    const totals = await periodTotals();
    const eur = await d.get('/api/overview?period=2024-01&currency=EUR');
    expect(eur.body.providers.map((p: Row) => p.provider)).toEqual(['Microsoft']);
    expect(eur.body.total.effective).toBe(totals.get('EUR 2024-01')?.effective);
    const meta = await d.get('/api/meta');
    expect(meta.body.currencies.map((c: Row) => c.code).sort()).toEqual(['EUR', 'USD']);
  });
});

describe('cost over time', () => {
  it('stacks days by service, and the points add up to the total and to the warehouse', async () => {
    const { body } = await d.get(
      '/api/costs/daily?groupBy=service&currency=USD&from=2024-01-01&to=2024-02-29',
    );
    const [expected] = await focusSums(
      wh.dbPath,
      `SELECT round(sum(EffectiveCost), 2)::DECIMAL(38,2)::VARCHAR AS e FROM focus.costs
       WHERE BillingCurrency = 'USD' AND ChargePeriodStart >= '2024-01-01' AND ChargePeriodStart < '2024-03-01'`,
    );
    expect(body.total).toBe(expected?.e);
    const pointSum = body.points.reduce((s: bigint, p: Row) => s + cents(p.cost), 0n);
    // Each point is rounded to the cent on its own: the sum may differ by a cent per point at most.
    expect(Number(pointSum - cents(body.total))).toBeLessThanOrEqual(body.points.length);
    expect(body.series.length).toBeGreaterThan(1);
    expect(new Set(body.points.map((p: Row) => p.day)).size).toBe(60);
  });

  it('filters by a bound value: a filter that is SQL text matches nothing and runs nothing', async () => {
    const aws = await d.get('/api/costs/daily?groupBy=region&currency=USD&provider=AWS');
    expect(aws.status).toBe(200);
    expect(aws.body.series.length).toBeGreaterThan(0);
    const injected = encodeURIComponent("AWS' OR '1'='1");
    const evil = await d.get(`/api/costs/daily?groupBy=region&currency=USD&provider=${injected}`);
    expect(evil.status).toBe(200);
    expect(evil.body.total).toBe('0.00');
    const byTag = await d.get(
      `/api/costs/daily?groupBy=${encodeURIComponent('tag:environment"; DROP TABLE x; --')}&currency=EUR`,
    );
    expect(byTag.status).toBe(200);
    expect(byTag.body.series.filter((s: Row) => s.key !== '(untagged)' && s.key !== null)).toEqual([]);
  });

  it('groups by a tag key', async () => {
    const { body } = await d.get(
      '/api/costs/daily?groupBy=tag:environment&currency=EUR&from=2024-01-01&to=2024-02-29',
    );
    const [tagged] = await focusSums(
      wh.dbPath,
      `SELECT round(sum(EffectiveCost), 2)::DECIMAL(38,2)::VARCHAR AS e FROM focus.costs
       WHERE BillingCurrency = 'EUR' AND (Tags->>'environment') = 'production'`,
    );
    const production = body.series.find((s: Row) => s.key === 'production');
    expect(production?.total).toBe(tagged?.e);
  });
});

describe('the other panels', () => {
  it('top movers are the change between two periods', async () => {
    const { body } = await d.get('/api/movers?period=2024-02&currency=USD&groupBy=service');
    expect(body.movers.length).toBeGreaterThan(0);
    for (const m of body.movers) expect(cents(m.current) - cents(m.previous)).toBe(cents(m.change));
  });

  it('commitment utilization is used against unused commitment cost', async () => {
    const { body } = await d.get('/api/commitments?period=2024-02&currency=USD');
    const [expected] = await focusSums(
      wh.dbPath,
      `SELECT round(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Used'), 2)::DECIMAL(38,2)::VARCHAR AS used,
              round(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Unused'), 2)::DECIMAL(38,2)::VARCHAR AS unused
       FROM focus.costs WHERE BillingCurrency = 'USD' AND strftime(BillingPeriodStart, '%Y-%m') = '2024-02'`,
    );
    expect(body.utilization.used).toBe(expected?.used);
    expect(body.utilization.unused).toBe(expected?.unused);
    expect(body.commitments.length).toBeGreaterThan(0);
  });

  it('data freshness is the ledger: every source and period, reconciled and validated', async () => {
    const { body } = await d.get('/api/freshness');
    expect(body.sources.map((s: Row) => s.sourceName).sort()).toEqual(['acme-cur', 'contoso']);
    const periods = body.loads.map((l: Row) => `${l.sourceName} ${l.period} ${l.status} ${l.aggregates}`);
    expect(periods.sort()).toEqual([
      'acme-cur 2024-01 succeeded current',
      'acme-cur 2024-02 succeeded current',
      'contoso 2024-01 succeeded current',
      'contoso 2024-02 succeeded current',
    ]);
    for (const load of body.loads) expect(load.validation).toMatchObject({ status: expect.any(String) });
  });

  it('anomalies say there are none yet instead of failing', async () => {
    const anomalies = await d.get('/api/anomalies');
    expect(anomalies.status).toBe(200);
    expect(anomalies.body.anomalies).toEqual([]);
  });

  it('tag compliance: spend by compliance, unallocated cost and owners, as the policy decided at load', async () => {
    const { status, body } = await d.get('/api/tags?period=2024-02&currency=USD');
    expect(status).toBe(200);
    expect(body.available).toBe(true);
    const period = `BillingCurrency = 'USD' AND strftime(BillingPeriodStart, '%Y-%m') = '2024-02'`;
    const byCompliance = await focusSums(
      wh.dbPath,
      `SELECT x_TagCompliance AS compliance, round(sum(EffectiveCost), 2)::DECIMAL(38,2)::VARCHAR AS cost
       FROM focus.costs WHERE ${period} GROUP BY ALL`,
    );
    const shown = Object.fromEntries(body.compliance.map((r: Row) => [r.compliance, r.cost]));
    expect(shown).toEqual(Object.fromEntries(byCompliance.map((r) => [r.compliance, r.cost])));
    const [unallocated] = await focusSums(
      wh.dbPath,
      `SELECT round(sum(EffectiveCost), 2)::DECIMAL(38,2)::VARCHAR AS cost FROM focus.costs
       WHERE ${period} AND x_Owner = 'Unallocated'`,
    );
    expect(body.unallocated.cost).toBe(unallocated?.cost);
    // Cost per owner is finops showback by the policy's owner key: the same function, the same figures.
    const w = await Warehouse.open({ path: wh.dbPath, readOnly: true });
    const back = await showback(w, { key: 'cost_center', period: '2024-02' }).finally(() => w.close());
    const usd = back.rows.filter((r) => r.currency === 'USD').slice(0, 10);
    expect(body.owners.map((r: Row) => [r.owner, r.cost, r.shared])).toEqual(
      usd.map((r) => [r.owner, r.cost, r.shared]),
    );
    expect(body.owners.map((r: Row) => r.owner)).toContain('Unallocated');
    expect(body.keys.map((k: Row) => k.key)).toContain('cost_center');
    expect(body.resources.length).toBeGreaterThan(0);
  });

  it('tag compliance in euros holds only the euro rows', async () => {
    const { body } = await d.get('/api/tags?period=2024-01&currency=EUR');
    expect(body.currency).toBe('EUR');
    // The Microsoft export carries no cost_center: all of it is unallocated.
    expect(body.compliance.map((r: Row) => r.compliance)).toEqual(['missing']);
    expect(body.owners.map((r: Row) => r.owner)).toEqual(['Unallocated']);
    expect(body.unallocated.share).toBe(1);
  });
});

describe('requests the dashboard refuses', () => {
  it('answers unknown parameters, endpoints and methods with a clear error', async () => {
    const unknown = await d.get('/api/costs/daily?by=service');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/unknown parameter "by"/);
    const badPeriod = await d.get('/api/overview?period=2024-13');
    expect(badPeriod.status).toBe(400);
    expect((await d.get('/api/nothing')).status).toBe(404);
    const post = await fetch(`${d.url}api/overview`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('answers only to localhost names without a token (DNS rebinding)', async () => {
    // fetch() will not send a Host header of our choosing; node:http does, as a rebound browser would.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = http.get(`${d.url}api/meta`, { headers: { Host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
    });
    expect(status).toBe(403);
  });

  it('serves the page with no outside sources', async () => {
    const page = await d.get('/');
    expect(page.status).toBe(200);
    expect(page.body).not.toMatch(/https?:\/\//);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });
});

describe('a dashboard beyond this machine', () => {
  it('will not start on another address without a token', async () => {
    await expect(startTestDashboard(wh.dbPath, { host: '0.0.0.0' })).rejects.toThrow(/needs a token/);
    // Another loopback address is often forwarded or shared: it needs a token too, as --help says.
    await expect(startTestDashboard(wh.dbPath, { host: '127.0.0.2' })).rejects.toThrow(/needs a token/);
  });

  it('requires the token on every request', async () => {
    const token = 'a-long-enough-test-token-123456';
    const open = await startTestDashboard(wh.dbPath, { host: '0.0.0.0', token });
    try {
      expect((await open.get('/api/meta')).status).toBe(401);
      expect((await open.get('/api/meta', { Authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(
        401,
      );
      expect((await open.get('/api/meta', { Authorization: `Bearer ${token}` })).status).toBe(200);
      const page = await open.get(`/?token=${token}`);
      expect(page.status).toBe(303);
      expect(page.headers.get('set-cookie')).toMatch(/finops_token=.*HttpOnly/);
      expect(page.headers.get('location')).toBe('/');
    } finally {
      await open.close();
    }
  });
});

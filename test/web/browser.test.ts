/**
 * Given a warehouse with AWS (USD) and Microsoft (EUR) costs, when a user opens the dashboard in a real
 * browser (Debian's headless Chromium driven by playwright-core), then the charts draw the warehouse's
 * totals, a filter changes them to the filtered totals, and nothing on the page errors. Screenshots go to
 * test-artifacts/web/ for a human to look at.
 *
 * Chromium is a system package (`apt-get install -y chromium`; .ci/run installs it). Without it the test
 * is skipped on a developer's machine and fails in CI, where it must run.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectAnomalies } from '../../src/detect/detect.ts';
import { withDefaults } from '../../src/detect/settings.ts';
import { storeFindings } from '../../src/detect/store.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import {
  addFocusExport,
  anomalousFocusCsv,
  buildDashboardWarehouse,
  type DashboardWarehouse,
  startTestDashboard,
  type TestDashboard,
} from './fixture.ts';

/** The page's document, as the functions run inside the browser see it (this project has no DOM types). */
declare const document: {
  getElementById(id: string): { dataset: Record<string, string | undefined> } | null;
};

const executablePath = process.env.FINOPS_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);
if (!haveChromium && process.env.CI) {
  throw new Error(`the browser test needs Chromium at ${executablePath} (apt-get install -y chromium)`);
}
const artifacts = path.resolve('test-artifacts/web');

let wh: DashboardWarehouse;
let d: TestDashboard;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

describe.skipIf(!haveChromium)('the dashboard in a browser', () => {
  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    wh = await buildDashboardWarehouse();
    // A third export with a spike, a level shift and new spend, and `finops anomalies` run over it all.
    await addFocusExport(wh, 'acme-focus', anomalousFocusCsv());
    const w = await Warehouse.open({ path: wh.dbPath });
    const settings = withDefaults({});
    const run = await detectAnomalies(w, settings, { since: '2024-01-22' });
    await storeFindings(w, settings, run.since);
    w.close();
    d = await startTestDashboard(wh.dbPath);
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    // Anything not from the dashboard itself would be a CDN or a leak: refuse it, and remember it.
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(d.url)) return route.continue();
      pageErrors.push(`outside request: ${route.request().url()}`);
      return route.abort();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
    await wh?.remove();
  });

  /** Opens a view and waits until the page has rendered it. */
  async function open(hash: string): Promise<void> {
    const before = await page.evaluate(() => document.getElementById('main')?.dataset.ready ?? '');
    await page.goto(`${d.url}${hash}`);
    await page.waitForFunction(
      (prev) => {
        const ready = document.getElementById('main')?.dataset.ready;
        return ready !== undefined && ready !== prev;
      },
      before,
      { timeout: 15_000 },
    );
  }

  async function waitForRender(action: () => Promise<void>): Promise<void> {
    const before = await page.evaluate(() => document.getElementById('main')?.dataset.ready ?? '');
    await action();
    await page.waitForFunction((prev) => document.getElementById('main')?.dataset.ready !== prev, before, {
      timeout: 15_000,
    });
  }

  it('the overview shows the period totals and draws both charts', async () => {
    await open('#/overview?period=2024-02&currency=USD');
    const api = (await d.get('/api/overview?period=2024-02&currency=USD')).body;
    const billed = await page.getAttribute('[data-testid="billed"]', 'data-value');
    const effective = await page.getAttribute('[data-testid="effective"]', 'data-value');
    expect(billed).toBe(api.total.billed);
    expect(effective).toBe(api.total.effective);
    expect(await page.locator('main svg path.line').count()).toBeGreaterThan(0);
    expect(await page.locator('main svg rect[data-value]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifacts, 'overview.png'), fullPage: true });
  });

  it('cost over time: the bars add up to the total, and a filter narrows them', async () => {
    await open('#/costs?currency=USD&groupBy=service&from=2024-01-01&to=2024-02-29');
    const all = await barsAndTotal();
    expect(all.total).toBe(
      (await d.get('/api/costs/daily?currency=USD&groupBy=service&from=2024-01-01&to=2024-02-29')).body.total,
    );
    expect(Math.abs(all.bars - Number(all.total))).toBeLessThan(0.01 * all.count);
    await page.screenshot({ path: path.join(artifacts, 'costs-all.png'), fullPage: true });

    const service = 'Amazon Elastic Compute Cloud';
    await waitForRender(() => page.selectOption('select[name="service"]', service).then(() => undefined));
    expect(page.url()).toContain('service=');
    const filtered = await barsAndTotal();
    const api = await d.get(
      `/api/costs/daily?currency=USD&groupBy=service&from=2024-01-01&to=2024-02-29&service=${encodeURIComponent(service)}`,
    );
    expect(filtered.total).toBe(api.body.total);
    expect(Number(filtered.total)).toBeLessThan(Number(all.total));
    expect(Number(filtered.total)).toBeGreaterThan(0);
    expect(Math.abs(filtered.bars - Number(filtered.total))).toBeLessThan(0.01 * filtered.count);
    await page.screenshot({ path: path.join(artifacts, 'costs-filtered.png'), fullPage: true });
  });

  it('switching the currency shows the euro costs on their own', async () => {
    await open('#/overview?period=2024-01&currency=USD');
    await waitForRender(() => page.selectOption('select[name="currency"]', 'EUR').then(() => undefined));
    const api = (await d.get('/api/overview?period=2024-01&currency=EUR')).body;
    expect(await page.getAttribute('[data-testid="effective"]', 'data-value')).toBe(api.total.effective);
    expect(await page.locator('[data-testid="providers"]').innerText()).toContain('Microsoft');
    expect(await page.locator('[data-testid="providers"]').innerText()).not.toContain('AWS');
    await page.screenshot({ path: path.join(artifacts, 'overview-eur.png'), fullPage: true });
  });

  it('the commitments, movers, freshness and tag compliance pages render their tables', async () => {
    for (const [hash, testId] of [
      ['#/commitments?currency=USD&period=2024-02', 'commitments'],
      ['#/movers?currency=USD&period=2024-02', 'movers'],
      ['#/tags?currency=USD&period=2024-02', 'compliance'],
      ['#/freshness', 'loads'],
    ] as const) {
      await open(hash);
      expect(await page.locator(`[data-testid="${testId}"] tbody tr`).count()).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(artifacts, `${testId}.png`), fullPage: true });
    }
    expect(await page.locator('[data-testid="loads"]').innerText()).toContain('acme-cur');
    await open('#/tags?period=2024-02&currency=USD');
    const api = (await d.get('/api/tags?currency=USD&period=2024-02')).body;
    expect(await page.getAttribute('[data-testid="unallocated"]', 'data-value')).toBe(api.unallocated.cost);
    expect(await page.locator('[data-testid="owners"]').innerText()).toContain('Unallocated');
  });

  it('the anomalies page shows each finding with its kind, a chart of its series and one status word', async () => {
    await open('#/anomalies?currency=USD');
    const api = (await d.get('/api/anomalies?currency=USD')).body;
    const rows = page.locator('[data-testid="anomalies"] tbody tr');
    expect(await rows.count()).toBe(api.anomalies.length);
    const acme = api.anomalies.filter((a: { provider: string }) => a.provider === 'Acme Cloud');
    expect(
      acme.map((a: { day: string; service_name: string; kind: string }) => [a.day, a.service_name, a.kind]),
    ).toEqual([
      ['2024-02-20', 'Compute', 'spike'],
      ['2024-02-15', 'Queue', 'new'],
      ['2024-02-12', 'Storage', 'level_shift'],
    ]);
    const text = await page.locator('[data-testid="anomalies"]').innerText();
    for (const word of ['spike', 'level shift', 'new spend']) expect(text).toContain(word);
    // Each finding of the forecast has a chart: the band, the actual line, and its day marked.
    for (const a of api.anomalies.filter((x: { kind: string }) => x.kind !== 'new')) {
      const marker = page.locator(`svg.band-chart circle.marker[data-day="${a.day}"]`);
      expect(await marker.count(), a.day).toBeGreaterThan(0);
    }
    expect(await page.locator('svg.band-chart polygon.band').count()).toBeGreaterThan(0);
    const spike = page.locator('svg.band-chart circle.marker[data-day="2024-02-20"]').first();
    expect(Number(await spike.getAttribute('data-value'))).toBeCloseTo(Number(acme[0].actual), 2);
    const statuses = await page.locator('[data-testid="anomalies"] td span.status').allInnerTexts();
    expect(statuses.every((w) => ['new', 'alerted', 'grouped', 'resolved'].includes(w))).toBe(true);
    await page.screenshot({ path: path.join(artifacts, 'anomalies.png'), fullPage: true });
  });

  it('had no script errors and asked nothing of the outside world', () => {
    expect(pageErrors).toEqual([]);
  });

  /** The chart's bars summed (each carries its value) and the total the page states. */
  async function barsAndTotal(): Promise<{ total: string | null; bars: number; count: number }> {
    const total = await page.getAttribute('[data-testid="total"]', 'data-value');
    const values = await page.$$eval('main figure svg rect[data-series]', (rects) =>
      rects.map((r) => Number(r.getAttribute('data-value'))),
    );
    return { total, bars: values.reduce((a, b) => a + b, 0), count: values.length };
  }
});

/**
 * The tag report on generated data loaded with a tag policy: spend by compliance adds up to the period,
 * the messy spellings of the sample are folded into the registry's keys and values, the worst keys
 * and offenders are listed; untagged spend over the threshold alerts a local Slack-compatible webhook,
 * a JSON webhook and an SMTP server, once; and `tags apply` re-applies a changed policy in place.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tagPolicySchema } from '../../src/config/govern.ts';
import { commitmentReport } from '../../src/govern/commitments.ts';
import { compileTagPolicy } from '../../src/govern/policy.ts';
import { reapplyTagPolicy } from '../../src/govern/reapply-tag-policy.ts';
import { showback } from '../../src/govern/showback.ts';
import { alertUntaggedSpend } from '../../src/govern/tag-alerts.ts';
import { tagReport, untaggedSpend } from '../../src/govern/tag-report.ts';
import { silentLogger } from '../../src/log.ts';
import { createSinks, sinksFor } from '../../src/notify/sinks.ts';
import type { TestWarehouse } from '../helpers/pipeline.ts';
import { startSmtpReceiver, startWebhookReceiver } from '../notify/receivers.ts';
import { loadGeneratedMonth, memoryWarehouse, samplePolicy } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => {
  wh?.warehouse.close();
  wh = undefined;
});

describe('tags report', () => {
  it('reports no period, without failing, before anything is loaded', async () => {
    const db = await memoryWarehouse();
    try {
      expect(await tagReport(db)).toMatchObject({ period: null, compliance: [], keys: [] });
      expect(await showback(db, { key: 'cost_center' })).toMatchObject({ period: null, rows: [] });
      expect(await commitmentReport(db)).toMatchObject({ period: null, commitments: [], expiring: [] });
    } finally {
      db.close();
    }
  });

  it('accounts for every cent of the period by compliance and names the keys that are wrong', async () => {
    wh = await loadGeneratedMonth();
    const db = wh.warehouse;
    const report = await tagReport(db, { metric: 'BilledCost' });
    expect(report.period).toBe('2024-01');
    expect(report.compliance.map((c) => c.compliance).sort()).toEqual(['compliant', 'invalid', 'missing']);
    const [spend] = untaggedSpend(report);
    const total = await db.one<{ t: string }>('SELECT sum(BilledCost)::VARCHAR AS t FROM focus.costs');
    expect(spend?.total).toBe(total?.t);
    expect(spend?.percent).toBeGreaterThan(20);
    // The sample's "CC 2040" breaks the pattern; "cc-1001" and "CC-3300 " fold into valid ones, "PLATFORM" too.
    expect(report.keys.map((k) => `${k.problem}:${k.key}`).sort()).toEqual([
      'invalid:cost_center',
      'missing:cost_center',
      'missing:environment',
    ]);
    const centers = await db.all<{ v: string }>(
      `SELECT DISTINCT x_NormalizedTags->>'cost_center' AS v FROM focus.costs WHERE x_TagCompliance = 'compliant' ORDER BY 1`,
    );
    expect(centers.map((c) => c.v)).toEqual(['CC-1001', 'CC-2040', 'CC-3300']);
    const delivered = await db.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM focus.costs WHERE Tags->>'cost_center' = 'cc-1001'`,
    );
    expect(delivered?.n).toBeGreaterThan(0);
    expect(report.resources.length).toBe(10);
    expect(report.resources[0]?.violations.length).toBeGreaterThan(0);
  });
});

describe('untagged spend alerts', () => {
  it('reach a Slack-compatible webhook, a JSON webhook and an SMTP server once per period', async () => {
    wh = await loadGeneratedMonth();
    const slack = await startWebhookReceiver();
    const hook = await startWebhookReceiver();
    const smtp = await startSmtpReceiver('finops', 'pa55');
    const sinks = sinksFor(
      createSinks(
        {
          timeout_seconds: 5,
          attempts: 2,
          sinks: [
            { type: 'slack', url: `${slack.url}/services/T/B/x` },
            { type: 'webhook', url: `${hook.url}/finops`, events: ['tags'] },
            { type: 'webhook', url: `${hook.url}/anomalies-only`, events: ['anomalies'] },
            {
              type: 'email',
              host: '127.0.0.1',
              port: smtp.port,
              require_tls: false,
              user: 'finops',
              password_env: 'SMTP_PASSWORD',
              from: 'finops@example.com',
              to: ['owners@example.com'],
            },
          ],
        },
        { env: { SMTP_PASSWORD: 'pa55' }, policy: { baseDelayMs: 5, maxDelayMs: 20 } },
      ),
      'tags',
    );
    const report = await tagReport(wh.warehouse);
    const outcomes = await alertUntaggedSpend(wh.warehouse, report, samplePolicy, sinks, silentLogger);
    expect(outcomes).toMatchObject([{ period: '2024-01', currency: 'USD', status: 'sent' }]);
    expect(slack.requests).toHaveLength(1);
    expect(JSON.stringify(slack.requests[0]?.body)).toContain('Untagged spend');
    expect(hook.requests.map((r) => r.path)).toEqual(['/finops']);
    expect(hook.requests[0]?.body).toMatchObject({ event: 'tags', severity: expect.any(String) });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.raw).toContain('missing cost_center');

    // Run again: every sink has it already, nothing is sent twice.
    await alertUntaggedSpend(wh.warehouse, report, samplePolicy, sinks, silentLogger);
    expect([slack.requests.length, hook.requests.length, smtp.mails.length]).toEqual([1, 1, 1]);
  });

  it('stay quiet below the threshold', async () => {
    wh = await loadGeneratedMonth();
    const lenient = { ...samplePolicy, alert: { maxUntaggedPercent: 99 } };
    const hook = await startWebhookReceiver();
    const sinks = createSinks({
      timeout_seconds: 5,
      attempts: 1,
      sinks: [{ type: 'webhook', url: hook.url }],
    });
    const outcomes = await alertUntaggedSpend(
      wh.warehouse,
      await tagReport(wh.warehouse),
      lenient,
      sinks,
      silentLogger,
    );
    expect(outcomes.map((o) => o.status)).toEqual(['below threshold']);
    expect(hook.requests).toHaveLength(0);
  });
});

describe('tags apply', () => {
  it('re-applies a changed policy to loaded periods without changing a row or a cent', async () => {
    wh = await loadGeneratedMonth(undefined, { rows: 1500 });
    const db = wh.warehouse;
    const before = await db.one<{ rows: number; cost: string; compliant: number }>(
      `SELECT count(*)::INTEGER AS rows, sum(BilledCost)::VARCHAR AS cost,
              count(*) FILTER (WHERE x_TagCompliance = 'compliant')::INTEGER AS compliant FROM focus.costs`,
    );
    // Only cost_center is required now, and any value goes: more rows comply.
    const loose = compileTagPolicy(tagPolicySchema.parse({ keys: { cost_center: { required: true } } }));
    const outcomes = await reapplyTagPolicy(db, loose);
    expect(outcomes).toEqual([{ table: 'focus.aws_cur_2024_01', period: '2024-01', rows: before?.rows }]);
    const after = await db.one<{ rows: number; cost: string; compliant: number }>(
      `SELECT count(*)::INTEGER AS rows, sum(BilledCost)::VARCHAR AS cost,
              count(*) FILTER (WHERE x_TagCompliance = 'compliant')::INTEGER AS compliant FROM focus.costs`,
    );
    expect(after?.rows).toBe(before?.rows);
    expect(after?.cost).toBe(before?.cost);
    expect(after?.compliant).toBeGreaterThan(before?.compliant ?? 0);
  });

  it('fills in periods loaded before any policy existed', async () => {
    wh = await loadGeneratedMonth(undefined, { rows: 1500 });
    const db = wh.warehouse;
    await db.run('ALTER TABLE focus.aws_cur_2024_01 DROP COLUMN x_Owner');
    await db.run('ALTER TABLE focus.aws_cur_2024_01 DROP COLUMN x_TagCompliance');
    await db.run('ALTER TABLE focus.aws_cur_2024_01 DROP COLUMN x_TagViolations');
    await db.run('ALTER TABLE focus.aws_cur_2024_01 DROP COLUMN x_NormalizedTags');
    const ungoverned = await tagReport(db);
    expect(ungoverned.compliance.map((c) => c.compliance)).toEqual(['ungoverned']);
    await reapplyTagPolicy(db, samplePolicy);
    const governed = await tagReport(db);
    expect(governed.compliance.map((c) => c.compliance).sort()).toEqual(['compliant', 'invalid', 'missing']);
  });
});

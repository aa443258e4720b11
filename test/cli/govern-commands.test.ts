/**
 * The governance commands as a user runs them: a config.toml with a tag policy and allocation rules,
 * `finops demo` loads generated AWS and Alibaba data under the policy, then `tags report`, `allocate`,
 * `showback`, `commitments` and `tags apply` read it back; a bad rule stops with the key and reason.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { startWebhookReceiver } from '../notify/receivers.ts';

const config = `
[govern.tags]
owner_key = "cost_center"
alert = { max_untagged_percent = 5 }

[govern.tags.keys.cost_center]
required = true
case = "upper"
pattern = "^CC-[0-9]{4}$"

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
name = "egress"
pool = { service = ["AWS Data Transfer"] }
method = "usage"
target_key = "cost_center"
usage = { service = ["Amazon Elastic Compute Cloud"] }
`;

const json = <T>(text: string): T => JSON.parse(text) as T;

describe('governance commands', () => {
  it('report tag compliance, allocate shared cost, show back by cost center and read commitments', async () => {
    const cwd = await tempDir('govern-cli');
    const hook = await startWebhookReceiver();
    const sink = `\n[[notify.sinks]]\ntype = "webhook"\nurl = "${hook.url}/finops"\n`;
    await writeFile(path.join(cwd, 'config.toml'), config + sink);
    const demo = await runCli(['demo', '--months', '1', '--rows', '800'], cwd);
    expect(demo.code, demo.stderr).toBe(0);

    const report = await runCli(['tags', 'report', '--notify', '--format', 'json'], cwd);
    expect(report.code, report.stderr).toBe(0);
    const tags = json<{
      period: string;
      compliance: { currency: string; compliance: string; cost: string }[];
    }>(report.stdout);
    expect(tags.period).toBe('2024-01');
    expect([...new Set(tags.compliance.map((c) => c.compliance))].sort()).toEqual([
      'compliant',
      'invalid',
      'missing',
    ]);
    // Untagged spend is over 5% in every currency: one alert each reached the JSON webhook.
    const currencies = new Set(tags.compliance.map((c) => c.currency));
    expect(hook.requests.map((r) => (r.body as { event: string }).event)).toEqual(
      [...currencies].map(() => 'tags'),
    );

    const allocate = await runCli(['allocate', '--period', '2024-01', '--format', 'json'], cwd);
    expect(allocate.code, allocate.stderr).toBe(0);
    const runs = json<
      { currency: string; billed_before: string; billed_after: string; split_rows: number }[]
    >(allocate.stdout);
    for (const run of runs) expect(run.billed_after, run.currency).toBe(run.billed_before);
    expect(runs.find((r) => r.currency === 'USD')?.split_rows).toBeGreaterThan(0);

    const showback = await runCli(
      ['showback', '--by', 'cost_center', '--period', '2024-01', '--billed', '--format', 'csv'],
      cwd,
    );
    expect(showback.code, showback.stderr).toBe(0);
    const lines = showback.stdout.trim().split('\n');
    expect(lines[0]).toBe('currency,cost_center,rows,cost,shared,percent');
    // Per currency (never summed together), the owners add up to the period's total.
    const totals = await runCli(
      [
        'query',
        '--format',
        'csv',
        `SELECT BillingCurrency, sum(BilledCost)::VARCHAR FROM focus.costs
         WHERE strftime(BillingPeriodStart, '%Y-%m') = '2024-01' GROUP BY 1 ORDER BY 1`,
      ],
      cwd,
    );
    const sums = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const [currency = '', , , cost = '0'] = line.split(',');
      sums.set(currency, addExact(sums.get(currency) ?? '0', cost));
    }
    const expected = totals.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect([...sums].sort()).toEqual(expected);
    expect(lines.map((l) => l.split(',')[1])).toContain('Unallocated');

    const commitments = await runCli(['commitments', '--as-of', '2024-11-01', '--format', 'json'], cwd);
    expect(commitments.code, commitments.stderr).toBe(0);
    const c = json<{
      commitments: { provider: string; type: string }[];
      expiring: { type: string; days_left: number }[];
    }>(commitments.stdout);
    // Every provider's commitments, from the same FOCUS columns; the CUR sample has a Savings Plan and an RI.
    const aws = c.commitments.filter((x) => x.provider === 'AWS').map((x) => x.type);
    expect(aws.sort()).toEqual(['Reserved Instance', 'Savings Plan']);
    expect(c.expiring).toMatchObject([{ type: 'Reserved Instance', days_left: 61 }]);

    const apply = await runCli(['tags', 'apply', '--format', 'csv'], cwd);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/focus\.aws_cur_2024_01,2024-01,\d+/);
  });

  it('stops on a rule whose shares do not sum to 100, naming the key', async () => {
    const cwd = await tempDir('govern-cli-bad');
    await writeFile(path.join(cwd, 'config.toml'), config.replace('"CC-3300" = 20', '"CC-3300" = 25'));
    const result = await runCli(['allocate'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('govern.allocation.rules.0.shares: the percentages sum to 105, not 100');
  });
});

/** Exact sum of decimal text (no floating point on money). */
function addExact(a: string, b: string): string {
  const scale = 18;
  const units = (s: string) => {
    const neg = s.startsWith('-');
    const [w = '0', f = ''] = s.replace('-', '').split('.');
    const v = BigInt(w + f.padEnd(scale, '0'));
    return neg ? -v : v;
  };
  const sum = units(a) + units(b);
  const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, '0');
  return `${sum < 0n ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

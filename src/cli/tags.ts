/**
 * `finops tags report`: tag compliance of a billing period (spend by compliance, the largest untagged
 * resources, accounts and services, the worst keys), and with --notify an alert when untagged spend
 * crosses the policy's threshold. `finops tags apply`: re-applies the current tag policy to loaded
 * periods in one transaction. The work is in src/govern; this file parses flags and prints.
 */
import type { Command } from 'commander';
import { FinopsError } from '../errors.ts';
import { loadGovernance } from '../govern/load-policy.ts';
import type { TagPolicy } from '../govern/policy.ts';
import { reapplyTagPolicy } from '../govern/reapply-tag-policy.ts';
import { alertUntaggedSpend, TAG_ALERT_KIND } from '../govern/tag-alerts.ts';
import { type CostMetric, type TagReport, tagReport } from '../govern/tag-report.ts';
import { createSinks, sinksFor } from '../notify/sinks.ts';
import type { Json } from '../warehouse/warehouse.ts';
import type { Context } from './context.ts';
import { waitSeconds } from './flags.ts';
import { type Column, defaultFormat, type Format, printTable, stdout, type Table } from './output.ts';
import { action } from './run.ts';

interface ReportFlags {
  period?: string;
  metric?: string;
  limit?: string;
  notify?: boolean;
  format?: string;
}

interface ApplyFlags {
  period?: string;
  wait?: string;
  format?: string;
}

export function registerTagsCommands(tags: Command): void {
  tags.addHelpText(
    'after',
    `
Examples:
  finops tags report --period 2024-03
  finops tags apply                # after changing [govern.tags] in config.toml`,
  );
  tags
    .command('report')
    .description('spend by tag compliance, top untagged resources, accounts and services, worst keys')
    .option('--period <YYYY-MM>', 'billing period (default: the newest)')
    .option('--metric <name>', 'EffectiveCost (default) or BilledCost')
    .option('--limit <n>', 'rows in each top list', '10')
    .option('--notify', 'alert the sinks of [[notify.sinks]] when untagged spend crosses [govern.tags.alert]')
    .option('--format <format>', 'table, csv, json or ndjson')
    .addHelpText(
      'after',
      `
Examples:
  finops tags report
  finops tags report --period 2024-03 --format json
  finops tags report --notify`,
    )
    .action(action<ReportFlags>(reportCommand));
  tags
    .command('apply')
    .description('re-apply the current tag policy to loaded periods (atomically; costs unchanged)')
    .option('--period <YYYY-MM>', 'only this billing period (default: every period)')
    .option('--wait <seconds>', 'wait this long for another process that holds the warehouse')
    .option('--format <format>', 'table, csv, json or ndjson')
    .addHelpText('after', '\nExamples:\n  finops tags apply\n  finops tags apply --period 2024-03')
    .action(action<ApplyFlags>(applyCommand));
}

function requirePolicy(ctx: Context): TagPolicy {
  const policy = loadGovernance(ctx.config, ctx.configFile).tags;
  if (!policy) {
    throw new FinopsError('no tag policy is configured', {
      kind: 'usage',
      hint: 'add [govern.tags] to config.toml (see config.toml.example)',
    });
  }
  return policy;
}

export function checkPeriod(flag: string, period?: string): string | undefined {
  if (period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
    throw new FinopsError(`${flag} must be YYYY-MM, not ${JSON.stringify(period)}`, { kind: 'usage' });
  }
  return period;
}

export function checkMetric(metric?: string): CostMetric | undefined {
  if (metric !== undefined && metric !== 'EffectiveCost' && metric !== 'BilledCost') {
    throw new FinopsError(`--metric must be EffectiveCost or BilledCost, not ${JSON.stringify(metric)}`, {
      kind: 'usage',
    });
  }
  return metric;
}

async function reportCommand(ctx: Context, flags: ReportFlags): Promise<number> {
  const format = defaultFormat(stdout, flags.format);
  const options = {
    period: checkPeriod('--period', flags.period),
    metric: checkMetric(flags.metric),
    limit: Number(flags.limit ?? 10),
  };
  if (!Number.isInteger(options.limit) || options.limit < 1) {
    throw new FinopsError('--limit must be a positive whole number', { kind: 'usage' });
  }
  const policy = flags.notify ? requirePolicy(ctx) : undefined;
  const sinks = policy
    ? sinksFor(createSinks(ctx.config.notify, { logger: ctx.logger }), TAG_ALERT_KIND)
    : [];
  if (policy && sinks.length === 0) {
    throw new FinopsError('--notify: no sink takes tag alerts', {
      kind: 'usage',
      hint: 'add a [[notify.sinks]] section (events = ["tags"] or no events) to config.toml',
    });
  }
  const w = policy ? await ctx.openWarehouse() : await ctx.openForReading();
  try {
    const report = await tagReport(w, options);
    let failed = 0;
    if (policy) {
      for (const o of await alertUntaggedSpend(w, report, policy, sinks, ctx.logger)) {
        ctx.logger.info(`${o.period} ${o.currency}: untagged ${o.percent}%: ${o.status}`);
        if (o.status === 'failed') failed++;
      }
    }
    printReport(report, format);
    return failed > 0 ? 1 : 0;
  } finally {
    w.close();
  }
}

function printReport(report: TagReport, format: Format): void {
  if (format === 'json') {
    stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  if (!report.period) {
    process.stderr.write('no cost data yet (try: finops demo)\n');
    return;
  }
  const sections = reportTables(report);
  if (format === 'table') {
    for (const [title, table] of sections) {
      stdout.write(`\n${title} (${report.period}, ${report.metric})\n`);
      printTable(table, format);
    }
    return;
  }
  // CSV and NDJSON: one long table, the section in the first column.
  const columns: Column[] = [
    { name: 'section' },
    { name: 'currency', kind: 'id' },
    { name: 'name', kind: 'id' },
    { name: 'label', kind: 'id' },
    { name: 'status' },
    { name: 'rows', kind: 'count' },
    { name: 'cost', kind: 'money' },
    { name: 'percent', kind: 'number' },
    { name: 'violations' },
  ];
  const rows = sections.flatMap(([title, t]) => {
    const at = (name: string) => t.columns.findIndex((c) => (typeof c === 'string' ? c : c.name) === name);
    return t.rows.map((r) => columns.map((c) => (c.name === 'section' ? title : (r[at(c.name)] ?? null))));
  });
  printTable({ columns, rows }, format);
}

const currency: Column = { name: 'currency', kind: 'id' };
const rowCount: Column = { name: 'rows', kind: 'count' };
const cost: Column = { name: 'cost', kind: 'money' };

function reportTables(report: TagReport): [string, Table][] {
  const offenders = (rows: TagReport['resources']): Table => ({
    columns: [
      currency,
      { name: 'name', kind: 'id' },
      { name: 'label', kind: 'id' },
      rowCount,
      cost,
      'violations',
    ],
    rows: rows.map((r): Json[] => [r.currency, r.name, r.label, r.rows, r.cost, r.violations.join(' ')]),
  });
  return [
    [
      'compliance',
      {
        columns: [currency, 'status', rowCount, cost, { name: 'percent', kind: 'number' }],
        rows: report.compliance.map((r) => [r.currency, r.compliance, r.rows, r.cost, r.percent]),
      },
    ],
    ['untagged resources', offenders(report.resources)],
    ['untagged accounts', offenders(report.accounts)],
    ['untagged services', offenders(report.services)],
    [
      'worst keys',
      {
        columns: [currency, { name: 'name', kind: 'id' }, 'status', rowCount, cost],
        rows: report.keys.map((k) => [k.currency, k.key, k.problem, k.rows, k.cost]),
      },
    ],
  ];
}

async function applyCommand(ctx: Context, flags: ApplyFlags): Promise<void> {
  const format = defaultFormat(stdout, flags.format);
  const policy = requirePolicy(ctx);
  const period = checkPeriod('--period', flags.period);
  const w = await ctx.openWarehouse({ waitSeconds: waitSeconds(flags.wait) });
  try {
    const outcomes = await reapplyTagPolicy(w, policy, { period });
    if (outcomes.length === 0) {
      process.stderr.write(`no loaded FOCUS periods${period ? ` for ${period}` : ''}\n`);
      return;
    }
    ctx.logger.info(`tag policy applied to ${outcomes.length} period table(s)`);
    const columns: Column[] = [
      { name: 'table', kind: 'id' },
      { name: 'period', kind: 'id' },
      { name: 'rows', kind: 'count' },
    ];
    printTable({ columns, rows: outcomes.map((o) => [o.table, o.period, o.rows]) }, format);
  } finally {
    w.close();
  }
}

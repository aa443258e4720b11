/**
 * `finops commitments`: utilization, coverage and savings of commitment discounts in a billing period,
 * and the commitments that end soon. The work is in src/govern/commitments.ts; this file prints.
 */
import type { Command } from 'commander';
import { FinopsError } from '../errors.ts';
import { type CommitmentReport, commitmentReport } from '../govern/commitments.ts';
import type { Json } from '../warehouse/warehouse.ts';
import type { Context } from './context.ts';
import { defaultFormat, type Format, printTable, stdout, type Table } from './output.ts';
import { action } from './run.ts';
import { checkPeriod } from './tags.ts';

interface CommitmentFlags {
  period?: string;
  asOf?: string;
  days: string;
  format?: string;
}

export function registerCommitmentsCommand(command: Command): void {
  command
    .option('--period <YYYY-MM>', 'billing period (default: the newest)')
    .option('--as-of <YYYY-MM-DD>', 'count expiry from this UTC day (default: today)')
    .option('--days <n>', 'expiring within this many days', '90')
    .option('--format <format>', 'table, csv, json or ndjson')
    .addHelpText(
      'after',
      '\nExamples:\n  finops commitments\n  finops commitments --period 2024-03 --format json\n  finops commitments --as-of 2024-12-01',
    )
    .action(action<CommitmentFlags>(commitmentsCommand));
}

async function commitmentsCommand(ctx: Context, flags: CommitmentFlags): Promise<void> {
  const format = defaultFormat(stdout, flags.format);
  const days = Number(flags.days);
  if (!Number.isInteger(days) || days < 0)
    throw new FinopsError('--days must be a whole number', { kind: 'usage' });
  if (flags.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(flags.asOf)) {
    throw new FinopsError(`--as-of must be YYYY-MM-DD, not ${JSON.stringify(flags.asOf)}`, { kind: 'usage' });
  }
  const w = await ctx.openForReading();
  try {
    const report = await commitmentReport(w, {
      period: checkPeriod('--period', flags.period),
      asOf: flags.asOf,
      withinDays: days,
    });
    print(report, format);
  } finally {
    w.close();
  }
}

function print(report: CommitmentReport, format: Format): void {
  if (format === 'json') {
    stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const sections = tables(report, format === 'table');
  if (format === 'table') {
    for (const [title, table] of sections) {
      stdout.write(`\n${title}\n`);
      printTable(table, format);
    }
    if (!report.expiryKnown) stdout.write('\n(no loaded data says when commitments end)\n');
    return;
  }
  // CSV and NDJSON: the commitments, one per row (the other sections are in --format json).
  printTable(sections[1]?.[1] ?? { columns: [], rows: [] }, format);
}

const pct = (n: number | null) => (n === null ? null : Math.round(n * 10000) / 100);

function tables(report: CommitmentReport, pretty: boolean): [string, Table][] {
  const period = report.period ?? '(no data)';
  return [
    [
      `commitments in ${period}`,
      {
        columns: [
          { name: 'currency', kind: 'id' },
          { name: 'used', kind: 'money' },
          { name: 'unused', kind: 'money' },
          { name: 'utilization_pct', kind: 'number' },
          { name: 'list_cost', kind: 'money' },
          // Savings the data cannot tell (no list prices to compare with): 'unknown' on a terminal, empty in CSV.
          { name: 'savings', kind: 'money', missing: 'unknown' },
          { name: 'savings_pct', kind: 'number' },
          { name: 'coverage_pct', kind: 'number' },
        ],
        rows: report.totals.map((t): Json[] => [
          t.currency,
          t.used,
          t.unused,
          pct(t.utilization),
          t.list_cost,
          t.savings,
          pct(t.savings_rate),
          pct(t.coverage),
        ]),
      },
    ],
    [
      `utilization by commitment (${period})`,
      {
        columns: [
          { name: 'provider', kind: 'id' },
          { name: 'currency', kind: 'id' },
          { name: 'id', kind: 'id' },
          { name: 'type', kind: 'id' },
          { name: 'used', kind: 'money' },
          { name: 'unused', kind: 'money' },
          { name: 'utilization_pct', kind: 'number' },
          { name: 'list_cost', kind: 'money' },
          { name: 'savings', kind: 'money', missing: 'unknown' },
          { name: 'purchased', kind: 'money' },
        ],
        rows: report.commitments.map((c): Json[] => [
          c.provider,
          c.currency,
          pretty ? (c.name ?? c.id) : c.id,
          c.type,
          c.used,
          c.unused,
          pct(c.utilization),
          c.list_cost,
          c.savings,
          c.purchased,
        ]),
      },
    ],
    [
      `coverage of eligible on-demand usage (${period}, at list cost)`,
      {
        columns: [
          { name: 'provider', kind: 'id' },
          { name: 'currency', kind: 'id' },
          { name: 'category', kind: 'id' },
          { name: 'covered', kind: 'money' },
          { name: 'on_demand', kind: 'money' },
          { name: 'coverage_pct', kind: 'number' },
        ],
        rows: report.coverage.map((c): Json[] => [
          c.provider,
          c.currency,
          c.category,
          c.covered,
          c.on_demand,
          pct(c.coverage),
        ]),
      },
    ],
    [
      `ending within ${report.withinDays} days of ${report.asOf}`,
      {
        columns: [
          { name: 'provider', kind: 'id' },
          { name: 'id', kind: 'id' },
          { name: 'type', kind: 'id' },
          { name: 'ends', kind: 'id' },
          { name: 'days_left', kind: 'count' },
        ],
        rows: report.expiring.map((e): Json[] => [
          e.provider,
          pretty ? (e.name ?? e.id) : e.id,
          e.type,
          e.ends,
          e.days_left,
        ]),
      },
    ],
  ];
}

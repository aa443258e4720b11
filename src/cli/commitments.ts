/**
 * `finops commitments`: utilization, coverage and savings of commitment discounts in a billing period,
 * and the commitments that end soon. The work is in src/govern/commitments.ts; this file prints.
 */
import type { Command } from 'commander';
import { money } from '../detect/present.ts';
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
  const amount = (v: string | null, currency: string) => (pretty && v !== null ? money(v, currency) : v);
  // Savings the data cannot tell (no list prices to compare with) say so on a terminal; CSV leaves them empty.
  const savings = (v: string | null, currency: string) =>
    pretty && v === null ? 'unknown' : amount(v, currency);
  const period = report.period ?? '(no data)';
  return [
    [
      `commitments in ${period}`,
      {
        columns: [
          'currency',
          'used',
          'unused',
          'utilization_pct',
          'list_cost',
          'savings',
          'savings_pct',
          'coverage_pct',
        ],
        rows: report.totals.map((t): Json[] => [
          t.currency,
          amount(t.used, t.currency),
          amount(t.unused, t.currency),
          pct(t.utilization),
          amount(t.list_cost, t.currency),
          savings(t.savings, t.currency),
          pct(t.savings_rate),
          pct(t.coverage),
        ]),
      },
    ],
    [
      `utilization by commitment (${period})`,
      {
        columns: [
          'provider',
          'currency',
          'id',
          'type',
          'used',
          'unused',
          'utilization_pct',
          'list_cost',
          'savings',
          'purchased',
        ],
        rows: report.commitments.map((c): Json[] => [
          c.provider,
          c.currency,
          pretty ? (c.name ?? c.id) : c.id,
          c.type,
          amount(c.used, c.currency),
          amount(c.unused, c.currency),
          pct(c.utilization),
          amount(c.list_cost, c.currency),
          savings(c.savings, c.currency),
          amount(c.purchased, c.currency),
        ]),
      },
    ],
    [
      `coverage of eligible on-demand usage (${period}, at list cost)`,
      {
        columns: ['provider', 'currency', 'category', 'covered', 'on_demand', 'coverage_pct'],
        rows: report.coverage.map((c): Json[] => [
          c.provider,
          c.currency,
          c.category,
          amount(c.covered, c.currency),
          amount(c.on_demand, c.currency),
          pct(c.coverage),
        ]),
      },
    ],
    [
      `ending within ${report.withinDays} days of ${report.asOf}`,
      {
        columns: ['provider', 'id', 'type', 'ends', 'days_left'],
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

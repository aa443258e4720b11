/**
 * `finops export cbf`: focus.costs to CloudZero as AnyCost Bucket file drops (Common Bill Format), and
 * `finops export cbf drops` to see a month's drops. `drops` is an argument, not a subcommand, so both
 * share one set of flags wherever they are written on the line.
 */
import type { Command } from 'commander';
import { usageError } from '../errors.ts';
import { listDrops, pruneDrops, revertMonth } from '../publish/cbf/drops.ts';
import { exportCbf } from '../publish/cbf/export.ts';
import { billingDataId, type CbfRoot, checkRoot, MAX_ROWS_PER_FILE } from '../publish/cbf/layout.ts';
import type { Context } from './context.ts';
import { s3Settings } from './flags.ts';
import { type Column, defaultFormat, type Format, printTable, stdout } from './output.ts';
import { action } from './run.ts';

interface CbfFlags {
  to: string;
  period?: string;
  start?: string;
  end?: string;
  provider?: string;
  currency?: string;
  empty?: boolean;
  revert?: string;
  keep?: string;
  force?: boolean;
  rowsPerFile: string;
  region?: string;
  endpoint?: string;
  format?: string;
}

export function registerExportCommands(group: Command): void {
  group.addHelpText(
    'after',
    `
Examples:
  finops export cbf --to s3://acme-cloudzero/finops
  finops export cbf drops --to s3://acme-cloudzero/finops --period 2024-03`,
  );
  group
    .command('cbf')
    .description(
      'publish focus.costs to CloudZero as AnyCost Bucket drops (Common Bill Format), month by month',
    )
    .argument('[drops]', '"drops": list the drops of the root (or of --period) and which is current')
    .requiredOption(
      '--to <location>',
      "the connection's root: s3://bucket/folder (never the bucket's root) or a folder",
    )
    .option('--period <YYYY-MM>', 'one billing month')
    .option('--start <YYYY-MM>', 'first billing month')
    .option('--end <YYYY-MM>', 'last billing month')
    .option('--provider <name>', 'only this provider (ServiceProviderName)')
    .option('--currency <code>', 'only this BillingCurrency (a drop holds one currency)')
    .option('--empty', 'publish an empty drop: removes the month(s) from CloudZero')
    .option('--revert <drop_id>', 'point --period back at an earlier drop')
    .option('--keep <n>', 'then remove all but the n newest drops of each month (never the current one)')
    .option('--force', 'make a new drop even when the data equals the current drop')
    .option(
      '--rows-per-file <n>',
      'rows per data file (CloudZero reads at most 1,000,000)',
      String(MAX_ROWS_PER_FILE),
    )
    .option('--region <region>', 'AWS region of the bucket')
    .option('--endpoint <url>', 'endpoint of an S3-compatible store')
    .option('--format <format>', 'table, csv, json or ndjson')
    .addHelpText(
      'after',
      `
Examples:
  finops export cbf --to s3://acme-cloudzero/finops                   # every month in the warehouse
  finops export cbf --to s3://acme-cloudzero/usd --currency USD       # a warehouse in several currencies:
  finops export cbf --to s3://acme-cloudzero/eur --currency EUR       #   one connection per currency
  finops export cbf --to s3://acme-cloudzero/finops --period 2024-03 --keep 3
  finops export cbf --to s3://acme-cloudzero/aws --provider AWS --start 2024-01 --end 2024-06
  finops export cbf drops --to s3://acme-cloudzero/finops --period 2024-03
  finops export cbf --to s3://acme-cloudzero/finops --period 2024-03 --revert 20240402T061500Z
  finops export cbf --to s3://acme-cloudzero/finops --period 2023-12 --empty   # remove a month
Layout: <root>/<YYYYMMDD-YYYYMMDD>/<drop_id>/cbf-NNNN.csv.gz, and <root>/<YYYYMMDD-YYYYMMDD>/manifest.json,
which moves to a new drop only after all its files are uploaded and verified.`,
    )
    .action(action<CbfFlags>(cbfCommand));
}

async function cbfCommand(ctx: Context, flags: CbfFlags, args: string[]): Promise<void> {
  const format = defaultFormat(stdout, flags.format);
  const what = args[0];
  if (what !== undefined && what !== 'drops') {
    throw usageError(`unknown argument ${JSON.stringify(what)}`, 'the only one is "drops"');
  }
  checkMonths(flags);
  const root = openRoot(ctx, flags);
  if (what === 'drops') return printDrops(root, flags, format);
  if (flags.revert !== undefined) return revert(ctx, root, flags, format);
  const w = flags.empty ? undefined : await ctx.openWarehouse({ readOnly: true });
  try {
    const outcomes = await ctx.progress.step(
      'export cbf',
      () =>
        exportCbf(
          w,
          {
            root,
            scope: {
              period: flags.period,
              start: flags.start,
              end: flags.end,
              provider: flags.provider,
              currency: flags.currency,
            },
            empty: flags.empty,
            force: flags.force,
            keep: flags.keep === undefined ? undefined : wholeNumber('--keep', flags.keep),
            rowsPerFile: wholeNumber('--rows-per-file', flags.rowsPerFile),
          },
          ctx.logger,
        ),
      () => ({ fraction: w?.statementProgress() }),
    );
    const rows = outcomes.map((o) => [
      o.period,
      o.billingDataId,
      o.status,
      o.dropId,
      o.previousDropId,
      o.rows,
      o.files,
      o.bytes,
      o.cost,
      o.currency,
      o.pruned.join(' ') || null,
    ]);
    const columns: Column[] = [
      { name: 'billing_period', kind: 'id' },
      { name: 'billing_data_id', kind: 'id' },
      { name: 'status' },
      { name: 'drop_id', kind: 'id' },
      { name: 'previous_drop_id', kind: 'id' },
      { name: 'rows', kind: 'count' },
      { name: 'files', kind: 'count' },
      { name: 'bytes', kind: 'bytes' },
      { name: 'cost', kind: 'money' },
      { name: 'currency', kind: 'id' },
      { name: 'pruned', kind: 'id' },
    ];
    printTable({ columns, rows }, format);
  } finally {
    w?.close();
  }
}

function checkMonths(flags: CbfFlags): void {
  for (const [flag, value] of [
    ['--period', flags.period],
    ['--start', flags.start],
    ['--end', flags.end],
  ] as const) {
    if (value !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) {
      throw usageError(`${flag} must be YYYY-MM, not ${JSON.stringify(value)}`);
    }
  }
  if (flags.period && (flags.start || flags.end))
    throw usageError('use --period, or --start/--end, not both');
  if (flags.start && flags.end && flags.start > flags.end) throw usageError('--start is after --end');
  if (flags.revert !== undefined && (!flags.period || flags.empty)) {
    throw usageError('--revert needs --period (one month) and no --empty');
  }
}

function openRoot(ctx: Context, flags: CbfFlags): CbfRoot {
  const root = ctx.openStore(flags.to, { s3: s3Settings(ctx.config, flags) });
  checkRoot(root);
  return root;
}

async function printDrops(root: CbfRoot, flags: CbfFlags, format: Format): Promise<void> {
  if (flags.empty || flags.revert !== undefined || flags.keep !== undefined || flags.force) {
    throw usageError('drops only lists; --empty, --revert, --keep and --force belong to an export');
  }
  const drops = await listDrops(root, flags.period);
  const rows = drops.map((d) => [
    d.period,
    d.dropId,
    d.current ? 'yes' : 'no',
    d.madeByFinops ? 'finops' : 'other',
    d.dataFiles,
    d.rows,
    d.bytes,
    d.cost,
    d.currency,
    d.createdAt,
  ]);
  const columns: Column[] = [
    { name: 'billing_period', kind: 'id' },
    { name: 'drop_id', kind: 'id' },
    { name: 'current' },
    { name: 'made_by' },
    { name: 'files', kind: 'count' },
    { name: 'rows', kind: 'count' },
    { name: 'bytes', kind: 'bytes' },
    { name: 'cost', kind: 'money' },
    { name: 'currency', kind: 'id' },
    { name: 'created_at', kind: 'time' },
  ];
  printTable({ columns, rows }, format);
}

async function revert(ctx: Context, root: CbfRoot, flags: CbfFlags, format: Format): Promise<void> {
  const period = flags.period as string;
  const { moved, previous } = await revertMonth(root, period, flags.revert as string, ctx.logger);
  const keep = flags.keep === undefined ? undefined : wholeNumber('--keep', flags.keep);
  const pruned = keep === undefined ? [] : await pruneDrops(root, billingDataId(period), keep, ctx.logger);
  const row = [
    period,
    billingDataId(period),
    moved ? 'reverted' : 'unchanged',
    flags.revert ?? null,
    previous,
  ];
  const columns = ['billing_period', 'billing_data_id', 'status', 'drop_id', 'previous_drop_id', 'pruned'];
  printTable({ columns, rows: [[...row, pruned.join(' ') || null]] }, format);
}

function wholeNumber(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw usageError(`${flag} must be a whole number, not ${JSON.stringify(text)}`);
  return Number(text);
}

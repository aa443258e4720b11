/**
 * `finops azure ...`: Azure Cost Management exports. `list-exports` shows each month's runs (which win,
 * which are superseded or skipped) and whether the warehouse holds that version; `import` loads the
 * months whose runs changed. Settings come from `[azure]` / `[azure.exports.<name>]` (src/config/azure.ts),
 * FINOPS_AZURE_* and these flags. `finops sample azure` is in azure-sample.ts.
 */
import type { Command } from 'commander';
import { type AzureTarget, resolveAzureTargets } from '../config/azure.ts';
import { errorMessage, FinopsError } from '../errors.ts';
import { formatBytes, formatCostTotals, formatValidation } from '../format.ts';
import type { AzureExportRef } from '../sources/azure/discover.ts';
import { importAzure, type MonthOutcome } from '../sources/azure/import.ts';
import { isBlockedMonth, planAzureImport } from '../sources/azure/plan.ts';
import { openStore } from '../stores/open-store.ts';
import type { Json, Warehouse } from '../warehouse/warehouse.ts';
import type { Context } from './context.ts';
import { reportFailures } from './failures.ts';
import { defaultFormat, printTable, stdout } from './output.ts';
import { action } from './run.ts';

interface Flags {
  source?: string;
  name?: string;
  export?: string[];
  account?: string;
  startDate?: string;
  endDate?: string;
  force?: boolean;
  dryRun?: boolean;
  wait?: string;
  format?: string;
}

const examples = `
Examples:
  AZURE_STORAGE_CONNECTION_STRING=... finops azure list-exports --source az://cost-exports/finops
  finops azure import --source az://cost-exports/finops --account acmebilling   # DefaultAzureCredential
  finops azure import --source ./exports --start-date 2024-01 --end-date 2024-03
  finops azure import --name ea-prod --force                                     # [azure.exports.ea-prod]`;

export function registerAzureCommands(azure: Command): void {
  withLocation(
    azure.command('list-exports').description("each month's export runs: which win, which are superseded"),
  )
    .addHelpText('after', examples)
    .action(action<Flags>(listCommand));
  withLocation(
    azure.command('import').description('import changed months into azure_billing and focus.costs'),
  )
    .option('--force', 'load every month again, even unchanged ones')
    .option('--dry-run', 'show what would be loaded, change nothing')
    .option('--wait <seconds>', 'wait this long for another process that holds the warehouse')
    .addHelpText('after', examples)
    .action(action<Flags>(importCommand));
}

function withLocation(command: Command): Command {
  return command
    .option('--source <location>', 'az://container/path or a local folder holding the exports')
    .option(
      '--name <name>',
      'a configured [azure.exports.<name>], or the ledger name for --source (default "azure")',
    )
    .option('--export <name...>', 'only these exports (their names in Cost Management)')
    .option('--account <name>', 'storage account, signed in with DefaultAzureCredential')
    .option('--start-date <YYYY-MM>', 'first month')
    .option('--end-date <YYYY-MM>', 'last month')
    .option('--format <format>', 'table, csv, json or ndjson');
}

function targetsOf(ctx: Context, flags: Flags): AzureTarget[] {
  return resolveAzureTargets(ctx.config.azure, {
    name: flags.name,
    source: flags.source,
    exports: flags.export,
    account: flags.account,
    start_date: flags.startDate,
    end_date: flags.endDate,
  });
}

function exportRef(ctx: Context, target: AzureTarget): AzureExportRef {
  const { store, prefix } = openStore(target.location, {
    azure: target.credentials,
    retry: ctx.retry,
    logger: ctx.logger,
  });
  return { store, prefix, exports: target.exports, startDate: target.startDate, endDate: target.endDate };
}

async function listCommand(ctx: Context, flags: Flags): Promise<void> {
  const format = defaultFormat(stdout, flags.format);
  const w = await ctx.openForReading();
  const rows: Json[][] = [];
  try {
    for (const target of targetsOf(ctx, flags)) rows.push(...(await listRows(w, ctx, target, format)));
  } finally {
    w.close();
  }
  const columns = ['source', 'billing_period', 'run', 'dataset', 'days', 'files', 'bytes', 'state'];
  printTable({ columns, rows }, format);
}

async function listRows(w: Warehouse, ctx: Context, target: AzureTarget, format: string): Promise<Json[][]> {
  const rows: Json[][] = [];
  for (const plan of await planAzureImport(exportRef(ctx, target), target.name, w)) {
    if (isBlockedMonth(plan)) {
      rows.push([
        target.name,
        plan.period.label,
        plan.manifestKey,
        null,
        null,
        0,
        0,
        `broken: ${errorMessage(plan.error)}`,
      ]);
      continue;
    }
    const state = plan.loadedVersion === plan.versionId ? 'loaded' : plan.loadedVersion ? 'changed' : 'new';
    for (const r of plan.runs) {
      const bytes = r.objects.reduce((n, o) => n + o.size, 0);
      rows.push([
        target.name,
        plan.period.label,
        `${r.run.exportName}/${r.run.runId}`,
        r.run.dataset,
        `${r.run.firstDay}..${r.run.lastDay}${r.excluded.length ? ' (newer runs replace some days)' : ''}`,
        r.objects.length,
        format === 'table' ? formatBytes(bytes) : bytes,
        state,
      ]);
    }
    for (const note of plan.notes)
      rows.push([target.name, plan.period.label, note, null, null, null, null, 'not used']);
  }
  return rows;
}

async function importCommand(ctx: Context, flags: Flags): Promise<number> {
  const format = defaultFormat(stdout, flags.format);
  const targets = targetsOf(ctx, flags);
  const wait = flags.wait === undefined ? undefined : Number(flags.wait);
  if (wait !== undefined && !(wait >= 0))
    throw new FinopsError('--wait takes a number of seconds', { kind: 'usage' });
  const w = flags.dryRun ? await ctx.openForReading() : await ctx.openWarehouse({ waitSeconds: wait });
  const outcomes: (MonthOutcome & { source: string })[] = [];
  try {
    for (const target of targets) {
      ctx.logger.info(`${target.name}: reading export manifests under ${target.location}`);
      const results = await importAzure(ctx.loadContext(w), {
        exp: exportRef(ctx, target),
        sourceName: target.name,
        location: target.location,
        force: flags.force,
        dryRun: flags.dryRun,
      });
      outcomes.push(...results.map((r) => ({ ...r, source: target.name })));
    }
  } finally {
    w.close();
  }
  printOutcomes(outcomes, format);
  return exitCodeOf(outcomes);
}

function printOutcomes(
  outcomes: (MonthOutcome & { source: string })[],
  format: ReturnType<typeof defaultFormat>,
) {
  const columns = [
    'source',
    'billing_period',
    'status',
    'runs',
    'files',
    'bytes',
    'rows',
    'billed_cost',
    'focus',
  ];
  const rows = outcomes.map((o) => [
    o.source,
    o.period,
    o.status,
    o.runs,
    o.files,
    format === 'table' ? formatBytes(o.bytes) : o.bytes,
    o.rows ?? null,
    o.costTotals ? formatCostTotals(o.costTotals) : null,
    formatValidation(o.validation),
  ]);
  printTable({ columns, rows }, format);
}

function exitCodeOf(outcomes: (MonthOutcome & { source: string })[]): number {
  return reportFailures(
    outcomes
      .filter((o) => o.status === 'failed')
      .map((f) => ({ unit: `${f.source} ${f.period}`, error: f.error })),
  );
}
